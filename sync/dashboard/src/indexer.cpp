#include <chrono>
#include <iostream>
#include <lp/dashboard/indexer.hpp>
#include <lp/dashboard/worker.hpp>
#include <lp/shared/safeguarding.hpp>
#include <nlohmann/json.hpp>

namespace lp::dashboard {

IndexedResponse index_response(const RawResponse& raw, const aggregator::QuestionSetCatalog& sets,
                               const Linker& linker, const SafeguardingScorer* safeguarding_model) {
    IndexedResponse out;
    out.pk = raw.pk;
    out.site = raw.site;
    out.month = raw.created_hour.substr(0, 7);
    out.created_hour = raw.created_hour;
    out.age_band = raw.age_band;
    out.question_set = raw.question_set;
    out.received_at = raw.received_at;
    out.needs_help = raw.needs_help;
    const QuestionSet* set = sets.find(raw.question_set, raw.question_set_version);
    if (!set) set = sets.latest(raw.question_set);
    for (const auto& a : raw.answers) {
        const Question* q = set ? set->find(a.question) : nullptr;
        if (!q) continue;
        IndexedAnswer ia;
        ia.question = a.question;
        ia.themes = q->themes;
        if (a.state == "rather_not_say") {
            ia.value = "rather_not_say";
        } else if (a.state == "value") {
            ia.score = a.score;
            if (q->kind == QuestionKind::yes_no)
                ia.value = a.value_text;
            else if ((q->kind == QuestionKind::smiley3 || q->kind == QuestionKind::smiley5) && a.value_int)
                ia.value = std::to_string(*a.value_int);
        }
        if (ia.value.empty() && !ia.score) continue;
        out.answers.push_back(std::move(ia));
    }
    if (!raw.comment.empty()) {
        out.has_comment = true;
        for (auto& l : linker.link(raw.comment)) out.comment_links.push_back({l.id, l.score, std::move(l.matched)});
        out.read_first = !safeguarding_can_read(raw.language, raw.comment);
        auto hit = scan_safeguarding(raw.comment, safeguarding_model);
        if (hit.flagged) {
            out.safeguarding_matched = std::move(hit.matched);
            if (hit.by_model) out.safeguarding_matched.push_back("(second opinion)");
            out.safeguarding_categories = std::move(hit.categories);
            if (out.safeguarding_matched.empty()) out.safeguarding_matched.push_back("(flagged)");
        }
        // In doubt (cues set aside, or a second-opinion score just under the bar): no alert, but a
        // person still reads it first.
        if (hit.read_first) out.read_first = true;
    }
    return out;
}

Result<int> Indexer::run_once(int batch) {
    std::lock_guard<std::mutex> lock(run_mutex_);
    return pass(batch);
}

Result<int> Indexer::pass(int batch) {
    auto cursor = store_.cursor();
    if (!cursor) return cursor.error();
    auto raw = store_.raw_responses_after(*cursor, batch);
    if (!raw) return raw.error();
    std::vector<IndexedResponse> indexed;
    indexed.reserve(raw->size());
    for (const auto& r : *raw) indexed.push_back(index_response(r, sets_, *linker_, safeguarding_model_.get()));
    if (auto s = store_.apply_indexed(indexed); !s) return s.error();
    return static_cast<int>(indexed.size());
}

namespace {

/// Runs one(batch) until it handles fewer than batch rows: the total handled, or the first error.
template <class One>
Result<std::int64_t> until_short(int batch, One one) {
    std::int64_t total = 0;
    for (;;) {
        auto n = one(batch);
        if (!n) return n.error();
        total += *n;
        if (*n < batch) return total;
    }
}

}  // namespace

Result<std::int64_t> Indexer::run_until_idle(int batch) {
    return until_short(batch, [this](int b) { return run_once(b); });
}

Result<std::int64_t> Indexer::relink(std::shared_ptr<const Linker> linker, int batch) {
    std::lock_guard<std::mutex> lock(run_mutex_);
    if (linker) linker_ = std::move(linker);
    if (auto s = store_.reset_index(); !s) return s.error();
    return until_short(batch, [this](int b) { return pass(b); });
}

std::shared_ptr<const Linker> Indexer::linker() {
    std::lock_guard<std::mutex> lock(run_mutex_);
    return linker_;
}

BackgroundIndexer::BackgroundIndexer(Indexer& indexer, int interval_ms, int batch)
    : indexer_(indexer), interval_ms_(interval_ms), batch_(batch), thread_([this] { loop(); }) {}

BackgroundIndexer::~BackgroundIndexer() { stop_worker(m_, cv_, stop_, thread_); }

void BackgroundIndexer::poke() {
    {
        std::lock_guard<std::mutex> lock(m_);
        poked_ = true;
    }
    cv_.notify_all();
}

void BackgroundIndexer::loop() {
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(m_);
            cv_.wait_for(lock, std::chrono::milliseconds(interval_ms_), [this] { return stop_ || poked_; });
            if (stop_) return;
            poked_ = false;
        }
        // A busy database (the aggregator writing a big batch) is retried on the next tick.
        auto n = indexer_.run_once(batch_);
        if (!n)
            std::cerr << nlohmann::json{{"event", "dashboard indexer failed"}, {"message", n.error().message}}.dump(
                             -1, ' ', false, nlohmann::json::error_handler_t::replace)
                      << "\n";
        else if (*n == batch_)
            poke();  // more is waiting: carry on without sleeping
    }
}

}  // namespace lp::dashboard
