#pragma once
// Small-group suppression and the matrix's status words: pure functions, unit-tested.
#include <cstdint>
#include <string>
#include <vector>

namespace lp::dashboard {

/// True when a figure built from n responses must not be shown (n < min_group, min_group ≥ 3).
bool suppressed(std::int64_t n, int min_group);
/// "fewer than 5" (with the configured size) for suppressed groups, else the number.
std::string count_text(std::int64_t n, int min_group);
/// The words shown instead of a suppressed figure, e.g. "fewer than 5".
std::string fewer_than(int min_group);

/// What the inspectors said about a theme, from the kinds of its findings.
enum class Stance { positive, negative, neutral };
/// positive when strengths outnumber improvements, negative when improvements do, else neutral.
Stance stance_of(const std::vector<std::string>& finding_kinds);

/// What young people say compared with the inspectors: "Young people agree", "Mixed",
/// "Young people disagree" or "Not enough answers yet" (suppressed groups). A mean score
/// ≥ 0.6 reads as positive, ≤ 0.4 as negative, anything between as mixed.
std::string status_word(Stance stance, double mean_score, std::int64_t responses, int min_group);

/// Mean score as a whole percentage ("63%").
std::string percent(double share);

}  // namespace lp::dashboard
