#pragma once
// The incremental indexer: turns responses the aggregator stored (from a cursor, the last
// indexed responses.pk) into summary rows, comment→theme links (theme linker, with matched
// words) and safeguarding queue items (scan hits and needs_help flags).
#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <lp/aggregator/question_sets.hpp>
#include <lp/dashboard/store.hpp>
#include <lp/shared/linker.hpp>
#include <lp/shared/safeguarding.hpp>
#include <memory>
#include <mutex>
#include <thread>

namespace lp::dashboard {

/// What one response contributes (pure: no storage). Unknown questions count toward nothing.
/// The comment is scanned by the safeguarding rules and, when given, the model's second opinion
/// (docs/safeguarding.md); a model-only flag lists the words it weighed and "(second opinion)".
IndexedResponse index_response(const RawResponse& raw, const aggregator::QuestionSetCatalog& sets,
                               const Linker& linker, const SafeguardingScorer* safeguarding_model = nullptr);

class Indexer {
public:
    /// Links with a shared linker (council_linker.hpp); relink() may swap it later.
    Indexer(DashboardStore& store, const aggregator::QuestionSetCatalog& sets, std::shared_ptr<const Linker> linker,
            std::shared_ptr<const SafeguardingScorer> safeguarding_model = nullptr)
        : store_(store), sets_(sets), linker_(std::move(linker)), safeguarding_model_(std::move(safeguarding_model)) {}
    /// Links with a linker the caller keeps alive for the indexer's lifetime.
    Indexer(DashboardStore& store, const aggregator::QuestionSetCatalog& sets, const Linker& linker,
            std::shared_ptr<const SafeguardingScorer> safeguarding_model = nullptr)
        : Indexer(store, sets, std::shared_ptr<const Linker>(&linker, [](const Linker*) {}),
                  std::move(safeguarding_model)) {}

    /// Indexes up to batch responses after the cursor in one transaction; returns how many.
    Result<int> run_once(int batch);
    /// Indexes until nothing is left; returns the total.
    Result<std::int64_t> run_until_idle(int batch);
    /// Links every stored response again with linker (kept for later passes): resets the index
    /// (managers' corrections and acknowledgements stay) and indexes until idle, with no other
    /// pass in between. Returns how many responses were indexed.
    Result<std::int64_t> relink(std::shared_ptr<const Linker> linker, int batch);
    /// The linker passes use now.
    std::shared_ptr<const Linker> linker();

private:
    Result<int> pass(int batch);  // run_once without the lock
    DashboardStore& store_;
    const aggregator::QuestionSetCatalog& sets_;
    std::shared_ptr<const Linker> linker_;  // swapped only under run_mutex_
    std::shared_ptr<const SafeguardingScorer> safeguarding_model_;
    std::mutex run_mutex_;  // one pass at a time (background thread and relink)
};

/// Runs an Indexer every interval on its own thread until destroyed.
class BackgroundIndexer {
public:
    BackgroundIndexer(Indexer& indexer, int interval_ms, int batch);
    ~BackgroundIndexer();
    BackgroundIndexer(const BackgroundIndexer&) = delete;
    BackgroundIndexer& operator=(const BackgroundIndexer&) = delete;

    /// Wakes the thread now (e.g. right after ingest or in tests).
    void poke();

private:
    void loop();
    Indexer& indexer_;
    int interval_ms_;
    int batch_;
    std::mutex m_;
    std::condition_variable cv_;
    bool stop_ = false;
    bool poked_ = false;
    std::thread thread_;
};

}  // namespace lp::dashboard
