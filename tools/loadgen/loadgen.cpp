// The simulation: phase 1 enrols every kiosk (parallel, through lp::sync::enrol), phase 2 runs
// a small pool of workers over a time-ordered queue of kiosks. When a kiosk's turn comes it
// saves the responses that are due and, if its sync interval has passed, runs one pass of the
// real SyncEngine over its in-memory outbox. A new engine (and so a new connection) per pass,
// as a kiosk waking up to sync does; a failed pass is retried after a jittered backoff.
#include "loadgen.hpp"

#include <lp/aggregator/store_factory.hpp>
#include <lp/shared/crypto.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/question_set.hpp>
#include <lp/shared/response_codec.hpp>
#include <lp/shared/time.hpp>
#include <lp/client/engine.hpp>
#include <lp/client/enrol.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <queue>
#include <random>
#include <set>
#include <sstream>
#include <thread>

namespace lp::loadgen {

namespace {

using Clock = std::chrono::steady_clock;

// An outbox in memory: what a kiosk's SQLite outbox does, minus the disk.
class MemoryOutbox final : public sync::OutboxPort {
public:
    void add(wire::Item item) { pending_.push_back(std::move(item)); }
    Result<std::vector<wire::Item>> pending(std::size_t limit) override {
        return std::vector<wire::Item>(pending_.begin(), pending_.begin() + static_cast<std::ptrdiff_t>(
                                                                              std::min(limit, pending_.size())));
    }
    Result<std::int64_t> pending_count() override { return static_cast<std::int64_t>(pending_.size()); }
    Status mark_sent(const std::vector<std::string>& ids, std::int64_t) override {
        for (const auto& id : ids) {
            if (!acked_.insert(id).second) ++reacked_;
            remove(id);
        }
        return ok_status();
    }
    Status quarantine(const std::string& id, const std::string&) override {
        ++rejected_;
        remove(id);
        return ok_status();
    }
    Result<std::int64_t> purge_sent_before(std::int64_t) override { return std::int64_t{0}; }

    std::size_t size() const { return pending_.size(); }
    const std::set<std::string>& acked() const { return acked_; }
    std::int64_t reacked() const { return reacked_; }
    std::int64_t rejected() const { return rejected_; }

private:
    void remove(const std::string& id) {
        pending_.erase(std::remove_if(pending_.begin(), pending_.end(), [&](const wire::Item& i) { return i.id == id; }),
                       pending_.end());
    }
    std::vector<wire::Item> pending_;
    std::set<std::string> acked_;
    std::int64_t reacked_ = 0, rejected_ = 0;
};

struct Kiosk {
    sync::DeviceConfig device;
    std::array<std::uint8_t, crypto::public_key_bytes> key{};
    QuestionSet set;
    MemoryOutbox outbox;
    std::int64_t seq = 0;
    int created = 0;
    int failed_passes = 0;
    Clock::time_point next_sync{};
    std::map<std::string, std::string> sha_by_id;  // everything this kiosk created
};

// A plausible response to the kiosk's question set (validated before it is sealed).
Response make_response(const QuestionSet& set, std::int64_t seq, std::minstd_rand& rng) {
    Response r;
    r.id = crypto::uuid4();
    r.seq = seq;
    r.question_set_id = set.id;
    r.question_set_version = set.version;
    r.created_hour = hour_rounded_utc(now_unix());
    const AgeBand bands[] = {AgeBand::age_8_12, AgeBand::age_13_17, AgeBand::care_leaver_16_25, AgeBand::unsaid};
    r.age_band = bands[rng() % 4];
    r.language = set.languages.empty() ? "en" : set.languages.front();
    for (const auto& q : set.questions) {
        if (rng() % 10 == 0) {
            r.answers.push_back(Answer::skipped(q.id));
            continue;
        }
        switch (q.kind) {
            case QuestionKind::smiley3:
            case QuestionKind::smiley5:
                r.answers.push_back(Answer::of_scale(q.id, 1 + static_cast<int>(rng() % static_cast<unsigned>(q.scale_points()))));
                break;
            case QuestionKind::yes_no: {
                const char* c[] = {"yes", "unsure", "no"};
                r.answers.push_back(Answer::of_choice(q.id, c[rng() % 3]));
                break;
            }
            case QuestionKind::chips:
                if (!q.options.empty()) r.answers.push_back(Answer::of_chips(q.id, {q.options[rng() % q.options.size()].id}));
                break;
            case QuestionKind::comment:
                if (rng() % 3 == 0) r.comment = "load test comment " + std::to_string(seq);
                break;
        }
    }
    return r;
}

double percentile(std::vector<double>& v, double p) {
    if (v.empty()) return 0;
    std::size_t k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5);
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return v[k];
}

std::string error_kind(const sync::PassReport& r) {
    std::string d = r.detail.substr(0, 60);
    for (auto& c : d)
        if (c == '\n' || c == '"') c = ' ';
    return std::string(sync::to_string(r.state)) + (d.empty() ? "" : ": " + d);
}

// Reads our kiosks' rows back from the store: every acknowledged id must be there once.
void verify(const Options& o, const std::vector<std::unique_ptr<Kiosk>>& kiosks, std::int64_t since, Report& r) {
    auto store = aggregator::open_store(o.verify_store, o.verify_base_dir);
    if (!store) {
        r.verify_error = store.error().message;
        return;
    }
    std::map<std::string, const Kiosk*> by_device;
    for (const auto& k : kiosks)
        if (k) by_device[k->device.device_id] = k.get();
    std::map<std::pair<std::string, std::string>, int> seen;  // (device, id) → rows
    std::map<std::string, int> sha_seen;
    auto s = (*store)->for_each_response(since, [&](const aggregator::StoredResponse& row) {
        auto k = by_device.find(row.device_id);
        if (k == by_device.end()) return;
        ++r.in_store;
        ++seen[{row.device_id, row.response.id}];
        ++sha_seen[row.sha256];
        auto created = k->second->sha_by_id.find(row.response.id);
        if (created == k->second->sha_by_id.end() || created->second != row.sha256) ++r.duplicated;  // not ours
    });
    if (!s) {
        r.verify_error = s.error().message;
        return;
    }
    for (const auto& [sha, n] : sha_seen) r.duplicated += n - 1;
    for (const auto& [key, n] : seen) r.duplicated += n - 1;
    for (const auto& k : kiosks) {
        if (!k) continue;
        for (const auto& id : k->outbox.acked())
            if (!seen.count({k->device.device_id, id})) ++r.lost;
    }
    r.verified = true;
}

}  // namespace

