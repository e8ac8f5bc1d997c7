// Benchmark driver for tests/bench/aggregator.sh (not a test):
//   lp_aggregator_bench http --url URL --ca FILE --pub FILE (--codes C1,C2,… | --fake-clients N)
//                            [--batches N] [--batch 100] [--rate BATCHES_PER_S]
//     N concurrent clients (one per enrolment code, one keep-alive TLS connection each) post
//     gzip batches of freshly sealed responses; prints {"responses_per_s", "p50_ms", "p99_ms", …}.
//   lp_aggregator_bench sqlite --db FILE [--batches N] [--batch 100]
//     The same rows stored straight through the SQLite store in one process: the local limit.
#include "aggregator_test_support.hpp"

#include <lp/aggregator/sqlite_store.hpp>
#include <lp/aggregator/tokens.hpp>
#include <lp/shared/cli.hpp>
#include <lp/shared/files.hpp>

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <memory>
#include <mutex>
#include <sstream>
#include <thread>

using namespace lp;
using Clock = std::chrono::steady_clock;

namespace {

std::size_t sink(char* data, std::size_t size, std::size_t n, void* user) {
    static_cast<std::string*>(user)->append(data, size * n);
    return size * n;
}

std::vector<std::string> split(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream in(s);
    std::string x;
    while (std::getline(in, x, ',')) out.push_back(x);
    return out;
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

std::pair<std::string, std::string> enrol_with_code(const std::string& url, const std::string& ca,
                                                    const std::string& code) {
    auto r = test::https("POST", url + "/api/v1/enrol", ca, {"Content-Type: application/json"},
                         R"({"code":")" + code + R"(","name":"bench"})");
    if (r.status != 200) throw std::runtime_error("enrol failed: " + std::to_string(r.status) + " " + r.body);
    auto j = nlohmann::json::parse(r.body);
    return {j["device_id"].get<std::string>(), j["token"].get<std::string>()};
}

int run_http(const cli::Args& a) {
    const std::string url = a.require("--url");
    const std::string ca = a.require("--ca");
    const auto batches = static_cast<int>(a.get_int("--batches", 40, 1, 100000));
    const auto batch = static_cast<int>(a.get_int("--batch", 100, 1, 1000));
    const double rate = static_cast<double>(a.get_int("--rate", 0, 0, 100000));
    auto pub_text = read_file(a.require("--pub"));
    if (!pub_text) throw std::runtime_error("cannot read --pub");
    std::string t = *pub_text;
    while (!t.empty() && t.back() == '\n') t.pop_back();
    auto pub_bytes = crypto::from_base64(t);
    std::array<std::uint8_t, crypto::public_key_bytes> pub{};
    std::copy(pub_bytes->begin(), pub_bytes->end(), pub.begin());

    std::vector<std::pair<std::string, std::string>> clients;
    if (auto codes = a.get("--codes")) {
        for (const auto& c : split(*codes)) clients.push_back(enrol_with_code(url, ca, c));
    } else {
        const auto n = a.get_int("--fake-clients", 8, 1, 256);
        for (long long i = 0; i < n; ++i) clients.emplace_back("dev-fake" + std::to_string(i), "none");
    }

    // Everything is sealed and compressed before the clock starts, as kiosks do it offline.
    std::vector<std::vector<std::string>> bodies(clients.size());
    std::int64_t seq = 0;
    for (std::size_t c = 0; c < clients.size(); ++c)
        for (int b = 0; b < batches; ++b) {
            std::vector<wire::Item> items;
            for (int i = 0; i < batch; ++i)
                items.push_back(test::sealed_item(test::test_response(crypto::uuid4(), ++seq), pub));
            bodies[c].push_back(test::gzip(wire::encode_batch(wire::Batch{clients[c].first, crypto::uuid4(), items})));
        }

    curl_global_init(CURL_GLOBAL_DEFAULT);
    std::mutex m;
    std::vector<double> latencies_ms;
    long errors = 0;
    long stored = 0;
    const auto start = Clock::now();
    std::vector<std::thread> threads;
    for (std::size_t c = 0; c < clients.size(); ++c) {
        threads.emplace_back([&, c] {
            std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), &curl_easy_cleanup);
            curl_slist* h = nullptr;
            h = curl_slist_append(h, ("Authorization: Bearer " + clients[c].second).c_str());
            h = curl_slist_append(h, "Content-Type: application/json");
            h = curl_slist_append(h, "Content-Encoding: gzip");
            h = curl_slist_append(h, "Expect:");
            std::unique_ptr<curl_slist, void (*)(curl_slist*)> headers(h, &curl_slist_free_all);
            const std::string target = url + "/api/v1/batches";
            std::vector<double> mine;
            long my_errors = 0, my_stored = 0;
            // Open loop: client c sends its k-th batch at start + (k * clients + c) / rate.
            const double interval_s = rate > 0 ? static_cast<double>(clients.size()) / rate : 0;
            const auto first = start + std::chrono::duration_cast<Clock::duration>(
                                           std::chrono::duration<double>(rate > 0 ? static_cast<double>(c) / rate : 0));
            std::size_t k = 0;
            for (const auto& body : bodies[c]) {
                const auto due = first + std::chrono::duration_cast<Clock::duration>(
                                             std::chrono::duration<double>(interval_s * static_cast<double>(k++)));
                if (rate > 0) std::this_thread::sleep_until(due);
                std::string answer;
                CURL* e = curl.get();
                curl_easy_setopt(e, CURLOPT_URL, target.c_str());
                curl_easy_setopt(e, CURLOPT_CAINFO, ca.c_str());
                curl_easy_setopt(e, CURLOPT_HTTPHEADER, headers.get());
                curl_easy_setopt(e, CURLOPT_POSTFIELDS, body.data());
                curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
                curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, sink);
                curl_easy_setopt(e, CURLOPT_WRITEDATA, &answer);
                curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
                curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 30000L);
                // Open loop counts from the scheduled time, so queueing behind a slow answer counts.
                const auto t0 = rate > 0 ? due : Clock::now();
                CURLcode rc = curl_easy_perform(e);
                mine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
                long status = 0;
                curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
                if (rc != CURLE_OK || status != 200) {
                    ++my_errors;
                    continue;
                }
                std::size_t pos = 0;
                while ((pos = answer.find("\"stored\"", pos)) != std::string::npos) {
                    ++my_stored;
                    pos += 8;
                }
            }
            std::lock_guard<std::mutex> lock(m);
            latencies_ms.insert(latencies_ms.end(), mine.begin(), mine.end());
            errors += my_errors;
            stored += my_stored;
        });
    }
    for (auto& th : threads) th.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    const double requests = static_cast<double>(latencies_ms.size());
    nlohmann::json out = {{"clients", clients.size()},
                          {"batch", batch},
                          {"offered_batches_per_s", rate},
                          {"requests", latencies_ms.size()},
                          {"errors", errors},
                          {"stored", stored},
                          {"seconds", seconds},
                          {"requests_per_s", requests / seconds},
                          {"responses_per_s", requests * batch / seconds},
                          {"p50_ms", percentile(latencies_ms, 0.50)},
                          {"p99_ms", percentile(latencies_ms, 0.99)}};
    std::cout << out.dump() << "\n";
    return errors == 0 ? 0 : 1;
}

