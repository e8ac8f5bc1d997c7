#pragma once
// Manager logins and sessions: argon2id passwords (aggregator Store managers), lockout after
// repeated failures, sessions kept in the DashboardStore (so several instances share them)
// with an idle timeout, and a CSRF token per session.
#include <lp/aggregator/store.hpp>
#include <lp/dashboard/config.hpp>
#include <lp/dashboard/store.hpp>
#include <optional>
#include <string>

namespace lp::dashboard {

struct LoginOutcome {
    enum class Kind { ok, bad_credentials, locked_out, failed };
    Kind kind = Kind::failed;
    std::string token;  // ok: the session cookie value (only its hash is stored)
    Session session;
    std::int64_t retry_after_s = 0;  // locked_out
    std::string message;             // failed
};

class Auth {
public:
    Auth(aggregator::Store& managers, DashboardStore& store, const DashboardConfig& config);

    /// Checks a password; counts failures per user name (known or not) and client address, and
    /// locks that pair out for lockout_s after max_login_failures in a row: someone guessing
    /// from elsewhere cannot lock a manager out. Logs the attempt in the audit log.
    LoginOutcome login(const std::string& user, const std::string& password, const std::string& address,
                       std::int64_t now);
    /// The live session of a cookie value, refreshed; nullopt when unknown or idle too long
    /// (an idle session is deleted).
    std::optional<Session> session(const std::string& token, std::int64_t now);
    /// Ends a session (logout).
    void logout(const std::string& token, std::int64_t now);

    /// Constant-time check of a submitted CSRF token against the session's.
    static bool csrf_ok(const Session& session, const std::string& submitted);
    /// Hash under which session tokens are stored.
    static std::string token_hash(const std::string& token);

private:
    aggregator::Store& managers_;
    DashboardStore& store_;
    DashboardConfig config_;
    std::string dummy_hash_;  // verified for unknown users so timing does not reveal names
};

}  // namespace lp::dashboard
