#pragma once
// The theme linker with its classifier: the taxonomy's lexicon plus a fastText model trained,
// reproducibly (one thread, fixed seed), from labelled example comments. Every consumer that
// links comments (lp-themes, the dashboard, the aggregator's relink) builds it the same way:
//
//   auto linker = lp::load_theme_linker("assets/themes/taxonomy.json");  // + examples.jsonl beside it
//   auto with_council = lp::load_theme_linker(path, council_corrections);  // extra labelled examples
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
/// instance a council's corrections), and builds the linker as build_theme_linker().
Result<Linker> load_theme_linker(const std::string& taxonomy_path, const std::vector<ThemeExample>& extra = {},
                                 LinkOptions options = {});

}  // namespace lp