int run_sqlite(const cli::Args& a) {
    const auto batches = static_cast<int>(a.get_int("--batches", 320, 1, 100000));
    const auto batch = static_cast<int>(a.get_int("--batch", 100, 1, 1000));
    auto store = aggregator::open_sqlite_store(a.require("--db"));
    if (!store) throw std::runtime_error(store.error().message);
    auto& s = **store;
    if (!s.add_enrol_code("h", "hub", 0, 1LL << 40)) throw std::runtime_error("code");
    if (!s.enrol_device("h", aggregator::NewDevice{"dev-bench", "bench", "th", 0}, 1))
        throw std::runtime_error("device");
    std::vector<std::vector<aggregator::IncomingItem>> all(static_cast<std::size_t>(batches));
    std::int64_t seq = 0;
    for (auto& items : all)
        for (int i = 0; i < batch; ++i) {
            aggregator::IncomingItem it;
            Response r = test::test_response(crypto::uuid4(), ++seq);
            it.id = r.id;
            it.seq = r.seq;
            it.question_set_id = r.question_set_id;
            it.question_set_version = 1;
            it.created_hour = r.created_hour;
            it.sealed = crypto::random_bytes(encode_response(r).size() + 48);
            it.sha256 = crypto::sha256_hex(it.sealed);
            it.scores = {0.75, 0.0, std::nullopt};
            it.themes = {"t-chip-b", "t-smile", "t-yes"};
            it.opened = std::move(r);
            items.push_back(std::move(it));
        }
    const auto start = Clock::now();
    std::vector<double> latencies_ms;
    for (const auto& items : all) {
        const auto t0 = Clock::now();
        auto r = s.store_batch("dev-bench", crypto::uuid4(), items, 2);
        if (!r) throw std::runtime_error(r.error().message);
        latencies_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    nlohmann::json out = {{"batches", batches},
                          {"batch", batch},
                          {"seconds", seconds},
                          {"responses_per_s", static_cast<double>(batches) * batch / seconds},
                          {"p99_ms", percentile(latencies_ms, 0.99)}};
    std::cout << out.dump() << "\n";
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    try {
        if (argc < 2) throw cli::UsageError("usage: lp_aggregator_bench http|sqlite [options]");
        const std::string mode = argv[1];
        auto args = cli::parse(argc, argv, 2, {"--url", "--ca", "--pub", "--codes", "--fake-clients", "--batches",
                                               "--batch", "--db", "--rate"},
                               {"--help"});
        if (mode == "http") return run_http(args);
        if (mode == "sqlite") return run_sqlite(args);
        throw cli::UsageError("unknown mode " + mode);
    } catch (...) {
        return cli::exit_for_exception("lp_aggregator_bench");
    }
}
