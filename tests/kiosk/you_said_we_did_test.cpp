// The kiosk's reading of DIR/you-said-we-did.json: lenient (a broken file means no panel).
#include "test_util.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <lp/kiosk/you_said_we_did.hpp>
#include <lp/shared/crypto.hpp>
#include <lp/shared/files.hpp>

using namespace lp;
using namespace lp::kiosk;

TEST_CASE("you-said-we-did: replies are read in order, incomplete ones skipped, at most the limit") {
    test::TempDir dir;
    CHECK(load_you_said_we_did(dir.path()).empty());  // no file: no panel
    REQUIRE(
        write_file_atomic(you_said_we_did_file(dir.path()),
                          R"({"replies":[{"theme":"a","young_title":"Being listened to","text":"We reply in two days."},
                                  {"theme":"b","young_title":"","text":"no theme words"},
                                  {"theme":"c","young_title":"Seeing your worker","text":""},
                                  7,
                                  {"theme":"d","young_title":"Your room","text":"New beds came in May."}]})",
                          0644));
    auto r = load_you_said_we_did(dir.path());
    REQUIRE(r.size() == 2);
    CHECK(r[0].you_said == "Being listened to");
    CHECK(r[0].we_did == "We reply in two days.");
    CHECK(r[1].you_said == "Your room");
    CHECK(load_you_said_we_did(dir.path(), 1).size() == 1);
}

TEST_CASE("you-said-we-did: a broken file means none") {
    test::TempDir dir;
    for (const char* bad : {"", "not json", "[]", R"({"replies":{}})", R"({"other":[]})"}) {
        REQUIRE(write_file_atomic(you_said_we_did_file(dir.path()), bad, 0644));
        CHECK(load_you_said_we_did(dir.path()).empty());
    }
}
