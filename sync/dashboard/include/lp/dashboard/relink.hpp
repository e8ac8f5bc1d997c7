#pragma once
// Relinking a council's comments with what its managers taught the linker: `lp-aggregator
// relink` runs it once; `serve` runs it every night at relink_hour (UTC, dashboard.conf).
//
//   auto done = relink_council(store, indexer, assets + "/themes/taxonomy.json", 2000, true);
//   // done->corrections examples of the council's own went into the linker; done->responses relinked
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <lp/dashboard/indexer.hpp>
#include <lp/dashboard/store.hpp>
#include <mutex>
#include <string>
#include <thread>

namespace lp::dashboard {

struct RelinkResult {
    std::int64_t responses = 0;   // responses linked again
    std::size_t corrections = 0;  // the council's corrected comments the linker learnt from
    bool skipped = false;         // nothing new to learn: the indexer already links with this linker
};

/// Builds the council's linker (council_linker.hpp) and relinks every response with it. Unless
/// always, does nothing when that linker is the one the indexer already uses (no new corrections).
Result<RelinkResult> relink_council(DashboardStore& store, Indexer& indexer, const std::string& taxonomy_path,
                                    int batch, bool always);

/// Seconds from now (unix time) to the next hour_utc:00:00 UTC, in 1..86400.
std::int64_t seconds_until_hour(std::int64_t now, int hour_utc);

/// Runs job every day at hour_utc on its own thread until destroyed.
class NightlyJob {
public:
    NightlyJob(std::function<void()> job, int hour_utc);
    ~NightlyJob();
    NightlyJob(const NightlyJob&) = delete;
    NightlyJob& operator=(const NightlyJob&) = delete;

private:
    void loop();
    std::function<void()> job_;
    int hour_;
    std::mutex m_;
    std::condition_variable cv_;
    bool stop_ = false;
    std::thread thread_;
};

}  // namespace lp::dashboard
