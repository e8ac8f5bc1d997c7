#pragma once
// The linker a council's dashboard links comments with: the taxonomy's lexicon plus the fastText
// classifier trained on the shipped examples (assets/themes/examples.jsonl) and on the council's
// own corrections (DashboardStore::labelled_examples()), so a local word - the name of a local
// service - comes to mean its theme. Words the corrections tie to one theme and the shipped data
// does not know also join that theme's lexicon (council_words), so the link names them. Corrections are read from the council's store only and
// never written anywhere else.
//
//   auto linker = lp::dashboard::council_linker(assets + "/themes/taxonomy.json", store);
//   Indexer indexer(store, sets, *linker);   // or indexer.relink(*linker, batch)
//
// Training takes a second or two, so linkers are built once per process for the same taxonomy
// and the same corrections and shared (shared_ptr<const Linker>: link() is thread-safe).
#include <lp/dashboard/store.hpp>
#include <lp/shared/linker.hpp>
#include <lp/shared/result.hpp>
#include <lp/shared/theme_model.hpp>
#include <memory>
#include <string>
#include <vector>

namespace lp::dashboard {

/// The linker trained on the shipped examples beside taxonomy_path (no corrections), built once
/// per process per path.
Result<std::shared_ptr<const Linker>> shipped_linker(const std::string& taxonomy_path);

/// How many times each correction is trained on, beside each shipped example once.
inline constexpr int correction_repeats = 5;

/// A word of the council's own (a local service's name) that its corrections tie to one theme.
struct CouncilWord {
    std::string theme;
    std::string word;  // as the young people wrote it, lower case
    int comments = 0;  // corrected comments that contain it
};
inline constexpr int council_word_min_comments = 3;  // seen in at least this many corrected comments,
inline constexpr int council_word_max_shipped = 2;   // in at most this many shipped examples,
inline constexpr double council_word_weight = 4.0;   // and then a lexicon word of this weight (the
                                                     // model weighs 25: at 1.0 the name was outvoted)

/// Words of the corrected comments that the shipped examples hardly use and the lexicon does not
/// know, found in at least council_word_min_comments corrected comments of which 80 % carry the
/// same theme: they become lexicon words of that theme in the council's linker.
std::vector<CouncilWord> council_words(const Linker& lexical, const std::vector<ThemeExample>& shipped,
                                       const std::vector<ThemeExample>& corrections);

/// The linker trained on the shipped examples plus these corrections (each correction_repeats times); the shipped one when there
/// are none. The same corrections give the same (shared) linker within a process.
Result<std::shared_ptr<const Linker>> linker_with_corrections(const std::string& taxonomy_path,
                                                              const std::vector<ThemeExample>& corrections);

/// The council's corrections as training examples: labelled_examples() parsed. A comment whose
/// every link a manager removed has no theme and teaches nothing, so it is left out.
Result<std::vector<ThemeExample>> council_corrections(DashboardStore& store);

/// linker_with_corrections(taxonomy_path, council_corrections(store)).
Result<std::shared_ptr<const Linker>> council_linker(const std::string& taxonomy_path, DashboardStore& store);

}  // namespace lp::dashboard
