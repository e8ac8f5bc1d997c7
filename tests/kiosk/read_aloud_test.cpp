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
    std::string script = dir.path() + "/fake-espeak";
    REQUIRE(write_file_atomic(script, "#!/bin/sh\nprintf '%s\\n' \"$1\" >> '" + out + "'\n", 0755));
    {
        ReadAloud speech(script);
        auto t0 = std::chrono::steady_clock::now();
        speech.speak("Do you feel safe where you live?");
        // speak() returns at once; the program runs on the worker.
        CHECK(std::chrono::steady_clock::now() - t0 < std::chrono::milliseconds(50));
        for (int i = 0; i < 200 && !file_exists(out); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
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
