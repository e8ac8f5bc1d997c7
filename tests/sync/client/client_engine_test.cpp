// The sync engine against a real HTTP server on loopback (cpp-httplib, plain http, which the
// client allows only on loopback) with a scripted answer per request.
#include "loopback_server.hpp"

#include <doctest/doctest.h>
#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <functional>
#include <lp/shared/crypto.hpp>
#include <lp/shared/wire.hpp>
#include <lp/client/engine.hpp>
#include <lp/client/gzip.hpp>
#include <map>
#include <mutex>
#include <thread>

using namespace lp;
using namespace lp::sync;

namespace {

struct Row {
    wire::Item item;
    bool needs_help = false;
    std::string state = "pending";
    std::string reason;
};

class MemoryOutbox final : public OutboxPort {
public:
    std::vector<Row> rows;
    void add(int n, int help_every = 0) {
        for (int i = 0; i < n; ++i) {
            Row r;
            r.item = wire::make_item(crypto::uuid4(), static_cast<std::int64_t>(rows.size()) + 1, "test-set", 1,
                                     "2026-11-25T14:00:00Z", crypto::random_bytes(80));
            r.needs_help = help_every > 0 && i % help_every == help_every - 1;
            rows.push_back(std::move(r));
        }
    }
    Result<std::vector<wire::Item>> pending(std::size_t limit) override {
        std::vector<const Row*> p;
        for (const auto& r : rows)
            if (r.state == "pending") p.push_back(&r);
        std::stable_sort(p.begin(), p.end(), [](const Row* a, const Row* b) { return a->needs_help > b->needs_help; });
        std::vector<wire::Item> out;
        for (std::size_t i = 0; i < p.size() && i < limit; ++i) out.push_back(p[i]->item);
        return out;
    }
    Result<std::int64_t> pending_count() override { return count("pending"); }
    Status mark_sent(const std::vector<std::string>& ids, std::int64_t) override {
        for (auto& r : rows)
            if (std::find(ids.begin(), ids.end(), r.item.id) != ids.end()) r.state = "sent";
        return ok_status();
    }
    Status quarantine(const std::string& id, const std::string& reason) override {
        for (auto& r : rows)
            if (r.item.id == id) {
                r.state = "quarantined";
                r.reason = reason;
            }
        return ok_status();
    }
    Result<std::int64_t> purge_sent_before(std::int64_t) override { return std::int64_t{0}; }
    std::int64_t count(const std::string& state) const {
        return std::count_if(rows.begin(), rows.end(), [&](const Row& r) { return r.state == state; });
    }
};

/// A loopback server whose batch handler is a test-supplied function.
class ScriptedServer {
public:
    using Handler = std::function<void(const wire::Batch&, const httplib::Request&, httplib::Response&)>;
    explicit ScriptedServer(Handler h) : handler_(std::move(h)) {
        loop_.http.Post("/api/v1/batches", [this](const httplib::Request& req, httplib::Response& res) {
            std::lock_guard<std::mutex> lock(mu_);
            ++requests;
            headers_ok = headers_ok && req.get_header_value("Content-Encoding") == "gzip" &&
                         req.get_header_value("Authorization") == "Bearer tok" &&
                         wire::is_uuid(req.get_header_value("Idempotency-Key"));
            // cpp-httplib inflates gzip request bodies itself when built with zlib.
            auto body = req.body;
            if (auto inflated = gzip_decompress(body)) body = *inflated;
            auto decoded = wire::decode_batch(body, wire::Limits{1000, 64 * 1024, 8});
            if (!decoded) {
                res.status = 400;
                res.set_content(R"({"error":"bad","message":"undecodable"})", "application/json");
                return;
            }
            headers_ok = headers_ok && decoded->batch.batch_id == req.get_header_value("Idempotency-Key");
            batch_sizes.push_back(decoded->batch.items.size());
            handler_(decoded->batch, req, res);
        });
        loop_.start();
    }
    std::string url() const { return loop_.url(); }
    int requests = 0;
    bool headers_ok = true;
    std::vector<std::size_t> batch_sizes;

private:
    Handler handler_;
    std::mutex mu_;
    test::LoopbackServer loop_;  // last: stops before the members its handler uses go
};

void answer_all(const wire::Batch& b, httplib::Response& res, wire::ItemStatus s) {
    std::vector<wire::ItemResult> results;
    for (const auto& item : b.items) results.push_back({item.id, s, s == wire::ItemStatus::rejected ? "bad" : ""});
    res.set_content(wire::encode_results(results), "application/json");
}

SyncEngine engine_for(const std::string& url, std::size_t batch = 100) {
    DeviceConfig d;
    d.device_id = "dev-test";
    d.server_url = url;
    d.token = "tok";
    SyncSettings s;
    s.batch_size = batch;
    s.timeouts.connect_timeout_s = 2;
    s.timeouts.low_speed_time_s = 3;
    return SyncEngine(d, s);
}

// One pass of a fresh engine over outbox: what most tests look at.
PassReport one_pass(const std::string& url, MemoryOutbox& outbox) { return engine_for(url).run_pass(outbox); }

}  // namespace

