#include <doctest/doctest.h>

#include <lp/kiosk/staff_pin.hpp>
#include <lp/shared/crypto.hpp>

#include "test_util.hpp"

using namespace lp;
using namespace lp::kiosk;

TEST_CASE("the right PIN opens, a wrong one counts down the tries") {
    std::string hash = crypto::hash_password("2468");
    PinGuard guard("");
    CHECK(guard.check(hash, "2468", 1000).outcome == PinOutcome::ok);
    auto w = guard.check(hash, "1111", 1000);
    CHECK(w.outcome == PinOutcome::wrong);
    CHECK(w.tries_left == 4);
    CHECK(guard.check(hash, "2468", 1000).outcome == PinOutcome::ok);  // success resets the count
    CHECK(guard.failures() == 0);
}

TEST_CASE("five wrong tries lock staff mode for five minutes, even for the right PIN") {
    test::TempDir dir;
    std::string hash = crypto::hash_password("2468");
    std::string state = dir.path() + "/staff-lockout";
    {
        PinGuard guard(state);
        for (int i = 0; i < 4; ++i) CHECK(guard.check(hash, "0000", 1000).outcome == PinOutcome::wrong);
        auto locked = guard.check(hash, "0000", 1000);
        CHECK(locked.outcome == PinOutcome::locked);
        CHECK(locked.locked_until == 1300);
        CHECK(guard.check(hash, "2468", 1100).outcome == PinOutcome::locked);
    }
    // A restart (power cut) does not clear the lockout.
    PinGuard again(state);
    CHECK(again.locked(1299));
    CHECK(again.check(hash, "2468", 1299).outcome == PinOutcome::locked);
    CHECK(again.check(hash, "2468", 1300).outcome == PinOutcome::ok);
}

TEST_CASE("no PIN set and malformed PINs") {
    PinGuard guard("");
    CHECK(guard.check("", "1234", 0).outcome == PinOutcome::not_set);
    CHECK(pin_well_formed("1234"));
    CHECK(pin_well_formed("12345678"));
    CHECK_FALSE(pin_well_formed("123"));
    CHECK_FALSE(pin_well_formed("123456789"));
    CHECK_FALSE(pin_well_formed("12a4"));
    std::string hash = crypto::hash_password("1234");
    CHECK(guard.check(hash, "12a4", 0).outcome == PinOutcome::wrong);
}
