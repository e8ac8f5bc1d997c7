// Logins and sessions: argon2id, lockout, idle timeout, CSRF, logout.
#include <doctest/doctest.h>

#include <lp/dashboard/auth.hpp>
#include <lp/shared/crypto.hpp>

#include <algorithm>
#include <thread>
#include <vector>

#include "dashboard_test_support.hpp"

using namespace lp;
using namespace lp::dashboard;

namespace {

struct AuthFixture {
    dashtest::Fixture fx;
    DashboardConfig config;
    std::unique_ptr<Auth> auth;
    AuthFixture() {
        REQUIRE(fx.agg->upsert_manager({"alice", crypto::hash_password("correct horse battery"), "manager", 1}));
        REQUIRE(fx.agg->upsert_manager({"victor", crypto::hash_password("viewer password 1"), "viewer", 1}));
        config.max_login_failures = 3;
        config.lockout_s = 600;
        config.idle_timeout_s = 1800;
        auth = std::make_unique<Auth>(*fx.agg, *fx.dash, config);
    }
};

}  // namespace

TEST_CASE("a right password opens a session kept in the store, a wrong one does not") {
    AuthFixture f;
    auto bad = f.auth->login("alice", "wrong", "192.0.2.1", 1000);
    CHECK(bad.kind == LoginOutcome::Kind::bad_credentials);
    CHECK(bad.token.empty());
    auto unknown = f.auth->login("mallory", "whatever", "192.0.2.1", 1000);
    CHECK(unknown.kind == LoginOutcome::Kind::bad_credentials);
    auto ok = f.auth->login("alice", "correct horse battery", "192.0.2.1", 1000);
    REQUIRE(ok.kind == LoginOutcome::Kind::ok);
    CHECK(ok.token.size() == 64);
    CHECK(ok.session.role == "manager");
    auto s = f.auth->session(ok.token, 1010);
    REQUIRE(s);
    CHECK(s->user == "alice");
    // Only the hash is stored: the token itself opens nothing when looked up directly.
    CHECK_FALSE(f.fx.dash->find_session(ok.token).value().has_value());
    auto viewer = f.auth->login("victor", "viewer password 1", "192.0.2.1", 1000);
    REQUIRE(viewer.kind == LoginOutcome::Kind::ok);
    CHECK(viewer.session.role == "viewer");
}

TEST_CASE("repeated failures lock the name out from that address, even for the right password, until the lockout ends") {
    AuthFixture f;
    CHECK(f.auth->login("alice", "x1", "192.0.2.1", 1000).kind == LoginOutcome::Kind::bad_credentials);
    CHECK(f.auth->login("alice", "x2", "192.0.2.1", 1001).kind == LoginOutcome::Kind::bad_credentials);
    auto third = f.auth->login("alice", "x3", "192.0.2.1", 1002);
    CHECK(third.kind == LoginOutcome::Kind::locked_out);
    CHECK(third.retry_after_s == 600);
    auto locked = f.auth->login("alice", "correct horse battery", "192.0.2.1", 1100);
    CHECK(locked.kind == LoginOutcome::Kind::locked_out);
    CHECK(locked.token.empty());
    // Someone guessing from another address does not lock alice out where she is.
    CHECK(f.auth->login("alice", "correct horse battery", "198.51.100.7", 1100).kind == LoginOutcome::Kind::ok);
    CHECK(f.auth->login("alice", "correct horse battery", "192.0.2.1", 1603).kind == LoginOutcome::Kind::ok);
    bool logged = false;
    auto log = f.fx.dash->audit_log(50);
    REQUIRE(log);
    for (const auto& e : *log) logged = logged || e.action == "login locked out";
    CHECK(logged);
}

TEST_CASE("an idle session expires and logout ends a session") {
    AuthFixture f;
    auto ok = f.auth->login("alice", "correct horse battery", "192.0.2.1", 1000);
    REQUIRE(ok.kind == LoginOutcome::Kind::ok);
    CHECK(f.auth->session(ok.token, 1000 + 1700));  // used: idle clock restarts
    CHECK(f.auth->session(ok.token, 1000 + 1700 + 1700));
    CHECK_FALSE(f.auth->session(ok.token, 1000 + 3400 + 1801));
    CHECK_FALSE(f.auth->session(ok.token, 1000 + 3400 + 1802));  // deleted, not just refused
    auto again = f.auth->login("alice", "correct horse battery", "192.0.2.1", 9000);
    f.auth->logout(again.token, 9001);
    CHECK_FALSE(f.auth->session(again.token, 9002));
    CHECK_FALSE(f.auth->session("not a token", 9002));
}

TEST_CASE("CSRF tokens must match the session's exactly") {
    Session s{"alice", "manager", "abc123", 0, 0};
    CHECK(Auth::csrf_ok(s, "abc123"));
    CHECK_FALSE(Auth::csrf_ok(s, "abc124"));
    CHECK_FALSE(Auth::csrf_ok(s, ""));
    Session empty{"alice", "manager", "", 0, 0};
    CHECK_FALSE(Auth::csrf_ok(empty, ""));
}

