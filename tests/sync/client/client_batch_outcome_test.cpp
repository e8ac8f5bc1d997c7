#include <doctest/doctest.h>

#include <lp/client/batch_outcome.hpp>

using namespace lp;
using namespace lp::sync;

namespace {
HttpReply status(long code, std::string body = "", std::string retry_after = "") {
    HttpReply r;
    r.status = code;
    r.body = std::move(body);
    r.retry_after = std::move(retry_after);
    return r;
}
HttpReply transport(Transport t) {
    HttpReply r;
    r.transport = t;
    r.transport_detail = "detail";
    return r;
}
}  // namespace

TEST_CASE("network failures and server trouble are retried later") {
    for (Transport t : {Transport::connect, Transport::timeout, Transport::other})
        CHECK(decide_batch_reply(transport(t), 0).verdict == Verdict::retry_later);
    for (long code : {408L, 429L, 500L, 502L, 503L, 504L})
        CHECK(decide_batch_reply(status(code), 0).verdict == Verdict::retry_later);
    CHECK(decide_batch_reply(transport(Transport::connect), 0).plain_words ==
          "Can't reach the server: check the Wi-Fi");
}

TEST_CASE("429 and 503 honour Retry-After") {
    CHECK(decide_batch_reply(status(429, "", "30"), 0).retry_after_s.value() == 30);
    CHECK(decide_batch_reply(status(503, "", "2"), 0).retry_after_s.value() == 2);
    CHECK_FALSE(decide_batch_reply(status(503), 0).retry_after_s.has_value());
}

TEST_CASE("a wrong server key stops sending instead of retrying") {
    const Decision d = decide_batch_reply(transport(Transport::pin_mismatch), 0);
    CHECK(d.verdict == Verdict::stop_identity);
    CHECK(d.plain_words.find("nothing was sent") != std::string::npos);
    CHECK(decide_batch_reply(transport(Transport::tls), 0).verdict == Verdict::stop_identity);
}

TEST_CASE("401 says the kiosk must be enrolled again") {
    const Decision d = decide_batch_reply(status(401, R"({"error":"unauthorized","message":"revoked"})"), 0);
    CHECK(d.verdict == Verdict::stop_reenrol);
    CHECK(d.plain_words == "This kiosk was removed from the service: enrol it again");
}

TEST_CASE("413 halves the batch, 400 quarantines it with the server's message") {
    CHECK(decide_batch_reply(status(413, R"({"error":"too_large","message":"limit 2 MiB"})"), 0).verdict ==
          Verdict::halve_batch);
    const Decision d = decide_batch_reply(status(400, R"({"error":"bad_json","message":"items must be an array"})"), 0);
    CHECK(d.verdict == Verdict::quarantine_batch);
    CHECK(d.server_message == "items must be an array");
    CHECK(halved(100) == 50);
    CHECK(halved(3) == 1);
    CHECK(halved(1) == 1);
}

TEST_CASE("a 200 with unreadable results changes nothing and is retried") {
    CHECK(decide_batch_reply(status(200, "{not json"), 0).verdict == Verdict::retry_later);
    CHECK(decide_batch_reply(status(200, R"({"results":[]})"), 0).verdict == Verdict::apply_results);
}

TEST_CASE("only stored and duplicate rows are marked sent, conflict and rejected go to quarantine") {
    std::vector<wire::ItemResult> results = {
        {"a", wire::ItemStatus::stored, ""},
        {"b", wire::ItemStatus::duplicate, ""},
        {"c", wire::ItemStatus::conflict, "other hash"},
        {"d", wire::ItemStatus::rejected, "bad seal"},
        {"zz", wire::ItemStatus::stored, ""},         // not in the batch: ignored
        {"a", wire::ItemStatus::rejected, "repeat"},  // repeated id: first answer wins
    };
    const RowPlan plan = plan_rows({"a", "b", "c", "d", "e"}, results);
    CHECK(plan.sent == std::vector<std::string>{"a", "b"});
    CHECK(plan.duplicates == 1);
    REQUIRE(plan.quarantine.size() == 2);
    CHECK(plan.quarantine[0].first == "c");
    CHECK(plan.quarantine[0].second.find("conflict") == 0);
    CHECK(plan.quarantine[1].first == "d");
    CHECK(plan.quarantine[1].second == "rejected: bad seal");
    CHECK(plan.unresolved == std::vector<std::string>{"e"});  // no answer: stays pending
}
