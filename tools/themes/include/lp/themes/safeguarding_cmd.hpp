#pragma once
// lp-themes subcommands for the safeguarding scan's second opinion (docs/safeguarding.md).
#include <iosfwd>
#include <string>
#include <vector>

namespace lp::themes {

/// $LP_ASSETS_DIR/safeguarding/examples.jsonl (else the assets directory baked in at build time).
std::string default_safeguarding_examples_path();
/// `safeguarding-cv [--folds N] TRAIN_FILE...`: held-out figures per threshold, one JSON line each.
int run_safeguarding_cv(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
/// `safeguarding-train [--examples FILE] --out FILE`: trains the model and writes it with its
/// fingerprint (the build writes build/safeguarding/model.bin this way).
int run_safeguarding_train(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
/// `safeguarding-bench [--seconds S] FILE`: comments/s, tokenising vs rules vs rules + model.
int run_safeguarding_bench(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace lp::themes
