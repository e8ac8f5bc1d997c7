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
// The classifier is two models (ThemeModelOptions): both are trained, saved and loaded together.
//
// Link with lp::text_classifier.
#include <lp/shared/linker.hpp>
#include <lp/shared/result.hpp>
#include <lp/shared/text_classifier.hpp>
#include <string>
#include <vector>

namespace lp {

/// The linker's classifier: two fastText models trained on the same examples. A one-vs-all model
/// says which themes a comment holds (a probability per theme, independent of the others); a
/// softmax model, whose probabilities share 1 across themes, says which theme comes first. The
/// scorer's probability for a theme is p_one_vs_all + softmax_share x p_softmax, so the softmax
/// model mostly orders the themes the one-vs-all model already found.
///
/// Chosen by leave-one-writer-out evaluation on the training files (docs/themes.md): trained
/// without one blind writer's comments and scored on them, averaged over the three writers;
/// never on the evaluation split. Against one one-vs-all model of dim 20 / 20 epochs (micro F1
/// 0.746 with LinkOptions' weight 25), dim 50 / 30 epochs gave 0.747 and the softmax member at
/// share 0.2 0.757 (top-1 0.765 -> 0.791); shares 0.1 / 0.3 / 0.4 / 0.7 gave 0.750 / 0.748 /
/// 0.743 / 0.735 (with dim 20); the softmax model alone 0.706 (too few second themes).
struct ThemeModelOptions {
    ClassifierOptions one_vs_all{50, 30};
    ClassifierOptions softmax{50, 30, 0.5, 2, 20000, true};
    double softmax_share = 0.2;  // 0: the one-vs-all model alone (one file)
};

/// Every option as text: part of a shipped model's fingerprint.
std::string describe(const ThemeModelOptions& options);

/// The models' label for a comment with no theme; no taxonomy id can take it (ids are a-z0-9-).
inline constexpr const char* kNoThemeLabel = "_none";

/// A comment labelled with theme ids (a training line, or a manager's correction); no ids: none.
struct ThemeExample {
    std::string text;
    std::vector<std::string> themes;
};

/// Reads JSON lines {"text", "themes": [ids], "safeguarding"?}; "themes": [] is a comment labelled
/// with no theme (the models learn it as kNoThemeLabel), unless it discloses harm; lines without
/// "themes" are skipped. invalid_input names the first bad line (1-based).
Result<std::vector<ThemeExample>> parse_theme_examples(const std::string& jsonl);

/// The examples file that sits beside a taxonomy file: <dir>/examples.jsonl.
std::string examples_path_for(const std::string& taxonomy_path);

/// Builds the lexicon linker and, when there are examples, trains the classifier's models on them
/// (examples naming a theme the taxonomy lacks keep only the known themes) and adds it as the
/// linker's scorer.
Result<Linker> build_theme_linker(Taxonomy taxonomy, const std::vector<ThemeExample>& examples,
                                  LinkOptions options = {}, const ThemeModelOptions& model = {});

/// Loads a taxonomy file and the examples beside it (when present), adds `extra` examples (for
/// instance a council's corrections), and builds the linker as build_theme_linker(). Without
/// extra examples, a model trained at build time from the same taxonomy and examples (see
/// theme_model_paths()) is loaded instead of training one; with them, the model is trained here.
Result<Linker> load_theme_linker(const std::string& taxonomy_path, const std::vector<ThemeExample>& extra = {},
                                 LinkOptions options = {});

/// What a shipped model is trained from, as a hex sha256 of the taxonomy's and the examples'
/// bytes and the classifier's options: a model whose fingerprint differs is never used.
std::string theme_model_fingerprint(const std::string& taxonomy_text, const std::string& examples_text,
                                    const ThemeModelOptions& model = {});

/// Where the softmax member of a model saved at `path` lives: classifier.bin -> classifier.softmax.bin.
std::string theme_softmax_model_path(const std::string& path);

/// Trains the classifier from a taxonomy and the examples beside it and writes its models to
/// out_path (one-vs-all) and theme_softmax_model_path(out_path) (fastText .bin), with their
/// fingerprint in out_path + ".sha256" (`lp-themes train`, run by the build). invalid_input when
/// there are no examples; io_error names a path it cannot write.
Status write_theme_model(const std::string& taxonomy_path, const std::string& out_path);

/// Where load_theme_linker() looks for a build-time model, in order: classifier.bin beside the
/// taxonomy (an installed package), then the build tree's (LP_THEME_MODEL_PATH, set by CMake).
/// Each path's softmax member sits beside it; a model is used only when all its members load.
std::vector<std::string> theme_model_paths(const std::string& taxonomy_path);

}  // namespace lp
