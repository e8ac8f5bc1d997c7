#pragma once
// Manager logins and sessions: argon2id passwords (aggregator Store managers), lockout after
// repeated failures (per user name and address, and per address alone), a cap on password
// checks running at once, sessions kept in the DashboardStore (so several instances share
// them) with an idle timeout and an absolute lifetime, ended when the account changes, and a
// CSRF token per session.
#include <lp/aggregator/store.hpp>
#include <lp/dashboard/config.hpp>
#include <lp/dashboard/store.hpp>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>

namespace lp::dashboard {

struct LoginOutcome {
    enum class Kind { ok, bad_credentials, locked_out, busy, failed };  // busy: too many password checks at once
    Kind kind = Kind::failed;
    std::string token;  // ok: the session cookie value (only its hash is stored)
    Session session;
    std::int64_t retry_after_s = 0;  // locked_out
    std::string message;             // failed
};

class Auth {
public:
    Auth(aggregator::Store& managers, DashboardStore& store, const DashboardConfig& config);

    /// Checks a password. Attempts are counted atomically in the store before the (slow) check,
    /// per user name (known or not) and client address, locked for lockout_s after
    /// max_login_failures in a row (someone guessing from elsewhere cannot lock a manager out),
    /// and per address alone after max_login_attempts_per_address (random user names do not
    /// escape). A locked attempt costs no password check. At most max_password_checks run at
    /// once; others wait briefly, then get busy. The audit log gets logins and lockouts only,
    /// so a flood of guesses cannot push real events off the audit page.
    LoginOutcome login(const std::string& user, const std::string& password, const std::string& address,
                       std::int64_t now);
    /// The live session of a cookie value, refreshed, with the account's current role and sites;
    /// nullopt (and the session deleted) when unknown, idle too long, older than the session
    /// lifetime, or when the account was removed or its password, role or sites changed.
    std::optional<Session> session(const std::string& token, std::int64_t now);
    /// Deletes every idle or too old session (also done every few minutes by session()).
    void sweep(std::int64_t now);
    /// The most password checks that ran at once since this Auth was made.
    int peak_password_checks() const { return peak_checks_.load(); }
    /// What a session must match: a hash of the account's password hash, role and sites.
    static std::string stamp_of(const aggregator::Manager& manager);
    /// Ends a session (logout).
    void logout(const std::string& token, std::int64_t now);

    /// Constant-time check of a submitted CSRF token against the session's.
    static bool csrf_ok(const Session& session, const std::string& submitted);
    /// Hash under which session tokens are stored.
    static std::string token_hash(const std::string& token);

private:
    /// Waits up to a few seconds for a password-check slot; false when none came free.
    bool acquire_check_slot();
    void release_check_slot();

    aggregator::Store& managers_;
    DashboardStore& store_;
    DashboardConfig config_;
    std::string dummy_hash_;  // verified for unknown users so timing does not reveal names
    std::mutex checks_mutex_;
    std::condition_variable checks_free_;
    int checks_running_ = 0;
    std::atomic<int> peak_checks_{0};
    std::atomic<std::int64_t> last_sweep_{0};
};

}  // namespace lp::dashboard