TEST_CASE("a pass sends everything in batches of at most 100, gzip, with token and idempotency key") {
    ScriptedServer server([](const wire::Batch& b, const httplib::Request&, httplib::Response& res) {
        answer_all(b, res, wire::ItemStatus::stored);
    });
    MemoryOutbox outbox;
    outbox.add(250);
    auto engine = engine_for(server.url());
    std::vector<std::int64_t> progress;
    const PassReport r = engine.run_pass(outbox, [&](const PassProgress& p) { progress.push_back(p.done); });
    CHECK(r.state == PassState::complete);
    CHECK(r.sent == 250);
    CHECK(r.remaining == 0);
    CHECK(outbox.count("sent") == 250);
    CHECK(server.batch_sizes == std::vector<std::size_t>{100, 100, 50});
    CHECK(server.headers_ok);
    CHECK(progress.back() == 250);
}

TEST_CASE("duplicates count as acknowledged, conflicts and rejections are quarantined with reasons") {
    int call = 0;
    ScriptedServer server([&](const wire::Batch& b, const httplib::Request&, httplib::Response& res) {
        std::vector<wire::ItemResult> results;
        for (std::size_t i = 0; i < b.items.size(); ++i) {
            const auto s = i % 4 == 0   ? wire::ItemStatus::stored
                           : i % 4 == 1 ? wire::ItemStatus::duplicate
                           : i % 4 == 2 ? wire::ItemStatus::conflict
                                        : wire::ItemStatus::rejected;
            results.push_back({b.items[i].id, s, s == wire::ItemStatus::rejected ? "payload did not open" : ""});
        }
        ++call;
        res.set_content(wire::encode_results(results), "application/json");
    });
    MemoryOutbox outbox;
    outbox.add(8);
    const PassReport r = one_pass(server.url(), outbox);
    CHECK(r.state == PassState::complete);
    CHECK(outbox.count("sent") == 4);
    CHECK(outbox.count("quarantined") == 4);
    CHECK(outbox.rows[3].reason == "rejected: payload did not open");
    CHECK(outbox.rows[2].reason.find("conflict") == 0);
}

TEST_CASE("rows the server did not answer for stay pending") {
    ScriptedServer server([](const wire::Batch& b, const httplib::Request&, httplib::Response& res) {
        std::vector<wire::ItemResult> results = {{b.items.front().id, wire::ItemStatus::stored, ""}};
        res.set_content(wire::encode_results(results), "application/json");
    });
    MemoryOutbox outbox;
    outbox.add(5);
    const PassReport r = one_pass(server.url(), outbox);
    CHECK(r.state == PassState::retry_later);
    CHECK(outbox.count("sent") == 1);
    CHECK(outbox.count("pending") == 4);
}

TEST_CASE("needs_help responses go first") {
    std::vector<std::string> first_batch;
    ScriptedServer server([&](const wire::Batch& b, const httplib::Request&, httplib::Response& res) {
        if (first_batch.empty())
            for (const auto& i : b.items) first_batch.push_back(i.id);
        answer_all(b, res, wire::ItemStatus::stored);
    });
    MemoryOutbox outbox;
    outbox.add(30, 10);  // rows 9, 19, 29 need help
    auto engine = engine_for(server.url(), 3);
    CHECK(engine.run_pass(outbox).state == PassState::complete);
    CHECK(first_batch ==
          std::vector<std::string>{outbox.rows[9].item.id, outbox.rows[19].item.id, outbox.rows[29].item.id});
}