bool Report::clean() const {
    return enrol_failures == 0 && pending == 0 && reacknowledged == 0 && rejected == 0 && !timed_out &&
           (verify_error.empty()) && lost == 0 && duplicated == 0;
}

Report run(const Options& o) {
    Report report;
    const auto deadline = Clock::now() + std::chrono::seconds(o.duration_s);
    const std::int64_t started_unix = now_unix();
    std::vector<std::unique_ptr<Kiosk>> kiosks(static_cast<std::size_t>(o.kiosks));
    std::mutex m;

    // [SECTION] Phase 1: enrol every kiosk
    const auto enrol_start = Clock::now();
    {
        std::atomic<int> next{0};
        std::vector<std::thread> pool;
        for (int t = 0; t < std::max(1, o.threads); ++t)
            pool.emplace_back([&] {
                for (int i = next++; i < o.kiosks; i = next++) {
                    if (Clock::now() > deadline) break;
                    auto k = std::make_unique<Kiosk>();
                    sync::EnrolRequest req;
                    req.data_dir = o.work_dir + "/kiosk-" + std::to_string(i);
                    req.server_url = o.server_url;
                    req.code = o.codes[static_cast<std::size_t>(i)];
                    req.name = "loadgen-" + std::to_string(i);
                    req.ca_file = o.ca_file;
                    (void)make_dirs(req.data_dir);
                    Result<sync::DeviceConfig> d = Error{Errc::internal, "not tried"};
                    bool reply_lost = false;
                    for (int attempt = 0; attempt < 8 && !d; ++attempt) {  // a 5xx or a dropped connection
                        d = sync::enrol(req);
                        if (!d && d.error().code == Errc::invalid_input) {
                            // Used up: by our own earlier attempt whose reply never arrived?
                            if (!reply_lost || !o.replacement_code) break;
                            auto fresh = o.replacement_code();
                            if (!fresh) break;
                            req.code = *fresh;
                            reply_lost = false;
                            std::lock_guard<std::mutex> lock(m);
                            ++report.codes_replaced;
                            continue;
                        }
                        if (!d) {
                            reply_lost = true;
                            std::this_thread::sleep_for(std::chrono::milliseconds(200 * (attempt + 1)));
                        }
                    }
                    auto set = d ? load_question_set(sync::question_set_path(req.data_dir))
                                 : Result<QuestionSet>(Error{Errc::internal, "no enrolment"});
                    std::lock_guard<std::mutex> lock(m);
                    if (!d || !set || !d->sealing_key()) {
                        ++report.enrol_failures;
                        ++report.errors["enrol: " + (d ? (set ? std::string("bad key") : set.error().message)
                                                       : d.error().message).substr(0, 60)];
                        continue;
                    }
                    k->device = *d;
                    k->key = *d->sealing_key();
                    k->set = std::move(*set);
                    kiosks[static_cast<std::size_t>(i)] = std::move(k);
                    ++report.kiosks_enrolled;
                }
            });
        for (auto& t : pool) t.join();
    }
    report.enrol_s = std::chrono::duration<double>(Clock::now() - enrol_start).count();

    // [SECTION] Phase 2: save and sync on a schedule
    using Slot = std::pair<Clock::time_point, std::size_t>;
    std::priority_queue<Slot, std::vector<Slot>, std::greater<Slot>> due;
    const auto sync_start = Clock::now();
    std::minstd_rand seed_rng(12345);
    for (std::size_t i = 0; i < kiosks.size(); ++i)
        if (kiosks[i]) {
            // Kiosks start spread over one create interval, as real ones are not in step.
            due.push({sync_start + std::chrono::milliseconds(seed_rng() % static_cast<unsigned>(std::max(1, o.create_every_ms))), i});
        }
    std::condition_variable cv;
    std::size_t active = 0;
    std::vector<double> latencies;
    std::vector<std::thread> pool;
    for (int t = 0; t < std::max(1, o.threads); ++t)
        pool.emplace_back([&, t] {
            std::minstd_rand rng(static_cast<unsigned>(t) * 7919u + 17u);
            std::vector<double> mine;
            std::map<std::string, std::int64_t> my_errors;
            std::int64_t my_batches = 0;
            std::unique_lock<std::mutex> lock(m);
            while (true) {
                if (due.empty()) {
                    if (active == 0) break;
                    cv.wait_for(lock, std::chrono::milliseconds(50));
                    continue;
                }
                const auto [when, index] = due.top();
                if (Clock::now() > deadline) break;
                if (when > Clock::now()) {
                    cv.wait_until(lock, std::min(when, deadline));
                    continue;
                }
                due.pop();
                ++active;
                lock.unlock();

                Kiosk& k = *kiosks[index];
                const auto now = Clock::now();
                const auto since_start = std::chrono::duration_cast<std::chrono::milliseconds>(now - sync_start).count();
                const int should_have = std::min<int>(o.responses_per_kiosk,
                                                      static_cast<int>(since_start / std::max(1, o.create_every_ms)) + 1);
                while (k.created < should_have) {
                    const Response r = make_response(k.set, ++k.seq, rng);
                    auto item = wire::make_item(r.id, r.seq, r.question_set_id, r.question_set_version, r.created_hour,
                                                crypto::seal(encode_response(r), k.key));
                    k.sha_by_id[item.id] = item.sha256;
                    k.outbox.add(std::move(item));
                    ++k.created;
                }
                if (k.outbox.size() > 0 && now >= k.next_sync) {
                    sync::SyncSettings settings;
                    settings.batch_size = static_cast<std::size_t>(o.batch_size);
                    settings.timeouts.connect_timeout_s = 5;
                    settings.timeouts.low_speed_time_s = 10;
                    sync::SyncEngine engine(k.device, settings);
                    auto last = Clock::now();
                    auto report_pass = engine.run_pass(k.outbox, [&](const sync::PassProgress& p) {
                        const auto t2 = Clock::now();
                        if (p.done > 0) mine.push_back(std::chrono::duration<double, std::milli>(t2 - last).count());
                        last = t2;
                    });
                    my_batches += report_pass.batches;
                    if (report_pass.state == sync::PassState::complete) {
                        k.failed_passes = 0;
                        k.next_sync = Clock::now() + std::chrono::milliseconds(o.sync_every_ms);
                    } else {
                        ++my_errors[error_kind(report_pass)];
                        ++k.failed_passes;
                        const std::int64_t ceiling = std::min<std::int64_t>(4000, 250LL << std::min(k.failed_passes, 4));
                        std::int64_t wait_ms = static_cast<std::int64_t>(rng() % static_cast<unsigned>(ceiling)) + 50;
                        if (report_pass.retry_after_s) wait_ms = std::max<std::int64_t>(wait_ms, *report_pass.retry_after_s * 1000);
                        k.next_sync = Clock::now() + std::chrono::milliseconds(wait_ms);
                    }
                }
                const bool finished = k.created >= o.responses_per_kiosk && k.outbox.size() == 0;
                lock.lock();
                --active;
                if (!finished) {
                    auto next_create = sync_start + std::chrono::milliseconds(static_cast<std::int64_t>(k.created) *
                                                                              std::max(1, o.create_every_ms));
                    auto next = k.created < o.responses_per_kiosk ? next_create : k.next_sync;
                    if (k.outbox.size() > 0) next = std::min(next, std::max(k.next_sync, Clock::now()));
                    due.push({next, index});
                }
                cv.notify_all();
            }
            latencies.insert(latencies.end(), mine.begin(), mine.end());
            for (const auto& [kind, n] : my_errors) report.errors[kind] += n;
            report.batches += my_batches;
            if (!due.empty() && Clock::now() > deadline) report.timed_out = true;
            cv.notify_all();
        });
    for (auto& t : pool) t.join();
    report.sync_s = std::chrono::duration<double>(Clock::now() - sync_start).count();

    for (const auto& k : kiosks) {
        if (!k) continue;
        report.sent += k->created;
        report.acknowledged += static_cast<std::int64_t>(k->outbox.acked().size());
        report.reacknowledged += k->outbox.reacked();
        report.rejected += k->outbox.rejected();
        report.pending += static_cast<std::int64_t>(k->outbox.size());
        if (k->created < o.responses_per_kiosk) report.timed_out = true;
    }
    report.p50_ms = percentile(latencies, 0.50);
    report.p95_ms = percentile(latencies, 0.95);
    report.p99_ms = percentile(latencies, 0.99);
    report.max_ms = latencies.empty() ? 0 : *std::max_element(latencies.begin(), latencies.end());
    report.responses_per_s = report.sync_s > 0 ? static_cast<double>(report.acknowledged) / report.sync_s : 0;
    if (!o.verify_store.empty()) verify(o, kiosks, started_unix - 5, report);
    return report;
}

