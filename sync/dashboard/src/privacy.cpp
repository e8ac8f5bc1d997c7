#include <algorithm>
#include <cmath>
#include <lp/dashboard/config.hpp>
#include <lp/dashboard/privacy.hpp>

namespace lp::dashboard {

bool suppressed(std::int64_t n, int min_group) { return n < std::max(min_group, min_group_floor); }

std::string fewer_than(int min_group) { return "fewer than " + std::to_string(std::max(min_group, min_group_floor)); }

std::string count_text(std::int64_t n, int min_group) {
    return suppressed(n, min_group) ? fewer_than(min_group) : std::to_string(n);
}

Stance stance_of(const std::vector<std::string>& finding_kinds) {
    int strengths = 0;
    int improvements = 0;
    for (const auto& k : finding_kinds) {
        if (k == "strength") ++strengths;
        if (k == "improvement") ++improvements;
    }
    if (strengths > improvements) return Stance::positive;
    if (improvements > strengths) return Stance::negative;
    return Stance::neutral;
}

std::string status_word(Stance stance, double mean_score, std::int64_t responses, int min_group) {
    if (suppressed(responses, min_group)) return "Not enough answers yet";
    const bool positive = mean_score >= 0.6;
    const bool negative = mean_score <= 0.4;
    if (stance == Stance::neutral || (!positive && !negative)) return "Mixed";
    const bool agree = (stance == Stance::positive && positive) || (stance == Stance::negative && negative);
    return agree ? "Young people agree" : "Young people disagree";
}

std::string percent(double share) {
    return std::to_string(static_cast<long long>(std::lround(std::clamp(share, 0.0, 1.0) * 100))) + "%";
}

}  // namespace lp::dashboard
