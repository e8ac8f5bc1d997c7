#include <doctest/doctest.h>

#include <lp/client/backoff.hpp>

using namespace lp::sync;

TEST_CASE("backoff ceiling doubles per attempt and stops at the cap") {
    BackoffPolicy p{1000, 15 * 60 * 1000};
    CHECK(backoff_ceiling_ms(p, 1) == 1000);
    CHECK(backoff_ceiling_ms(p, 2) == 2000);
    CHECK(backoff_ceiling_ms(p, 5) == 16000);
    CHECK(backoff_ceiling_ms(p, 10) == 512000);
    CHECK(backoff_ceiling_ms(p, 11) == 15 * 60 * 1000);
    CHECK(backoff_ceiling_ms(p, 1000000) == 15 * 60 * 1000);  // no overflow however long the outage
    CHECK(backoff_ceiling_ms(p, 0) == 1000);
}

TEST_CASE("full jitter draws anywhere from zero to the ceiling") {
    BackoffPolicy p{1000, 60000};
    CHECK(backoff_delay_ms(p, 3, 0) == 0);
    CHECK(backoff_delay_ms(p, 3, 4000) == 4000);
    CHECK(backoff_delay_ms(p, 3, 4001) == 0);
    for (std::uint32_t r : {1u, 77u, 123456789u, 0xFFFFFFFFu}) {
        const auto d = backoff_delay_ms(p, 20, r);
        CHECK(d >= 0);
        CHECK(d <= 60000);
    }
}

TEST_CASE("Retry-After accepts seconds and HTTP dates, refuses junk") {
    CHECK(parse_retry_after_s("120", 0).value() == 120);
    CHECK(parse_retry_after_s(" 7 ", 0).value() == 7);
    CHECK(parse_retry_after_s("Thu, 01 Jan 1970 00:01:40 GMT", 40).value() == 60);
    CHECK(parse_retry_after_s("Thu, 01 Jan 1970 00:01:40 GMT", 1000).value() == 0);
    CHECK_FALSE(parse_retry_after_s("", 0).has_value());
    CHECK_FALSE(parse_retry_after_s("soon", 0).has_value());
    CHECK_FALSE(parse_retry_after_s("-5", 0).has_value());
}
