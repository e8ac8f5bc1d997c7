#include <doctest/doctest.h>

#include <functional>
#include <lp/shared/cli.hpp>
#include <stdexcept>

namespace {

int exit_code_of(const std::function<void()>& body) {
    try {
        body();
    } catch (...) {
        return lp::cli::exit_for_exception("lp-test");
    }
    return 0;
}

}  // namespace

TEST_CASE("a usage error ends a command with 2, any other exception with 1") {
    CHECK(exit_code_of([] { throw lp::cli::UsageError("missing --data"); }) == 2);
    CHECK(exit_code_of([] { throw std::runtime_error("disk full"); }) == 1);
    CHECK(exit_code_of([] {}) == 0);
}

TEST_CASE("an exception that is not a std::exception is thrown on, not turned into an exit code") {
    CHECK_THROWS_AS(exit_code_of([] { throw 42; }), int);
}
