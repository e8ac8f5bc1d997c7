// The 4 to 7 band's share of answers a grown-up helped with: suppressed and rounded like every
// other figure, on both sides of the split (assisted.hpp).
#include <doctest/doctest.h>

#include <lp/dashboard/assisted.hpp>

using namespace lp::dashboard;

TEST_CASE("the assisted share: none and a few look the same, a small side of the split hides it") {
    for (std::int64_t n : {0, 1, 4}) {
        INFO(n);
        const AssistedShare s = assisted_share({n, n}, 5);
        CHECK(s.total_suppressed);
        CHECK(s.share_suppressed);
        CHECK(s.responses == 0);
        CHECK(s.assisted == 0);
    }
    // Total shown, rounded; 2 helped (or 2 on their own) would be found by subtraction.
    for (AssistedCounts c : {AssistedCounts{7, 2}, AssistedCounts{7, 5}, AssistedCounts{12, 0}, AssistedCounts{12, 12}}) {
        INFO(c.responses, " ", c.assisted);
        const AssistedShare s = assisted_share(c, 5);
        CHECK_FALSE(s.total_suppressed);
        CHECK(s.responses == (c.responses == 7 ? 5 : 10));
        CHECK(s.share_suppressed);
        CHECK(s.assisted == 0);
        CHECK(s.share == 0.0);
    }
    const AssistedShare s = assisted_share({23, 9}, 5);
    CHECK_FALSE(s.share_suppressed);
    CHECK(s.responses == 25);
    CHECK(s.assisted == 10);
    CHECK(s.share == doctest::Approx(0.40));  // 9/23 = 0.391, to the nearest 5 points
    // min_group is never below 3: with 3 set, 3 on each side show.
    CHECK_FALSE(assisted_share({6, 3}, 3).share_suppressed);
    CHECK(assisted_share({6, 2}, 3).share_suppressed);
    CHECK(assisted_share({6, 2}, 1).share_suppressed);
}