TEST_CASE("413 halves the batch until it fits") {
    ScriptedServer server([](const wire::Batch& b, const httplib::Request&, httplib::Response& res) {
        if (b.items.size() > 20) {
            res.status = 413;
            res.set_content(R"({"error":"too_large","message":"at most 20 here"})", "application/json");
            return;
        }
        answer_all(b, res, wire::ItemStatus::stored);
    });
    MemoryOutbox outbox;
    outbox.add(100);
    CHECK(one_pass(server.url(), outbox).state == PassState::complete);
    CHECK(outbox.count("sent") == 100);
    CHECK(server.batch_sizes.front() == 100);
    CHECK(server.batch_sizes[1] == 50);
    CHECK(server.batch_sizes[2] == 25);
    CHECK(server.batch_sizes[3] == 12);
}

TEST_CASE("400 for a whole batch quarantines it with the server's message") {
    ScriptedServer server([](const wire::Batch&, const httplib::Request&, httplib::Response& res) {
        res.status = 400;
        res.set_content(R"({"error":"schema","message":"question_set unknown"})", "application/json");
    });
    MemoryOutbox outbox;
    outbox.add(3);
    CHECK(one_pass(server.url(), outbox).state == PassState::complete);
    CHECK(outbox.count("quarantined") == 3);
    CHECK(outbox.rows[0].reason == "the server refused the batch: question_set unknown");
}

TEST_CASE("401 stops the pass and nothing changes locally") {
    ScriptedServer server([](const wire::Batch&, const httplib::Request&, httplib::Response& res) {
        res.status = 401;
        res.set_content(R"({"error":"unauthorized","message":"token revoked"})", "application/json");
    });
    MemoryOutbox outbox;
    outbox.add(3);
    const PassReport r = one_pass(server.url(), outbox);
    CHECK(r.state == PassState::stopped_reenrol);
    CHECK(r.plain_error == "This kiosk was removed from the service: enrol it again");
    CHECK(server.requests == 1);
    CHECK(outbox.count("pending") == 3);
}

TEST_CASE("503 with Retry-After and an unreachable server keep every row pending") {
    ScriptedServer server([](const wire::Batch&, const httplib::Request&, httplib::Response& res) {
        res.status = 503;
        res.set_header("Retry-After", "7");
        res.set_content(R"({"error":"draining","message":"restarting"})", "application/json");
    });
    MemoryOutbox outbox;
    outbox.add(3);
    {
        const PassReport r = one_pass(server.url(), outbox);
        CHECK(r.state == PassState::retry_later);
        CHECK(r.retry_after_s.value() == 7);
        CHECK(outbox.count("pending") == 3);
    }
    // Nothing listens on port 1 of loopback: a connect failure, in plain words.
    const PassReport r = one_pass("http://127.0.0.1:1", outbox);
    CHECK(r.state == PassState::retry_later);
    CHECK(r.plain_error == "Can't reach the server: check the Wi-Fi");
    CHECK(outbox.count("pending") == 3);
}

TEST_CASE("plain http to a non-loopback server is refused before anything is sent") {
    MemoryOutbox outbox;
    outbox.add(1);
    const PassReport r = one_pass("http://192.0.2.1:8080", outbox);
    CHECK(r.state == PassState::stopped_identity);
    CHECK(outbox.count("pending") == 1);
}

TEST_CASE("cancelling a pass aborts a request the server never answers") {
    // The server holds the request until the test is over, so only cancelling can end the pass.
    std::atomic<bool> test_over{false};
    ScriptedServer server([&](const wire::Batch& b, const httplib::Request&, httplib::Response& res) {
        for (int i = 0; i < 3000 && !test_over; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        answer_all(b, res, wire::ItemStatus::stored);
    });
    MemoryOutbox outbox;
    outbox.add(2);
    auto engine = engine_for(server.url());
    std::atomic<bool> cancel{false};
    std::thread canceller([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        cancel = true;
    });
    const auto t0 = std::chrono::steady_clock::now();
    const PassReport r = engine.run_pass(outbox, {}, &cancel);
    const auto took = std::chrono::steady_clock::now() - t0;
    test_over = true;
    canceller.join();
    CHECK(r.state == PassState::cancelled);
    CHECK(took < std::chrono::seconds(20));  // far below the server's 30 s hold: the cancel ended it
    CHECK(outbox.count("pending") == 2);  // no answer read: nothing marked sent
}
