#include <doctest/doctest.h>
#include <lp/shared/config_file.hpp>
#include <lp/shared/time.hpp>

TEST_CASE("config lines parse with comments and quotes") {
    auto c = lp::parse_config("# comment\nidle_reset_s = 60\nname = \"Hub # 1\"\nflag = yes # trailing\n");
    REQUIRE(c);
    CHECK(c->at("idle_reset_s") == "60");
    CHECK(c->at("name") == "Hub # 1");
    CHECK(*lp::config_bool(*c, "flag", false));
    CHECK(*lp::config_int(*c, "idle_reset_s", 5) == 60);
    CHECK(*lp::config_int(*c, "missing", 5) == 5);
}

TEST_CASE("a malformed config line is refused with its line number") {
    auto c = lp::parse_config("a = 1\nthis is wrong\n", "kiosk.conf");
    REQUIRE_FALSE(c);
    CHECK(c.error().message.find("kiosk.conf line 2") != std::string::npos);
    auto v = lp::parse_config("n = ten");
    REQUIRE(v);
    auto n = lp::config_int(*v, "n", 1);
    REQUIRE_FALSE(n);
    CHECK(n.error().message.find("'n'") != std::string::npos);
}

TEST_CASE("timestamps are rounded down to the hour") {
    auto t = lp::parse_iso_utc("2026-11-25T14:59:59Z");
    REQUIRE(t > 0);
    CHECK(lp::hour_rounded_utc(t) == "2026-11-25T14:00:00Z");
    CHECK(lp::parse_iso_utc("2026-13-01") == -1);
    CHECK(lp::parse_iso_utc("garbage") == -1);
}
