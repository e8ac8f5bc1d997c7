#pragma once
// In-memory abuse controls: a token bucket per key (device requests) and a failure counter
// with lockout per key (enrolment attempts per address). Thread-safe.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace lp::aggregator {

class RateLimiter {
public:
    using Clock = std::chrono::steady_clock;
    /// per_minute tokens refill continuously up to burst; 0 per_minute disables the limit.
    RateLimiter(int per_minute, int burst, std::size_t max_keys = 100000);

    /// Takes one token for key. Returns 0 when allowed, else the seconds to wait (Retry-After).
    int acquire(const std::string& key, Clock::time_point now = Clock::now());

private:
    struct Bucket {
        double tokens;
        Clock::time_point last;
    };
    double per_second_;
    double burst_;
    std::size_t max_keys_;
    std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
};

class FailureLockout {
public:
    using Clock = std::chrono::steady_clock;
    FailureLockout(int max_failures, int lockout_s, std::size_t max_keys = 100000);

    /// Seconds the key is still locked out (0 when it may try).
    int locked_for(const std::string& key, Clock::time_point now = Clock::now());
    /// Counts a failure; the max_failures-th one starts the lockout.
    void record_failure(const std::string& key, Clock::time_point now = Clock::now());
    /// Forgets the key's failures (after a success).
    void record_success(const std::string& key);

private:
    struct Entry {
        int failures = 0;
        Clock::time_point locked_until{};
        Clock::time_point last{};
    };
    int max_failures_;
    std::chrono::seconds lockout_;
    std::size_t max_keys_;
    std::mutex mutex_;
    std::unordered_map<std::string, Entry> entries_;
};

}  // namespace lp::aggregator
