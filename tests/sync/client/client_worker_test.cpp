// The kiosk's background SyncWorker with its real SQLite outbox against a loopback HTTP server.
#include "../../kiosk/test_util.hpp"
#include "loopback_server.hpp"

#include <doctest/doctest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <lp/kiosk/outbox.hpp>
#include <lp/kiosk/sync/sync_worker.hpp>
#include <lp/shared/crypto.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/wire.hpp>
#include <lp/client/device_config.hpp>
#include <lp/client/gzip.hpp>
#include <thread>

using namespace lp;
using namespace std::chrono_literals;

namespace {

class BatchServer {
public:
    std::atomic<int> batches{0};
    std::atomic<int> status{200};
    std::atomic<int> set_polls{0};
    std::atomic<int> not_modified{0};
    std::string question_set;  // served with ETag "v1" when set
    BatchServer() {
        loop_.http.Post("/api/v1/batches", [this](const httplib::Request& req, httplib::Response& res) {
            ++batches;
            if (status != 200) {
                res.status = status;
                res.set_content(R"({"error":"unauthorized","message":"revoked"})", "application/json");
                return;
            }
            std::string body = req.body;
            if (auto inflated = sync::gzip_decompress(body)) body = *inflated;
            auto decoded = wire::decode_batch(body);
            std::vector<wire::ItemResult> results;
            for (const auto& item : decoded->batch.items) results.push_back({item.id, wire::ItemStatus::stored, ""});
            res.set_content(wire::encode_results(results), "application/json");
        });
        loop_.http.Get("/api/v1/question-sets/current", [this](const httplib::Request& req, httplib::Response& res) {
            ++set_polls;
            if (question_set.empty() || req.get_header_value("If-None-Match") == "\"v1\"") {
                if (!question_set.empty()) ++not_modified;
                res.status = 304;
                return;
            }
            res.set_header("ETag", "\"v1\"");
            res.set_content(question_set, "application/json");
        });
        loop_.start();
    }
    std::string url() const { return loop_.url(); }

private:
    test::LoopbackServer loop_;
};

void enrolled(const std::string& dir, const std::string& url) {
    const auto keys = crypto::generate_keypair();
    sync::DeviceConfig d{"dev-worker", url, "tok", crypto::to_base64(keys.public_key.data(), keys.public_key.size()),
                         "",           ""};
    REQUIRE(sync::save_device_config(dir, d));
}

void save(const std::string& dir, int n) {
    auto outbox = kiosk::Outbox::open(kiosk::outbox_path(dir));
    REQUIRE(outbox);
    const auto keys = crypto::generate_keypair();
    for (int i = 0; i < n; ++i) {
        Response r;
        r.question_set_id = "care-leavers";
        r.question_set_version = 1;
        r.answers.push_back(Answer::of_scale("q", 3));
        REQUIRE(outbox->save(r, keys.public_key));
    }
}

bool wait_for(const std::function<bool()>& pred, std::chrono::milliseconds limit = 10s) {
    const auto end = std::chrono::steady_clock::now() + limit;
    while (std::chrono::steady_clock::now() < end) {
        if (pred()) return true;
        std::this_thread::sleep_for(20ms);
    }
    return pred();
}

kiosk::SyncWorkerSettings fast() {
    kiosk::SyncWorkerSettings s;
    s.watch_interval_ms = 50;
    s.sync.backoff = {50, 200};
    return s;
}

}  // namespace

TEST_CASE("the worker sends saved responses without being asked and wakes the UI") {
    kiosk::test::TempDir dir;
    BatchServer server;
    enrolled(dir.path(), server.url());
    std::atomic<int> wakes{0};
    kiosk::SyncWorker worker(
        dir.path(), [&] { ++wakes; }, fast());
    CHECK(wait_for([&] { return worker.status().enrolled; }));
    save(dir.path(), 30);  // as if young people pressed "Send"
    CHECK(wait_for([&] {
        auto s = worker.status();
        return s.sent == 30 && s.pending == 0 && !s.syncing;
    }));
    save(dir.path(), 5);
    CHECK(wait_for([&] { return worker.status().sent == 35; }));
    CHECK(wakes.load() > 0);
    CHECK(worker.status().last_success > 0);
    CHECK(worker.status().last_error_plain_words.empty());
}

TEST_CASE("after a 401 the worker stops, says so in plain words, and waits for staff") {
    kiosk::test::TempDir dir;
    BatchServer server;
    server.status = 401;
    enrolled(dir.path(), server.url());
    save(dir.path(), 3);
    kiosk::SyncWorker worker(dir.path(), {}, fast());
    CHECK(wait_for([&] {
        return worker.status().last_error_plain_words == "This kiosk was removed from the service: enrol it again";
    }));
    save(dir.path(), 2);  // new responses do not make it hammer the server
    std::this_thread::sleep_for(600ms);
    CHECK(server.batches.load() == 1);
    CHECK(worker.status().pending == 5);
    server.status = 200;  // e.g. the manager undid the revocation; staff press "Sync now"
    worker.sync_now();
    CHECK(wait_for([&] { return worker.status().pending == 0; }));
}

TEST_CASE("an unreachable server is retried with backoff and reported in plain words") {
    kiosk::test::TempDir dir;
    enrolled(dir.path(), "http://127.0.0.1:1");
    save(dir.path(), 2);
    kiosk::SyncWorker worker(dir.path(), {}, fast());
    CHECK(
        wait_for([&] { return worker.status().last_error_plain_words == "Can't reach the server: check the Wi-Fi"; }));
    CHECK(worker.status().pending == 2);
}

TEST_CASE("enrolling from staff mode refuses a bad address at once") {
    kiosk::test::TempDir dir;
    kiosk::SyncWorker worker(dir.path(), {}, fast());
    CHECK_FALSE(worker.status().enrolled);
    const Status st = worker.enrol("http://aggregator.example.org", "ABC");
    CHECK_FALSE(st);
    CHECK(st.error().message.find("https://") != std::string::npos);
    CHECK_FALSE(worker.enrol("https://127.0.0.1:1", ""));
    // A well-formed request is accepted and fails later, in status (nothing listens there).
    CHECK(worker.enrol("https://127.0.0.1:1", "ABCDEFGHJK"));
    CHECK(wait_for([&] { return !worker.status().last_error_plain_words.empty(); }));
    CHECK_FALSE(worker.status().enrolled);
}

TEST_CASE("periodic passes fetch a new question set once, then get 304s") {
    kiosk::test::TempDir dir;
    BatchServer server;
    auto set = read_file(LP_SOURCE_DIR "/assets/question-sets/care-leavers.json");
    REQUIRE(set);
    server.question_set = *set;
    enrolled(dir.path(), server.url());
    auto settings = fast();
    settings.periodic_s = 0;  // every wake-up is a periodic pass
    kiosk::SyncWorker worker(dir.path(), {}, settings);
    CHECK(wait_for([&] { return file_exists(sync::question_set_path(dir.path())); }));
    CHECK(wait_for([&] { return worker.take_question_set_updated(); }));
    CHECK(read_file(sync::question_set_path(dir.path())).value() == *set);
    CHECK(wait_for([&] { return server.not_modified.load() >= 2; }));  // If-None-Match sent
    CHECK_FALSE(worker.take_question_set_updated());
}
