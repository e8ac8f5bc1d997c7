// Finding 11: a TLS private key that the group or others can read is refused with a message that
// says how to fix it; a 0600 key loads.
#include <doctest/doctest.h>

#include <lp/aggregator/config.hpp>
#include <lp/aggregator/server.hpp>
#include <lp/aggregator/tls.hpp>
#include <lp/shared/files.hpp>

#include <ios>
#include <sys/stat.h>

#include "aggregator_test_support.hpp"

using namespace lp;

TEST_CASE("a TLS key readable by group or others is refused with a clear message") {
    test::TempDir tmp;
    auto pair = aggregator::make_self_signed_certificate();
    REQUIRE(pair);
    const std::string cert = tmp.path() + "/tls.crt";
    const std::string key = tmp.path() + "/tls.key";
    REQUIRE(write_file_atomic(cert, pair->certificate, 0644));
    REQUIRE(write_file_atomic(key, pair->private_key, 0600));
    aggregator::Config config;
    CHECK(aggregator::Server::create(config, cert, key));
    for (mode_t mode : {0640, 0644, 0604, 0660}) {
        REQUIRE(::chmod(key.c_str(), mode) == 0);
        auto server = aggregator::Server::create(config, cert, key);
        REQUIRE_FALSE_MESSAGE(server, "mode " << std::oct << mode);
        CHECK(server.error().message.find(key) != std::string::npos);
        CHECK(server.error().message.find("chmod 600") != std::string::npos);
    }
}
