#include <doctest/doctest.h>

#include <lp/client/gzip.hpp>
#include <lp/client/url.hpp>

using namespace lp::sync;

TEST_CASE("gzip round-trips and shrinks JSON") {
    std::string text;
    for (int i = 0; i < 1000; ++i) text += R"({"id":"x","status":"stored"},)";
    const std::string gz = gzip_compress(text);
    CHECK(gz.size() < text.size() / 10);
    CHECK(static_cast<unsigned char>(gz[0]) == 0x1f);  // gzip magic, not zlib
    CHECK(static_cast<unsigned char>(gz[1]) == 0x8b);
    CHECK(gzip_decompress(gz).value() == text);
    CHECK(gzip_decompress(gzip_compress("")).value().empty());
}

TEST_CASE("corrupt or oversized gzip is refused") {
    std::string gz = gzip_compress(std::string(10000, 'a'));
    CHECK_FALSE(gzip_decompress(gz.substr(0, gz.size() / 2)).has_value());
    CHECK_FALSE(gzip_decompress(gz, 100).has_value());
    CHECK_FALSE(gzip_decompress("not gzip").has_value());
}

TEST_CASE("https anywhere, plain http only to loopback") {
    CHECK(check_server_url("https://aggregator.example.org"));
    CHECK(check_server_url("https://10.0.0.5:8443/"));
    CHECK(check_server_url("http://127.0.0.1:8080"));
    CHECK(check_server_url("http://[::1]:8080"));
    CHECK(check_server_url("http://localhost:1"));
    CHECK_FALSE(check_server_url("http://aggregator.example.org"));
    CHECK_FALSE(check_server_url("http://10.0.0.5:8080"));
    CHECK_FALSE(check_server_url("ftp://127.0.0.1"));
    CHECK_FALSE(check_server_url("127.0.0.1:8443"));
    CHECK(url_host("https://user@host.example:99/x") == "host.example");
    CHECK(join_url("https://h:1/", "/api/v1/batches") == "https://h:1/api/v1/batches");
}