std::string to_json(const Report& r, const Options& o) {
    nlohmann::json j = {
        {"kiosks", o.kiosks},
        {"responses_per_kiosk", o.responses_per_kiosk},
        {"create_every_ms", o.create_every_ms},
        {"sync_every_ms", o.sync_every_ms},
        {"threads", o.threads},
        {"kiosks_enrolled", r.kiosks_enrolled},
        {"enrol_failures", r.enrol_failures},
        {"codes_replaced", r.codes_replaced},
        {"sent", r.sent},
        {"acknowledged", r.acknowledged},
        {"reacknowledged", r.reacknowledged},
        {"rejected", r.rejected},
        {"pending", r.pending},
        {"batches", r.batches},
        {"errors", r.errors},
        {"batch_latency_ms", {{"p50", r.p50_ms}, {"p95", r.p95_ms}, {"p99", r.p99_ms}, {"max", r.max_ms}}},
        {"enrol_s", r.enrol_s},
        {"sync_s", r.sync_s},
        {"responses_per_s", r.responses_per_s},
        {"verified", r.verified},
        {"in_store", r.in_store},
        {"lost", r.lost},
        {"duplicated", r.duplicated},
        {"verify_error", r.verify_error},
        {"timed_out", r.timed_out},
        {"clean", r.clean()},
    };
    return j.dump(2);
}

