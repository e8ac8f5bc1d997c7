#include <doctest/doctest.h>

#include <vector>

#include "fault_plan.hpp"
#include "record_tracker.hpp"

using namespace lp::faultproxy;

namespace {
std::vector<std::uint8_t> record(std::uint8_t type, std::size_t len) {
    std::vector<std::uint8_t> r = {type, 3, 3, static_cast<std::uint8_t>(len >> 8),
                                   static_cast<std::uint8_t>(len & 0xff)};
    r.resize(5 + len, 0xAB);
    return r;
}
}  // namespace

TEST_CASE("the record tracker finds TLS records across arbitrary chunking") {
    std::vector<std::uint8_t> stream;
    for (auto [t, n] : {std::pair<int, int>{22, 300}, {20, 1}, {23, 53}, {23, 900}}) {
        auto r = record(static_cast<std::uint8_t>(t), static_cast<std::size_t>(n));
        stream.insert(stream.end(), r.begin(), r.end());
    }
    for (std::size_t chunk : {1u, 3u, 7u, 64u, 5000u}) {
        RecordTracker tracker;
        std::vector<RecordStart> found;
        for (std::size_t i = 0; i < stream.size(); i += chunk) {
            const std::size_t n = std::min(chunk, stream.size() - i);
            for (auto r : tracker.feed(stream.data() + i, n)) found.push_back(r);
        }
        REQUIRE(found.size() == 4);
        CHECK(found[0].type == 22);
        CHECK(found[1].length == 1);
        CHECK(found[3].type == 23);
        CHECK(found[3].length == 900);
        CHECK(tracker.looks_like_tls());
    }
}

TEST_CASE("plain text is not mistaken for TLS") {
    RecordTracker tracker;
    const std::string http = "POST /api/v1/batches HTTP/1.1\r\n";
    CHECK(tracker.feed(reinterpret_cast<const std::uint8_t*>(http.data()), http.size()).empty());
    CHECK_FALSE(tracker.looks_like_tls());
}

TEST_CASE("fault plans are reproducible from the seed and respect the rates") {
    FaultRates rates;
    rates.drop_request = 0.1;
    rates.reset = 0.1;
    FaultPlan a(42, rates), b(42, rates);
    int faults = 0;
    for (int i = 0; i < 2000; ++i) {
        const Fault fa = a.roll_request();
        CHECK(fa == b.roll_request());
        CHECK((fa == Fault::none || fa == Fault::drop_request || fa == Fault::reset));
        if (fa != Fault::none) ++faults;
    }
    CHECK(faults > 300);
    CHECK(faults < 500);
    FaultPlan none(1, FaultRates{});
    for (int i = 0; i < 100; ++i) CHECK(none.roll_connection() == Fault::none);
}
