// Logins and sessions: argon2id, lockout, idle timeout, CSRF, logout.
#include <doctest/doctest.h>

#include <lp/dashboard/auth.hpp>
#include <lp/shared/crypto.hpp>

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

TEST_CASE("a right password opens a session kept in the store; a wrong one does not") {
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
