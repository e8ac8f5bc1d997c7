#include <algorithm>
#include <cctype>
#include <ctime>
#include <lp/client/backoff.hpp>
#include <string>

namespace lp::sync {

std::int64_t backoff_ceiling_ms(const BackoffPolicy& policy, int attempt) {
    if (attempt < 1) attempt = 1;
    std::int64_t ceiling = std::max<std::int64_t>(policy.base_ms, 1);
    // Doubling stops at the cap, so the shift never overflows however many attempts failed.
    for (int i = 1; i < attempt && ceiling < policy.cap_ms; ++i) ceiling *= 2;
    return std::min(ceiling, policy.cap_ms);
}

std::int64_t backoff_delay_ms(const BackoffPolicy& policy, int attempt, std::uint32_t random) {
    const std::int64_t ceiling = backoff_ceiling_ms(policy, attempt);
    return static_cast<std::int64_t>(random % static_cast<std::uint64_t>(ceiling + 1));
}

std::optional<std::int64_t> parse_retry_after_s(std::string_view header, std::int64_t now_unix) {
    while (!header.empty() && std::isspace(static_cast<unsigned char>(header.front()))) header.remove_prefix(1);
    while (!header.empty() && std::isspace(static_cast<unsigned char>(header.back()))) header.remove_suffix(1);
    if (header.empty()) return std::nullopt;
    if (std::all_of(header.begin(), header.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) {
        if (header.size() > 9) return std::int64_t{999999999};
        return std::stoll(std::string(header));
    }
    // HTTP-date, e.g. "Wed, 21 Oct 2015 07:28:00 GMT".
    std::tm tm{};
    const std::string text(header);
    const char* end = strptime(text.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm);
    if (end == nullptr || *end != '\0') return std::nullopt;
    const std::int64_t at = static_cast<std::int64_t>(timegm(&tm));
    return std::max<std::int64_t>(0, at - now_unix);
}

}  // namespace lp::sync