TEST_CASE("finding 2: parallel wrong guesses are all counted: the lockout cannot be raced") {
    AuthFixture f;  // max_login_failures = 3
    constexpr int guesses = 12;
    std::vector<LoginOutcome::Kind> kinds(guesses);
    std::vector<std::string> messages(guesses);
    std::vector<std::thread> threads;
    for (int i = 0; i < guesses; ++i)
        threads.emplace_back([&, i] {
            auto out = f.auth->login("alice", "wrong " + std::to_string(i), "192.0.2.9", 1000);
            kinds[i] = out.kind;
            messages[i] = out.message;
        });
    for (auto& t : threads) t.join();
    // When this fails under load, say what each guess got (a store error would show here).
    std::string outcomes;
    for (int i = 0; i < guesses; ++i)
        outcomes += "guess " + std::to_string(i) + ": kind " + std::to_string(static_cast<int>(kinds[i])) + " " +
                    messages[i] + "\n";
    INFO(outcomes);
    const auto bad = std::count(kinds.begin(), kinds.end(), LoginOutcome::Kind::bad_credentials);
    const auto locked = std::count(kinds.begin(), kinds.end(), LoginOutcome::Kind::locked_out);
    // Only the first max_login_failures - 1 guesses are answered "wrong"; the rest are locked out.
    CHECK(bad == f.config.max_login_failures - 1);
    CHECK(locked == guesses - bad);
    CHECK(f.auth->login("alice", "correct horse battery", "192.0.2.9", 1001).kind == LoginOutcome::Kind::locked_out);
}

TEST_CASE("finding 3: a password or role change, or a removed account, ends open sessions at once") {
    AuthFixture f;
    auto a = f.auth->login("alice", "correct horse battery", "192.0.2.1", 1000);
    auto b = f.auth->login("alice", "correct horse battery", "192.0.2.1", 1000);
    auto v = f.auth->login("victor", "viewer password 1", "192.0.2.1", 1000);
    REQUIRE(a.kind == LoginOutcome::Kind::ok);
    REQUIRE(b.kind == LoginOutcome::Kind::ok);
    REQUIRE(v.kind == LoginOutcome::Kind::ok);
    CHECK(f.auth->session(a.token, 1010));
    // A password reset ends both of alice's sessions.
    REQUIRE(f.fx.agg->upsert_manager({"alice", crypto::hash_password("a new long password"), "manager", 1}));
    CHECK_FALSE(f.auth->session(a.token, 1020));
    CHECK_FALSE(f.auth->session(b.token, 1020));
    // A role change (viewer made manager) ends victor's.
    CHECK(f.auth->session(v.token, 1020));
    auto victor = f.fx.agg->find_manager("victor").value().value();
    victor.role = "manager";
    REQUIRE(f.fx.agg->upsert_manager(victor));
    CHECK_FALSE(f.auth->session(v.token, 1030));
    // The new password opens a session; the stored row of the old one is gone, not just refused.
    auto c = f.auth->login("alice", "a new long password", "192.0.2.1", 1040);
    REQUIRE(c.kind == LoginOutcome::Kind::ok);
    CHECK(f.auth->session(c.token, 1050));
    CHECK_FALSE(f.fx.dash->find_session(Auth::token_hash(a.token)).value().has_value());
}

TEST_CASE("finding 3: a session ends after its absolute lifetime even when used, and old sessions are swept") {
    AuthFixture f;  // the default lifetime: 12 hours
    auto a = f.auth->login("alice", "correct horse battery", "192.0.2.1", 1000);
    auto idle = f.auth->login("victor", "viewer password 1", "192.0.2.1", 1000);
    REQUIRE(a.kind == LoginOutcome::Kind::ok);
    REQUIRE(idle.kind == LoginOutcome::Kind::ok);
    std::int64_t t = 1000;
    for (; t < 1000 + 12 * 3600; t += 1500) REQUIRE_MESSAGE(f.auth->session(a.token, t), t);  // used all day
    CHECK_FALSE(f.auth->session(a.token, 1000 + 12 * 3600 + 1));
    // victor's session was never used again: the sweep deletes it without anyone presenting it.
    CHECK(f.fx.dash->find_session(Auth::token_hash(idle.token)).value().has_value() == false);
}

TEST_CASE("finding 8: random user names from one address are limited per address and do not flood the audit log") {
    AuthFixture f;  // max_login_attempts_per_address = 20 (default)
    int locked = 0;
    for (int i = 0; i < 40; ++i) {
        auto o = f.auth->login("user" + std::to_string(i), "guess", "203.0.113.5", 2000 + i);
        if (o.kind == LoginOutcome::Kind::locked_out) ++locked;
    }
    CHECK(locked >= 20);
    // The address is locked for everyone, even a real manager with the right password...
    CHECK(f.auth->login("alice", "correct horse battery", "203.0.113.5", 2100).kind == LoginOutcome::Kind::locked_out);
    // ...but not elsewhere.
    CHECK(f.auth->login("alice", "correct horse battery", "198.51.100.1", 2100).kind == LoginOutcome::Kind::ok);
    auto log = f.fx.dash->audit_log(1000);
    REQUIRE(log);
    CHECK(log->size() <= 3);  // the lockout and alice's login, not one row per guess
}

TEST_CASE("finding 8: at most max_password_checks argon2 checks run at once, the rest wait or are told to retry") {
    AuthFixture f;
    f.config.max_password_checks = 2;
    f.auth = std::make_unique<Auth>(*f.fx.agg, *f.fx.dash, f.config);
    constexpr int logins = 8;
    std::vector<LoginOutcome::Kind> kinds(logins);
    std::vector<std::thread> threads;
    for (int i = 0; i < logins; ++i)
        threads.emplace_back([&, i] {
            kinds[i] = f.auth->login("user" + std::to_string(i), "guess", "198.51.100." + std::to_string(i), 3000).kind;
        });
    for (auto& t : threads) t.join();
    CHECK(f.auth->peak_password_checks() >= 1);
    CHECK(f.auth->peak_password_checks() <= 2);
    for (auto k : kinds) CHECK((k == LoginOutcome::Kind::bad_credentials || k == LoginOutcome::Kind::busy));
}
