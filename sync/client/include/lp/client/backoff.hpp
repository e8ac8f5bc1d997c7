#pragma once
// Retry timing: exponential backoff with full jitter, and the server's Retry-After.
#include <cstdint>
#include <optional>
#include <string_view>

namespace lp::sync {

struct BackoffPolicy {
    std::int64_t base_ms = 2000;           // first retry waits up to this
    std::int64_t cap_ms = 15 * 60 * 1000;  // never wait longer than 15 minutes
};

/// Upper bound of the wait before retry number `attempt` (1-based): min(cap, base * 2^(attempt-1)).
std::int64_t backoff_ceiling_ms(const BackoffPolicy& policy, int attempt);

/// Full jitter: a wait drawn uniformly from [0, ceiling] using `random` (any 32-bit value).
std::int64_t backoff_delay_ms(const BackoffPolicy& policy, int attempt, std::uint32_t random);

/// Parses a Retry-After header (delta seconds or an HTTP date) into seconds from `now_unix`;
/// nullopt when absent or malformed. Negative dates give 0.
std::optional<std::int64_t> parse_retry_after_s(std::string_view header, std::int64_t now_unix);

}  // namespace lp::sync
