#include <chrono>
#include <lp/dashboard/council_linker.hpp>
#include <lp/dashboard/worker.hpp>
#include <lp/dashboard/relink.hpp>
#include <lp/shared/time.hpp>

namespace lp::dashboard {

Result<RelinkResult> relink_council(DashboardStore& store, Indexer& indexer, const std::string& taxonomy_path,
                                    int batch, bool always) {
    auto corrections = council_corrections(store);
    if (!corrections) return corrections.error();
    auto linker = linker_with_corrections(taxonomy_path, *corrections);
    if (!linker) return linker.error();
    RelinkResult out;
    out.corrections = corrections->size();
    if (!always && indexer.linker() == *linker) {
        out.skipped = true;
        return out;
    }
    auto n = indexer.relink(*linker, batch);
    if (!n) return n.error();
    out.responses = *n;
    return out;
}

std::int64_t seconds_until_hour(std::int64_t now, int hour_utc) {
    const std::int64_t day = 86400;
    const std::int64_t target = ((hour_utc % 24) + 24) % 24 * 3600;
    const std::int64_t into_day = ((now % day) + day) % day;
    const std::int64_t wait = (target - into_day + day) % day;
    return wait == 0 ? day : wait;
}

NightlyJob::NightlyJob(std::function<void()> job, int hour_utc)
    : job_(std::move(job)), hour_(hour_utc), thread_([this] { loop(); }) {}

NightlyJob::~NightlyJob() { stop_worker(m_, cv_, stop_, thread_); }

void NightlyJob::loop() {
    std::unique_lock<std::mutex> lock(m_);
    while (!stop_) {
        const auto wait = std::chrono::seconds(seconds_until_hour(now_unix(), hour_));
        if (cv_.wait_for(lock, wait, [this] { return stop_; })) return;
        lock.unlock();
        job_();
        lock.lock();
    }
}

}  // namespace lp::dashboard
