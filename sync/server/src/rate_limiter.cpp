#include <lp/aggregator/rate_limiter.hpp>

#include <algorithm>
#include <cmath>

namespace lp::aggregator {

RateLimiter::RateLimiter(int per_minute, int burst, std::size_t max_keys)
    : per_second_(per_minute / 60.0), burst_(std::max(1, burst)), max_keys_(max_keys) {}

int RateLimiter::acquire(const std::string& key, Clock::time_point now) {
    if (per_second_ <= 0) return 0;
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = buckets_.find(key);
    if (it == buckets_.end()) {
        // Bounded memory: full buckets carry no information, so they are dropped first.
        if (buckets_.size() >= max_keys_) {
            for (auto b = buckets_.begin(); b != buckets_.end();) {
                double refilled = b->second.tokens +
                                  std::chrono::duration<double>(now - b->second.last).count() * per_second_;
                b = refilled >= burst_ ? buckets_.erase(b) : std::next(b);
            }
        }
        it = buckets_.emplace(key, Bucket{burst_, now}).first;
    }
    Bucket& b = it->second;
    b.tokens = std::min(burst_, b.tokens + std::chrono::duration<double>(now - b.last).count() * per_second_);
    b.last = now;
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return 0;
    }
    return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / per_second_)));
}

FailureLockout::FailureLockout(int max_failures, int lockout_s, std::size_t max_keys)
    : max_failures_(std::max(1, max_failures)), lockout_(lockout_s), max_keys_(max_keys) {}

int FailureLockout::locked_for(const std::string& key, Clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end() || it->second.locked_until <= now) return 0;
    return std::max(1, static_cast<int>(
                           std::chrono::duration_cast<std::chrono::seconds>(it->second.locked_until - now).count()));
}

void FailureLockout::record_failure(const std::string& key, Clock::time_point now) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (entries_.size() >= max_keys_ && entries_.find(key) == entries_.end()) {
        // Forget entries idle for a whole lockout period; they can no longer lock anyone.
        for (auto e = entries_.begin(); e != entries_.end();)
            e = (now - e->second.last > lockout_ && e->second.locked_until <= now) ? entries_.erase(e) : std::next(e);
    }
    Entry& e = entries_[key];
    if (e.locked_until != Clock::time_point{} && e.locked_until <= now) e = Entry{};  // lockout over: fresh start
    if (now - e.last > lockout_) e.failures = 0;  // old failures expire
    e.last = now;
    if (++e.failures >= max_failures_) e.locked_until = now + lockout_;
}

void FailureLockout::record_success(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex_);
    entries_.erase(key);
}

}  // namespace lp::aggregator
