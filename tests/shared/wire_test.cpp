#include <doctest/doctest.h>
#include <lp/shared/json_util.hpp>
#include <lp/shared/wire.hpp>

#include <nlohmann/json.hpp>

using namespace lp;

namespace {

wire::Batch sample_batch(int n) {
    wire::Batch b;
    b.device_id = "dev-1";
    b.batch_id = crypto::uuid4();
    for (int i = 0; i < n; ++i)
        b.items.push_back(wire::make_item(crypto::uuid4(), i, "care-leavers", 1, "2026-11-25T14:00:00Z",
                                          crypto::random_bytes(80)));
    return b;
}

}  // namespace

TEST_CASE("a batch round-trips through the wire codec") {
    auto b = sample_batch(3);
    auto d = wire::decode_batch(wire::encode_batch(b));
    REQUIRE(d);
    CHECK(d->batch.device_id == "dev-1");
    REQUIRE(d->batch.items.size() == 3);
    CHECK(d->batch.items[2].sealed == b.items[2].sealed);
    CHECK(d->rejected.empty());
    CHECK(d->order.size() == 3);
}

TEST_CASE("one bad item is rejected without sinking the good ones") {
    auto j = nlohmann::json::parse(wire::encode_batch(sample_batch(3)));
    j["items"][1]["sha256"] = std::string(64, '0');
    j["items"][2]["created_hour"] = "2026-11-25T14:03:00Z";
    auto d = wire::decode_batch(j.dump());
    REQUIRE(d);
    CHECK(d->batch.items.size() == 1);
    REQUIRE(d->rejected.size() == 2);
    CHECK(d->rejected[0].reason.find("sha256") != std::string::npos);
    CHECK(d->rejected[1].reason.find("on the hour") != std::string::npos);
    CHECK(d->order[0].ok);
    CHECK_FALSE(d->order[1].ok);
}

TEST_CASE("whole-batch problems are errors that say what was wrong") {
    CHECK(wire::decode_batch("{").error().message.find("not valid JSON") != std::string::npos);
    CHECK(wire::decode_batch("[]").error().message.find("object") != std::string::npos);
    CHECK(wire::decode_batch(R"({"device_id":"d","batch_id":"x","items":[]})").error().message.find("batch_id") !=
          std::string::npos);
    std::string deep(10000, '[');
    CHECK(wire::decode_batch(deep).error().message.find("nested") != std::string::npos);
    auto big = sample_batch(101);
    CHECK(wire::decode_batch(wire::encode_batch(big)).error().message.find("at most 100") != std::string::npos);
    CHECK_FALSE(wire::decode_batch("{\"device_id\":\"\xff\xfe\"}"));
    CHECK_FALSE(wire::decode_batch(R"({"device_id":"d","batch_id":"6f1c1a6e-9d7b-4c1e-8a51-0e3c2b1d4f00","items":[{"id":"6f1c1a6e-9d7b-4c1e-8a51-0e3c2b1d4f01","seq":1e999}]})"));
}

TEST_CASE("results round-trip and unknown statuses are refused") {
    std::vector<wire::ItemResult> rs = {{"a", wire::ItemStatus::stored, ""},
                                        {"b", wire::ItemStatus::rejected, "bad seal"}};
    auto d = wire::decode_results(wire::encode_results(rs));
    REQUIRE(d);
    CHECK(d->at(1).status == wire::ItemStatus::rejected);
    CHECK(d->at(1).reason == "bad seal");
    CHECK_FALSE(wire::decode_results(R"({"results":[{"id":"a","status":"lost"}]})"));
}
