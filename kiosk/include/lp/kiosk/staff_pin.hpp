#pragma once
// Staff PIN checks with lockout: 5 wrong tries lock staff mode for 5 minutes. The lockout is
// kept in a small file so pulling the plug does not reset it.
#include <cstdint>
#include <string>

namespace lp::kiosk {

struct PinPolicy {
    int max_tries = 5;
    std::int64_t lockout_s = 300;
    std::size_t min_digits = 4;
    std::size_t max_digits = 8;
};

enum class PinOutcome { ok, wrong, locked, not_set, malformed };
const char* to_string(PinOutcome o) noexcept;

struct PinCheck {
    PinOutcome outcome = PinOutcome::wrong;
    int tries_left = 0;
    std::int64_t locked_until = 0;  // unix seconds, when locked
};

/// True when the PIN is all digits and of an allowed length.
bool pin_well_formed(const std::string& pin, const PinPolicy& policy = {});

class PinGuard {
public:
    /// state_path: where failures are remembered ("" keeps them in memory only).
    explicit PinGuard(std::string state_path, PinPolicy policy = {});
    /// Checks a PIN against an argon2id hash at `now` (unix seconds). Slow (argon2id): call off
    /// the UI thread. While locked, the PIN is not even checked.
    PinCheck check(const std::string& hash, const std::string& pin, std::int64_t now);
    bool locked(std::int64_t now) const noexcept { return locked_until_ > now; }
    std::int64_t locked_until() const noexcept { return locked_until_; }
    int failures() const noexcept { return failures_; }
    const PinPolicy& policy() const noexcept { return policy_; }

private:
    void load();
    void store() const;
    std::string state_path_;
    PinPolicy policy_;
    int failures_ = 0;
    std::int64_t locked_until_ = 0;
};

}  // namespace lp::kiosk
