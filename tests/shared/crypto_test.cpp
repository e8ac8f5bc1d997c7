#include <doctest/doctest.h>
#include <lp/shared/crypto.hpp>

#include <set>

using namespace lp::crypto;

TEST_CASE("a sealed payload opens only with the matching secret key") {
    auto keys = generate_keypair();
    auto other = generate_keypair();
    Bytes sealed = seal("my comment", keys.public_key);
    auto opened = open_sealed(sealed, keys);
    REQUIRE(opened);
    CHECK(*opened == "my comment");
    CHECK_FALSE(open_sealed(sealed, other));
    sealed[sealed.size() / 2] ^= 1;
    CHECK_FALSE(open_sealed(sealed, keys));
    CHECK_FALSE(open_sealed(Bytes{1, 2, 3}, keys));
}

TEST_CASE("sha256 matches the standard test vector") {
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_CASE("uuid4 has the version and variant bits and does not repeat") {
    std::set<std::string> seen;
    for (int i = 0; i < 1000; ++i) {
        auto u = uuid4();
        REQUIRE(u.size() == 36);
        CHECK(u[14] == '4');
        CHECK(std::string("89ab").find(u[19]) != std::string::npos);
        seen.insert(u);
    }
    CHECK(seen.size() == 1000);
}

TEST_CASE("hex and base64 round-trip and reject garbage") {
    Bytes b{0, 1, 0xfe, 0xff, 42};
    CHECK(*from_hex(to_hex(b)) == b);
    CHECK(*from_base64(to_base64(b)) == b);
    CHECK_FALSE(from_hex("abc"));
    CHECK_FALSE(from_hex("zz"));
    CHECK_FALSE(from_base64("!!!!"));
}

TEST_CASE("argon2id password hashes verify only the right password") {
    auto h = hash_password("2468");
    CHECK(h.rfind("$argon2id$", 0) == 0);
    CHECK(verify_password(h, "2468"));
    CHECK_FALSE(verify_password(h, "2469"));
    CHECK_FALSE(verify_password("not a hash", "2468"));
}

TEST_CASE("constant_time_equal compares content and length") {
    CHECK(constant_time_equal("abc", "abc"));
    CHECK_FALSE(constant_time_equal("abc", "abd"));
    CHECK_FALSE(constant_time_equal("abc", "abcd"));
}
