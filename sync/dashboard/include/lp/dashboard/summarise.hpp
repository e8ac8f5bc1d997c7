#pragma once
// The summary arithmetic of one indexing batch, done once for both stores: which theme and
// value cells a batch of indexed responses adds to, and by how much. Stores only write the
// cells this returns (SQLite row by row, PostgreSQL as one JSON recordset).
#include <lp/dashboard/store.hpp>

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace lp::dashboard {

/// An answer counts as negative below the middle of its scale (scores run 0..1).
constexpr double negative_below = 0.5;
inline bool is_negative(double score) noexcept { return score < negative_below; }

struct ThemeCellKey {
    std::string theme, month, site, age_band, question_set;
    bool operator<(const ThemeCellKey& o) const {
        return std::tie(theme, month, site, age_band, question_set) <
               std::tie(o.theme, o.month, o.site, o.age_band, o.question_set);
    }
};
struct ThemeCell {
    std::int64_t responses = 0, answers = 0, negatives = 0, comments = 0;
    double score_sum = 0;
};
struct ValueCellKey {
    std::string question_set, question, month, site, age_band, value;
    bool operator<(const ValueCellKey& o) const {
        return std::tie(question_set, question, month, site, age_band, value) <
               std::tie(o.question_set, o.question, o.month, o.site, o.age_band, o.value);
    }
};

/// (response pk, theme) links the linker may not write: removed by a manager, or already there.
using BlockedLinks = std::set<std::pair<std::int64_t, std::string>>;

struct BatchSummary {
    std::map<ThemeCellKey, ThemeCell> themes;
    std::map<ValueCellKey, std::int64_t> values;
};

/// Adds up a batch: per theme cell the responses, answers, score sum, negatives and linked
/// comments (blocked links not counted); per value cell the number of answers with that value.
BatchSummary summarise(const std::vector<const IndexedResponse*>& batch, const BlockedLinks& blocked);

}  // namespace lp::dashboard
