#include <lp/dashboard/auth.hpp>
#include <lp/shared/crypto.hpp>

namespace lp::dashboard {

namespace {
/// Session writes are skipped when the last one is this recent (fewer writes per page view).
constexpr std::int64_t touch_every_s = 30;
}  // namespace

Auth::Auth(aggregator::Store& managers, DashboardStore& store, const DashboardConfig& config)
    : managers_(managers), store_(store), config_(config), dummy_hash_(crypto::hash_password("not a real password")) {}

std::string Auth::token_hash(const std::string& token) { return crypto::sha256_hex(token); }

bool Auth::csrf_ok(const Session& session, const std::string& submitted) {
    return !submitted.empty() && !session.csrf.empty() && crypto::constant_time_equal(session.csrf, submitted);
}

LoginOutcome Auth::login(const std::string& user, const std::string& password, const std::string& address,
                         std::int64_t now) {
    LoginOutcome out;
    const std::string attempts_key = user + " from " + address;
    auto state = store_.login_state(attempts_key);
    if (!state) {
        out.message = state.error().message;
        return out;
    }
    if (state->locked_until > now) {
        out.kind = LoginOutcome::Kind::locked_out;
        out.retry_after_s = state->locked_until - now;
        (void)store_.audit({now, user, "login locked out", address});
        return out;
    }
    auto manager = managers_.find_manager(user);
    if (!manager) {
        out.message = manager.error().message;
        return out;
    }
    const bool known = manager->has_value();
    const bool good = crypto::verify_password(known ? (*manager)->password_hash : dummy_hash_, password) && known;
    if (!good) {
        LoginState next = *state;
        if (++next.failures >= config_.max_login_failures) {
            next.failures = 0;
            next.locked_until = now + config_.lockout_s;
        }
        (void)store_.set_login_state(attempts_key, next);
        (void)store_.audit({now, user, "login failed", address + (next.locked_until > now ? ", locked out" : "")});
        out.kind = next.locked_until > now ? LoginOutcome::Kind::locked_out : LoginOutcome::Kind::bad_credentials;
        out.retry_after_s = next.locked_until > now ? next.locked_until - now : 0;
        return out;
    }
    (void)store_.set_login_state(attempts_key, LoginState{});
    out.token = crypto::to_hex(crypto::random_bytes(32));
    out.session = Session{user, (*manager)->role, crypto::to_hex(crypto::random_bytes(32)), now, now};
    if (auto s = store_.create_session(token_hash(out.token), out.session); !s) {
        out.message = s.error().message;
        out.token.clear();
        return out;
    }
    (void)store_.audit({now, user, "login", (*manager)->role});
    out.kind = LoginOutcome::Kind::ok;
    return out;
}

std::optional<Session> Auth::session(const std::string& token, std::int64_t now) {
    if (token.size() != 64) return std::nullopt;
    const std::string hash = token_hash(token);
    auto found = store_.find_session(hash);
    if (!found || !found->has_value()) return std::nullopt;
    Session s = **found;
    if (now - s.last_seen > config_.idle_timeout_s) {
        (void)store_.delete_session(hash);
        (void)store_.audit({now, s.user, "session timed out", ""});
        return std::nullopt;
    }
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
