#include <lp/dashboard/auth.hpp>
#include <lp/shared/crypto.hpp>
#include <lp/shared/json_util.hpp>

#include <chrono>

namespace lp::dashboard {

namespace {
/// Session writes are skipped when the last one is this recent (fewer writes per page view).
constexpr std::int64_t touch_every_s = 30;
/// Idle and too old sessions are swept at most this often.
constexpr std::int64_t sweep_every_s = 300;
/// How long a login waits for a password-check slot before answering busy.
constexpr auto check_slot_wait = std::chrono::seconds(3);
}  // namespace

Auth::Auth(aggregator::Store& managers, DashboardStore& store, const DashboardConfig& config)
    : managers_(managers), store_(store), config_(config), dummy_hash_(crypto::hash_password("not a real password")) {}

std::string Auth::token_hash(const std::string& token) { return crypto::sha256_hex(token); }

std::string Auth::stamp_of(const aggregator::Manager& m) {
    return crypto::sha256_hex(m.password_hash + "\n" + m.role + "\n" + to_json_list(m.sites)).substr(0, 32);
}

bool Auth::csrf_ok(const Session& session, const std::string& submitted) {
    return !submitted.empty() && !session.csrf.empty() && crypto::constant_time_equal(session.csrf, submitted);
}

bool Auth::acquire_check_slot() {
    std::unique_lock<std::mutex> lock(checks_mutex_);
    if (!checks_free_.wait_for(lock, check_slot_wait, [&] { return checks_running_ < config_.max_password_checks; }))
        return false;
    ++checks_running_;
    int peak = peak_checks_.load();
    while (checks_running_ > peak && !peak_checks_.compare_exchange_weak(peak, checks_running_)) {
    }
    return true;
}

void Auth::release_check_slot() {
    {
        std::lock_guard<std::mutex> lock(checks_mutex_);
        --checks_running_;
    }
    checks_free_.notify_one();
}

LoginOutcome Auth::login(const std::string& user, const std::string& password, const std::string& address,
                         std::int64_t now) {
    LoginOutcome out;
    auto locked = [&](const LoginAttempt& a) {
        out.kind = LoginOutcome::Kind::locked_out;
        out.retry_after_s = a.locked_until - now;
        return out;
    };
    // Per address first, whatever the user name: random names cannot dodge the limit.
    const std::string address_key = "address " + address;
    auto by_address = store_.count_login_attempt(address_key, now, config_.max_login_attempts_per_address,
                                                 config_.lockout_s);
    if (!by_address) {
        out.message = by_address.error().message;
        return out;
    }
    if (!by_address->allowed) return locked(*by_address);
    const std::string user_key = user + " from " + address;
    auto by_user = store_.count_login_attempt(user_key, now, config_.max_login_failures, config_.lockout_s);
    if (!by_user) {
        out.message = by_user.error().message;
        return out;
    }
    if (!by_user->allowed) return locked(*by_user);
    // One audit row when a lock starts, none per guess.
    if (by_address->locks_now)
        (void)store_.audit({now, user, "login locked out",
                            address + ": " + std::to_string(config_.max_login_attempts_per_address) +
                                " attempts from this address"});
    if (by_user->locks_now) (void)store_.audit({now, user, "login locked out", address});

    auto manager = managers_.find_manager(user);
    if (!manager) {
        out.message = manager.error().message;
        return out;
    }
    const bool known = manager->has_value();
    if (!acquire_check_slot()) {
        out.kind = LoginOutcome::Kind::busy;
        out.retry_after_s = 5;
        return out;
    }
    const bool good = crypto::verify_password(known ? (*manager)->password_hash : dummy_hash_, password) && known;
    release_check_slot();
    if (!good) {
        const LoginAttempt& lock = by_user->locks_now ? *by_user : *by_address;
        if (lock.locks_now) return locked(lock);
        out.kind = LoginOutcome::Kind::bad_credentials;
        return out;
    }
    (void)store_.set_login_state(user_key, LoginState{});
    (void)store_.set_login_state(address_key, LoginState{});
    out.token = crypto::to_hex(crypto::random_bytes(32));
    out.session = Session{user, (*manager)->role, crypto::to_hex(crypto::random_bytes(32)), now, now,
                          stamp_of(**manager), (*manager)->sites};
    if (auto s = store_.create_session(token_hash(out.token), out.session); !s) {
        out.message = s.error().message;
        out.token.clear();
        return out;
    }
    (void)store_.audit({now, user, "login", (*manager)->role});
    out.kind = LoginOutcome::Kind::ok;
    return out;
}

void Auth::sweep(std::int64_t now) {
    last_sweep_.store(now);
    (void)store_.expire_sessions(now - config_.idle_timeout_s, now - config_.session_lifetime_s);
}

std::optional<Session> Auth::session(const std::string& token, std::int64_t now) {
    if (token.size() != 64) return std::nullopt;
    if (now - last_sweep_.load() >= sweep_every_s) sweep(now);
    const std::string hash = token_hash(token);
    auto found = store_.find_session(hash);
    if (!found || !found->has_value()) return std::nullopt;
    Session s = **found;
    auto end = [&](const std::string& why) -> std::optional<Session> {
        (void)store_.delete_session(hash);
        (void)store_.audit({now, s.user, why, ""});
        return std::nullopt;
    };
    if (now - s.last_seen > config_.idle_timeout_s) return end("session timed out");
    if (now - s.created_at > config_.session_lifetime_s) return end("session reached its time limit");
    auto manager = managers_.find_manager(s.user);
    if (!manager) return std::nullopt;  // cannot check the account: refuse, keep the session
    if (!manager->has_value()) return end("session ended: account removed");
    if (stamp_of(**manager) != s.stamp) return end("session ended: account changed");
    s.role = (*manager)->role;
    s.sites = (*manager)->sites;
    if (now - s.last_seen >= touch_every_s) {
        (void)store_.touch_session(hash, now);
        s.last_seen = now;
    }
    return s;
}

void Auth::logout(const std::string& token, std::int64_t now) {
    const std::string hash = token_hash(token);
    auto found = store_.find_session(hash);
    if (found && found->has_value()) (void)store_.audit({now, (*found)->user, "logout", ""});
    (void)store_.delete_session(hash);
}

}  // namespace lp::dashboard
