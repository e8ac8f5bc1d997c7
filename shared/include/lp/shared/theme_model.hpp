#pragma once
// The theme linker with its classifier: the taxonomy's lexicon plus a fastText model trained,
// reproducibly (one thread, fixed seed), from labelled example comments. Every consumer that
// links comments (lp-themes, the dashboard, the aggregator's relink) builds it the same way:
//
//   auto linker = lp::load_theme_linker("assets/themes/taxonomy.json");  // + examples.jsonl beside it
//   auto with_council = lp::load_theme_linker(path, council_corrections);  // extra labelled examples
//
// The shipped model is trained once, at build time (`lp-themes train`, build/themes/classifier.bin),
// and loaded when its fingerprint matches the taxonomy and examples; otherwise it is trained on load.
//
// Link with lp::text_classifier.
#include <lp/shared/linker.hpp>
#include <lp/shared/result.hpp>
#include <lp/shared/text_classifier.hpp>
#include <string>
#include <vector>

namespace lp {

/// A comment labelled with theme ids (a training line, or a manager's correction).
struct ThemeExample {
    std::string text;
    std::vector<std::string> themes;
};

/// Reads JSON lines {"text", "themes": [ids]}; lines without themes are skipped. invalid_input
/// names the first bad line (1-based).
Result<std::vector<ThemeExample>> parse_theme_examples(const std::string& jsonl);

/// The examples file that sits beside a taxonomy file: <dir>/examples.jsonl.
std::string examples_path_for(const std::string& taxonomy_path);

/// Builds the lexicon linker and, when there are examples, trains a classifier on them (examples
/// naming a theme the taxonomy lacks keep only the known themes) and adds it as the linker's scorer.
Result<Linker> build_theme_linker(Taxonomy taxonomy, const std::vector<ThemeExample>& examples,
                                  LinkOptions options = {}, const ClassifierOptions& classifier = {});

/// Loads a taxonomy file and the examples beside it (when present), adds `extra` examples (for
/// instance a council's corrections), and builds the linker as build_theme_linker(). Without
/// extra examples, a model trained at build time from the same taxonomy and examples (see
/// theme_model_paths()) is loaded instead of training one; with them, the model is trained here.
Result<Linker> load_theme_linker(const std::string& taxonomy_path, const std::vector<ThemeExample>& extra = {},
                                 LinkOptions options = {});

/// What a shipped model is trained from, as a hex sha256 of the taxonomy's and the examples'
/// bytes and the classifier's options: a model whose fingerprint differs is never used.
std::string theme_model_fingerprint(const std::string& taxonomy_text, const std::string& examples_text,
                                    const ClassifierOptions& classifier = {});

/// Trains the classifier from a taxonomy and the examples beside it and writes it to out_path
/// (fastText .bin) with its fingerprint in out_path + ".sha256" (`lp-themes train`, run by the
/// build). invalid_input when there are no examples; io_error names a path it cannot write.
Status write_theme_model(const std::string& taxonomy_path, const std::string& out_path);

/// Where load_theme_linker() looks for a build-time model, in order: classifier.bin beside the
/// taxonomy (an installed package), then the build tree's (LP_THEME_MODEL_PATH, set by CMake).
std::vector<std::string> theme_model_paths(const std::string& taxonomy_path);

}  // namespace lp
