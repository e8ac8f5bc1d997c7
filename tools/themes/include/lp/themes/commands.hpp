#pragma once
// The lp-themes subcommands as functions over streams, so tests can run them without a process.
// Each returns the process exit code: 0 ok, 1 input it could not use, 2 usage error.
// Usage errors and --help are thrown to run(), which prints the message or the usage.
#include <iosfwd>
#include <string>
#include <vector>

namespace lp::themes {

/// Where the taxonomy is found when --taxonomy is not given: $LP_ASSETS_DIR/themes/taxonomy.json,
/// else the assets directory baked in at build time.
std::string default_taxonomy_path();

/// `import --authority NAME [--date YYYY-MM-DD] [--out FILE] [--taxonomy FILE] FILE...`
int run_import(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
/// `link [--catalogue FILE] [--taxonomy FILE]`: one comment per stdin line -> one JSON line.
int run_link(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);
/// `eval [--taxonomy FILE] FILE`: precision/recall/F1 and safeguarding recall/false-positive rate.
int run_eval(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
/// `bench [--taxonomy FILE] [--seconds S] FILE`: one JSON line of texts/s for tokenising (the
/// baseline), linking, scanning, and both, with the ratios to the baseline.
int run_bench(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
/// Dispatches argv (without the program name) to a subcommand; handles --help and --version.
int run(const std::vector<std::string>& args, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace lp::themes