std::string to_text(const Report& r) {
    std::ostringstream o;
    o.setf(std::ios::fixed);
    o.precision(1);
    o << "kiosks enrolled " << r.kiosks_enrolled << " (failures " << r.enrol_failures << ", codes replaced after a lost reply "
      << r.codes_replaced << ") in " << r.enrol_s << " s\n"
      << "sent " << r.sent << ", acknowledged " << r.acknowledged << ", duplicates " << r.reacknowledged
      << ", rejected " << r.rejected << ", pending " << r.pending << " in " << r.sync_s << " s ("
      << r.responses_per_s << " responses/s, " << r.batches << " batches)\n"
      << "batch latency ms: p50 " << r.p50_ms << ", p95 " << r.p95_ms << ", p99 " << r.p99_ms << ", max " << r.max_ms
      << "\n";
    if (r.errors.empty()) o << "errors: none\n";
    for (const auto& [kind, n] : r.errors) o << "errors: " << n << " x " << kind << "\n";
    if (r.verified)
        o << "store: " << r.in_store << " rows of these kiosks, lost " << r.lost << ", duplicated " << r.duplicated << "\n";
    else if (!r.verify_error.empty())
        o << "store: not verified: " << r.verify_error << "\n";
    if (r.timed_out) o << "TIMED OUT before every kiosk drained\n";
    o << (r.clean() ? "OK: nothing lost, nothing duplicated, all drained\n" : "FAILED\n");
    return o.str();
}

}  // namespace lp::loadgen
