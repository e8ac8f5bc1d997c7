#include <doctest/doctest.h>
#include <sys/stat.h>

#include <chrono>
#include <lp/kiosk/read_aloud.hpp>
#include <lp/shared/files.hpp>
#include <thread>

#include "test_util.hpp"

using namespace lp;
using namespace lp::kiosk;

TEST_CASE("read-aloud runs the speech program off the calling thread with the text") {
    test::TempDir dir;
    std::string out = dir.path() + "/spoken.txt";
    std::string go = dir.path() + "/go";
    std::string script = dir.path() + "/fake-espeak";
    // The fake speaker waits (up to 20 s) for the test to say "go" before it speaks.
    REQUIRE(write_file_atomic(script,
                              "#!/bin/sh\nfor i in $(seq 200); do [ -e '" + go + "' ] && break; sleep 0.1; done\n"
                              "printf '%s\\n' \"$1\" >> '" + out + "'\n",
                              0755));
    {
        ReadAloud speech(script);
        speech.speak("Do you feel safe where you live?");
        // speak() came back while the program is still waiting: it runs on the worker.
        CHECK_FALSE(file_exists(out));
        REQUIRE(write_file_atomic(go, "", 0644));
        for (int i = 0; i < 500 && !file_exists(out); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    auto text = read_file(out);
    REQUIRE(text);
    CHECK(*text == "Do you feel safe where you live?\n");
}

TEST_CASE("a missing speech program is harmless") {
    ReadAloud speech("/nonexistent/espeak-ng");
    speech.speak("hello");
    speech.stop();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    CHECK(speech.spoken() == 0);
}
