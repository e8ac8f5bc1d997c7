// Save latency of the outbox with synchronous=FULL: N sealed responses, one transaction each.
// Prints one JSON object. Run by tests/bench/kiosk.sh (not a test: it asserts nothing).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <lp/kiosk/outbox.hpp>
#include <lp/shared/crypto.hpp>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: lp_kiosk_save_bench DB_PATH COUNT\n");
        return 2;
    }
    int n = std::atoi(argv[2]);
    auto ob = lp::kiosk::Outbox::open(argv[1]);
    if (!ob) {
        std::fprintf(stderr, "lp_kiosk_save_bench: %s\n", ob.error().message.c_str());
        return 1;
    }
    auto kp = lp::crypto::generate_keypair();
    lp::kiosk::SealingKey key{};
    std::copy(kp.public_key.begin(), kp.public_key.end(), key.begin());
    lp::Response r;
    r.question_set_id = "care-leavers";
    r.question_set_version = 1;
    r.age_band = lp::AgeBand::care_leaver_16_25;
    for (int i = 0; i < 13; ++i) r.answers.push_back(lp::Answer::of_scale("q" + std::to_string(i), 1 + i % 5));
    r.comment = "my PA never rings back and I want help with money and somewhere to live";
    std::vector<double> ms;
    ms.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        auto t0 = std::chrono::steady_clock::now();
        auto st = ob->save(r, key);
        auto t1 = std::chrono::steady_clock::now();
        if (!st) {
            std::fprintf(stderr, "lp_kiosk_save_bench: %s\n", st.error().message.c_str());
            return 1;
        }
        ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
    std::sort(ms.begin(), ms.end());
    auto pct = [&](double p) {
        return ms[std::min(ms.size() - 1, static_cast<std::size_t>(p * static_cast<double>(ms.size())))];
    };
    std::printf("{\"count\": %d, \"p50_ms\": %.3f, \"p99_ms\": %.3f, \"max_ms\": %.3f}\n", n, pct(0.5), pct(0.99),
                ms.back());
    return 0;
}
