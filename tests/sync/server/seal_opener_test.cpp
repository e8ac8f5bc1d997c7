// SealOpener must accept exactly what libsodium's crypto_box_seal_open accepts (crypto::open_sealed
// is that call, unchanged).
#include <lp/aggregator/seal_opener.hpp>

#include <doctest/doctest.h>
#include <sodium.h>

#include <atomic>
#include <thread>
#include <vector>

using namespace lp;
using aggregator::SealOpener;

TEST_CASE("SealOpener opens what crypto_box_seal sealed, for every length") {
    const auto keys = crypto::generate_keypair();
    const SealOpener opener(keys);
    for (std::size_t n : {0u, 1u, 15u, 16u, 17u, 63u, 64u, 300u, 4096u}) {
        const auto bytes = crypto::random_bytes(n);
        const std::string plain(bytes.begin(), bytes.end());
        const auto sealed = crypto::seal(plain, keys.public_key);
        const auto opened = opener.open(sealed);
        REQUIRE(opened);
        CHECK(*opened == plain);
        CHECK(crypto::open_sealed(sealed, keys) == opened);
    }
}

TEST_CASE("SealOpener refuses what libsodium refuses") {
    const auto keys = crypto::generate_keypair();
    const auto other = crypto::generate_keypair();
    const SealOpener opener(keys);
    const auto sealed = crypto::seal("{\"id\":\"x\"}", keys.public_key);

    SUBCASE("sealed to another key") {
        const auto foreign = crypto::seal("{\"id\":\"x\"}", other.public_key);
        CHECK_FALSE(opener.open(foreign));
        CHECK_FALSE(crypto::open_sealed(foreign, keys));
    }
    SUBCASE("every single flipped bit") {
        for (std::size_t i = 0; i < sealed.size(); ++i) {
            auto bad = sealed;
            bad[i] ^= 0x01;
            CHECK_FALSE(opener.open(bad));
            CHECK_FALSE(crypto::open_sealed(bad, keys));
        }
    }
    SUBCASE("too short, empty and truncated") {
        CHECK_FALSE(opener.open({}));
        CHECK_FALSE(opener.open(crypto::Bytes(sealed.begin(), sealed.begin() + crypto_box_SEALBYTES - 1)));
        CHECK_FALSE(opener.open(crypto::Bytes(sealed.begin(), sealed.end() - 1)));
    }
    SUBCASE("a small-order ephemeral key (all zeros, and the order-2 point) gives no key") {
        for (std::uint8_t first : {std::uint8_t{0}, std::uint8_t{1}}) {
            auto bad = sealed;
            std::fill(bad.begin(), bad.begin() + crypto_box_PUBLICKEYBYTES, std::uint8_t{0});
            bad[0] = first;
            CHECK_FALSE(opener.open(bad));
            CHECK_FALSE(crypto::open_sealed(bad, keys));
        }
    }
}

TEST_CASE("SealOpener is safe to share between threads") {
    const auto keys = crypto::generate_keypair();
    const SealOpener opener(keys);
    std::vector<crypto::Bytes> sealed;
    for (int i = 0; i < 64; ++i) sealed.push_back(crypto::seal("item " + std::to_string(i), keys.public_key));
    std::atomic<int> opened{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 64; ++i)
                if (opener.open(sealed[static_cast<std::size_t>(i)]) == "item " + std::to_string(i)) ++opened;
        });
    for (auto& th : threads) th.join();
    CHECK(opened == 4 * 64);
}
