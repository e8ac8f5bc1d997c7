// Retention: the purge deletes exactly what policy says on both stores (this file is compiled
// into lp_dashboard_tests and, with LP_DASH_PG, into lp_dashboard_pg_tests), keeps unread
// comments and safeguarding items still needed, leaves the dashboard's figures equal to a fresh
// rebuild from the rows that remain, is audited and counted, and survives kill -9 midway.
#include <doctest/doctest.h>

#include <lp/aggregator/config.hpp>
#include <lp/dashboard/dashboard.hpp>
#include <lp/dashboard/indexer.hpp>
#include <lp/dashboard/retention.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/time.hpp>

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "dashboard_test_support.hpp"
#ifndef LP_DASH_PG
#include <httplib.h>

#include <thread>

#include "running_dashboard.hpp"
#endif

using namespace lp;

namespace {

constexpr std::int64_t day_s = 86400;

// An hour about months ago (30.5 days a month), in the kiosk's created_hour form.
std::string hour_months_ago(std::int64_t now, int months) {
    return hour_rounded_utc(now - static_cast<std::int64_t>(months * 30.5 * day_s));
}

// Everything a manager's figures are drawn from, in a form two stores' answers can be compared in.
struct Figures {
    std::map<std::string, std::string> themes;  // "theme month" -> "responses answers negatives score"
    std::map<std::string, std::int64_t> values;
    std::int64_t comments = 0;
    std::set<std::string> months;
    bool operator==(const Figures& o) const {
        return themes == o.themes && values == o.values && comments == o.comments && months == o.months;
    }
};

std::ostream& operator<<(std::ostream& os, const Figures& f) {
    os << "comments=" << f.comments << " themes:";
    for (const auto& [k, v] : f.themes) os << " [" << k << ": " << v << "]";
    os << " values:";
    for (const auto& [k, v] : f.values) os << " [" << k << "=" << v << "]";
    return os;
}

Figures figures(dashboard::DashboardStore& store) {
    Figures f;
    auto rows = store.theme_months({});
    REQUIRE(rows);
    for (const auto& r : *rows) {
        if (r.responses == 0 && r.answers == 0) continue;  // an emptied cell draws nothing
        std::ostringstream v;
        v << r.responses << " " << r.answers << " " << r.negatives << " " << std::lround(r.score_sum * 1000);
        f.themes[r.theme + " " + r.month] = v.str();
    }
    auto values = store.value_counts({}, {"pa-help", "pa-know"});
    REQUIRE(values);
    for (const auto& v : *values) f.values[v.question + "=" + v.value] += v.count;
    auto n = store.count_comments({});
    REQUIRE(n);
    f.comments = *n;
    auto months = store.months();
    REQUIRE(months);
    f.months.insert(months->begin(), months->end());
    return f;
}

// The figures the summaries would hold if rebuilt from the rows that remain now.
Figures rebuilt_figures(dashtest::Fixture& fx) {
    REQUIRE(fx.dash->reset_index());
    fx.index();
    return figures(*fx.dash);
}

// Every derived row still points at a response that exists.
void check_no_orphans(dashtest::Fixture& fx) {
    auto remaining = fx.dash->raw_responses_after(0, 1000000);
    REQUIRE(remaining);
    std::set<std::int64_t> pks;
    for (const auto& r : *remaining) pks.insert(r.pk);
    auto items = fx.dash->safeguarding_items(true, 100000);
    REQUIRE(items);
    for (const auto& i : *items) CHECK(pks.count(i.response) == 1);
    dashboard::CommentQuery q;
    q.limit = 100000;
    auto comments = fx.dash->comments(q);
    REQUIRE(comments);
    for (const auto& c : *comments) CHECK(pks.count(c.response) == 1);
    auto unread = fx.dash->unread_comments(100000, 0);
    REQUIRE(unread);
    for (const auto& u : *unread) CHECK(pks.count(u.response) == 1);
    // Alerts still queued (claimed here, so they also get delivery rows a later purge must remove).
    auto alerts = fx.dash->claim_alerts({"email"}, 0, now_unix(), 0, 100000);
    REQUIRE(alerts);
    for (const auto& a : *alerts) CHECK(pks.count(a.response) == 1);
}

const dashboard::RetentionPolicy policy{36, 72};

void read_all(dashtest::Fixture& fx, const std::set<std::int64_t>& except = {}) {
    auto unread = fx.dash->unread_comments(100000, 0);
    REQUIRE(unread);
    std::vector<std::int64_t> pks;
    for (const auto& u : *unread)
        if (!except.count(u.response)) pks.push_back(u.response);
    REQUIRE(fx.dash->mark_read(pks, false, "alice", now_unix()));
}

std::int64_t purge_audits(dashboard::DashboardStore& store) {
    auto log = store.audit_log(100000);
    REQUIRE(log);
    std::int64_t n = 0;
    for (const auto& e : *log) n += e.action == "purge";
    return n;
}

}  // namespace

TEST_CASE("retention cutoffs count whole months back from the current UTC month") {
    std::int64_t start = 0;
    CHECK(dashboard::months_before("2026-12", 36, &start) == "2023-12");
    CHECK(start == parse_iso_utc("2023-12-01T00:00:00Z"));
    CHECK(dashboard::months_before("2026-01", 1) == "2025-12");
    CHECK(dashboard::months_before("2026-03", 14) == "2025-01");
    const auto c = dashboard::retention_cutoffs(policy, parse_iso_utc("2026-12-07T09:30:00Z"));
    CHECK(c.response_month == "2023-12");
    CHECK(c.response_before == parse_iso_utc("2023-12-01T00:00:00Z"));
    CHECK(c.safeguarding_ack_before == parse_iso_utc("2020-12-01T00:00:00Z"));
    // A response from the first hour of the cutoff month is kept; one an hour earlier is due.
    CHECK_FALSE(std::string("2023-12-01T00:00:00Z") < c.response_month);
    CHECK(std::string("2023-11-30T23:00:00Z") < c.response_month);
    const std::string metrics = dashboard::purge_metrics({3, 2, 1, 0});
    CHECK(metrics.find("lp_purged_total{kind=\"responses\"} 3\n") != std::string::npos);
    CHECK(metrics.find("lp_purged_total{kind=\"safeguarding\"} 1\n") != std::string::npos);
}

TEST_CASE("aggregator.conf sets the retention periods and the purge hour, and refuses ones that make no sense") {
    test::TempDir dir;
    const std::string path = dir.path() + "/aggregator.conf";
    auto defaults = aggregator::load_config(path);  // no file: the defaults
    REQUIRE(defaults);
    CHECK(defaults->retention_months == 36);
    CHECK(defaults->safeguarding_retention_months == 72);
    CHECK(defaults->purge_hour == 4);
    // The written-out defaults read back the same.
    REQUIRE(write_file_atomic(path, aggregator::default_config_text()));
    auto written = aggregator::load_config(path);
    REQUIRE(written);
    CHECK(written->retention_months == 36);
    CHECK(written->purge_hour == 4);
    REQUIRE(write_file_atomic(path, "retention_months = 24\nsafeguarding_retention_months = 24\npurge_hour = -1\n"));
    auto set = aggregator::load_config(path);
    REQUIRE(set);
    CHECK(set->retention_months == 24);
    CHECK(set->safeguarding_retention_months == 24);
    CHECK(set->purge_hour == -1);
    for (const char* bad : {"retention_months = 0\n", "purge_hour = 24\n", "purge_hour = -2\n",
                            "retention_months = 48\nsafeguarding_retention_months = 36\n"}) {
        REQUIRE(write_file_atomic(path, bad));
        auto refused = aggregator::load_config(path);
        CHECK_FALSE(refused);
        if (!refused) CHECK(refused.error().message.find(path) != std::string::npos);
    }
}

TEST_CASE("the purge deletes old responses and comments, keeps recent ones, unread comments and safeguarding "
          "items still needed, and the figures match the rows that remain") {
    dashtest::Fixture fx;
    const auto dev = fx.add_device("Hub A");
    const std::int64_t now = now_unix();
    // 40 months ago: 6 plain answers, 3 comments (read), 1 comment nobody has read yet, 3 help requests.
    fx.add_responses(dev, 13, [&](int i, Response& r) {
        r.created_hour = hour_months_ago(now, 40);
        if (i >= 6 && i < 9) r.comment = "old comment read " + std::to_string(i);
        if (i == 9) r.comment = "old comment nobody has read";
        if (i >= 10) {
            r.needs_help = true;
            r.comment = "old help request " + std::to_string(i);
        }
        if (i % 2 == 0) r.answers[0] = Answer::of_scale("pa-help", 1);
    });
    // 80 months ago: two help requests acknowledged long ago.
    fx.add_responses(dev, 2, [&](int i, Response& r) {
        r.created_hour = hour_months_ago(now, 80);
        r.needs_help = true;
        r.comment = "very old help request " + std::to_string(i);
    });
    // This month and 20 months ago: kept whatever their state.
    fx.add_responses(dev, 4, [&](int i, Response& r) {
        r.created_hour = hour_months_ago(now, i < 2 ? 0 : 20);
        r.comment = "recent comment " + std::to_string(i);
    });
    REQUIRE(fx.index() == 19);

    std::map<std::string, std::int64_t> pk_of;  // comment text -> response pk
    {
        auto raws = fx.dash->raw_responses_after(0, 1000);
        REQUIRE(raws);
        for (const auto& r : *raws)
            if (!r.comment.empty()) pk_of[r.comment] = r.pk;
    }
    // A manager filed an old read comment under a theme by hand (a correction holding its text).
    auto cat = fx.linker->taxonomy();
    REQUIRE_FALSE(cat.themes.empty());
    REQUIRE(fx.dash->correct_link(pk_of.at("old comment read 6"), cat.themes.front().id, true, "alice", now));
    read_all(fx, {pk_of.at("old comment nobody has read")});
    // Safeguarding: item 10 acknowledged today (kept 72 months from now), item 11 acknowledged
    // 40 months ago (inside 72), item 12 never acknowledged; the very old ones acknowledged 78
    // months ago (past 72: due).
    auto items = fx.dash->safeguarding_items(true, 100);
    REQUIRE(items);
    REQUIRE(items->size() == 5);
    std::map<std::string, std::int64_t> item_of;
    for (const auto& i : *items) item_of[i.comment] = i.id;
    REQUIRE(fx.dash->acknowledge(item_of.at("old help request 10"), "alice", "escalated to duty team", now));
    REQUIRE(fx.dash->acknowledge(item_of.at("old help request 11"), "alice", "called back", now - 40 * 31 * day_s));
    for (int i = 0; i < 2; ++i)
        REQUIRE(fx.dash->acknowledge(item_of.at("very old help request " + std::to_string(i)), "alice", "done",
                                     now - 78 * 31 * day_s));

    const auto cutoffs = dashboard::retention_cutoffs(policy, now);
    const auto index = dashboard::response_indexer(fx.sets, std::shared_ptr<const Linker>(fx.linker.get(), [](const Linker*) {}));
    const Figures before = figures(*fx.dash);
    check_no_orphans(fx);  // also queues the help requests' alert deliveries, which must go with them
    CHECK(fx.dash->claim_alerts({"email"}, 0, now_unix(), 0, 100)->size() == 5);

    // Due: 6 plain + 3 read comments (40 months) + 2 very old help requests with their comments.
    const dashboard::PurgeCounts expected{11, 5, 2, 0};
    auto due = fx.dash->purge_due(cutoffs);
    REQUIRE(due);
    CHECK(*due == expected);

    SUBCASE("a dry run counts and changes nothing") {
        auto dry = dashboard::purge(*fx.dash, cutoffs, index, 4, true, "retention", now);
        REQUIRE(dry);
        CHECK(dry->counts == expected);
        CHECK(figures(*fx.dash) == before);
        CHECK(purge_audits(*fx.dash) == 0);
        CHECK(fx.dash->purged_totals()->total() == 0);
        CHECK(fx.dash->raw_responses_after(0, 1000)->size() == 19);
    }

    SUBCASE("the purge deletes exactly that, in batches, audited and counted") {
        auto done = dashboard::purge(*fx.dash, cutoffs, index, 4, false, "retention", now);
        REQUIRE(done);
        CHECK(done->counts == expected);
        CHECK(done->batches == 3);  // 11 responses in batches of 4
        auto raws = fx.dash->raw_responses_after(0, 1000);
        REQUIRE(raws);
        std::set<std::string> kept;
        for (const auto& r : *raws) kept.insert(r.comment);
        CHECK(kept == std::set<std::string>{"old comment nobody has read", "old help request 10", "old help request 11",
                                            "old help request 12", "recent comment 0", "recent comment 1",
                                            "recent comment 2", "recent comment 3"});
        auto left = fx.dash->safeguarding_items(true, 100);
        REQUIRE(left);
        CHECK(left->size() == 3);
        for (const auto& i : *left) CHECK(i.comment.rfind("old help request 1", 0) == 0);
        // The correction held the comment's words: it went with the comment.
        auto examples = fx.dash->labelled_examples();
        REQUIRE(examples);
        CHECK(examples->empty());
        check_no_orphans(fx);
        // Audit: one entry per batch, by "retention", with its counts and cutoffs.
        auto log = fx.dash->audit_log(50);
        REQUIRE(log);
        CHECK(purge_audits(*fx.dash) == 3);
        CHECK(log->front().user == "retention");
        CHECK(log->front().detail.find("made before " + cutoffs.response_month) != std::string::npos);
        auto totals = fx.dash->purged_totals();
        REQUIRE(totals);
        CHECK(*totals == expected);
        // Figures drawn from the trimmed summaries equal a rebuild from what is left, and differ
        // from before (the old month lost answers).
        const Figures after = figures(*fx.dash);
        CHECK_FALSE(after == before);
        CHECK(after.comments == 8);
        CHECK(after == rebuilt_figures(fx));
        // Nothing more is due: a second run deletes nothing and writes no audit entry.
        auto again = dashboard::purge(*fx.dash, cutoffs, index, 4, false, "retention", now);
        REQUIRE(again);
        CHECK(again->counts.total() == 0);
        CHECK(purge_audits(*fx.dash) == 3);
        // Once the unread comment is read and the open item acknowledged long ago enough, they go too.
        read_all(fx);
        REQUIRE(fx.dash->acknowledge(item_of.at("old help request 12"), "alice", "late", now - 80 * 31 * day_s));
        auto last = dashboard::purge(*fx.dash, cutoffs, index, 4, false, "retention", now);
        REQUIRE(last);
        CHECK(last->counts == dashboard::PurgeCounts{2, 2, 1, 0});
        CHECK(figures(*fx.dash) == rebuilt_figures(fx));
    }
}

TEST_CASE("the server's daily purge deletes what its policy says, audited as retention") {
    dashtest::Fixture fx;
    const auto dev = fx.add_device("Hub A");
    const std::int64_t now = now_unix();
    fx.add_responses(dev, 5, [&](int, Response& r) { r.created_hour = hour_months_ago(now, 30); });
    fx.add_responses(dev, 3, [&](int, Response& r) { r.created_hour = hour_months_ago(now, 2); });
    dashboard::DashboardParts parts;
    parts.aggregator_store = fx.agg.get();
    parts.question_sets = fx.sets;
    parts.assets_dir = dashtest::assets_dir();
    parts.store = fx.open_dashboard();
    parts.retention = {24, 72};  // a council that keeps two years
    auto dash = dashboard::Dashboard::create(std::move(parts));
    REQUIRE(dash);
    REQUIRE((*dash)->indexer().run_until_idle(100));
    auto done = (*dash)->purge_expired(now);
    REQUIRE(done);
    CHECK(done->counts == dashboard::PurgeCounts{5, 0, 0, 0});
    CHECK(fx.dash->raw_responses_after(0, 100)->size() == 3);
    auto log = fx.dash->audit_log(5);
    REQUIRE(log);
    REQUIRE_FALSE(log->empty());
    CHECK(log->front().action == "purge");
    CHECK(log->front().user == "retention");
    CHECK(figures(*fx.dash) == rebuilt_figures(fx));
}

TEST_CASE("responses the indexer has not summarised yet are never purged") {
    dashtest::Fixture fx;
    const auto dev = fx.add_device("Hub A");
    const std::int64_t now = now_unix();
    fx.add_responses(dev, 3, [&](int, Response& r) { r.created_hour = hour_months_ago(now, 50); });
    const auto cutoffs = dashboard::retention_cutoffs(policy, now);
    CHECK(fx.dash->purge_due(cutoffs)->responses == 0);
    fx.index();
    CHECK(fx.dash->purge_due(cutoffs)->responses == 3);
}

namespace {

// `lp-aggregator purge` as a child process, its stdout read line by line.
struct PurgeProcess {
    pid_t pid = -1;
    int out = -1;
    std::string buffered;
    PurgeProcess(const std::vector<std::string>& argv, const std::string& pause_ms) {
        int p[2];
        REQUIRE(pipe(p) == 0);
        pid = fork();
        REQUIRE(pid >= 0);
        if (pid == 0) {
            prctl(PR_SET_PDEATHSIG, SIGKILL);
            dup2(p[1], 1);
            close(p[0]);
            if (!pause_ms.empty()) setenv("LP_TEST_PURGE_PAUSE_MS", pause_ms.c_str(), 1);
            test::exec_or_exit(argv);
        }
        close(p[1]);
        out = p[0];
    }
    ~PurgeProcess() {
        if (pid > 0) {
            kill(pid, SIGKILL);
            waitpid(pid, nullptr, 0);
        }
        if (out >= 0) close(out);
    }
    // Reads until a line starting with prefix arrives (true) or the output ends (false).
    bool wait_for_line(const std::string& prefix) {
        for (;;) {
            for (auto nl = buffered.find('\n'); nl != std::string::npos; nl = buffered.find('\n')) {
                const std::string line = buffered.substr(0, nl);
                buffered.erase(0, nl + 1);
                if (line.rfind(prefix, 0) == 0) return true;
            }
            char chunk[4096];
            const ssize_t n = read(out, chunk, sizeof chunk);
            if (n <= 0) return false;
            buffered.append(chunk, static_cast<std::size_t>(n));
        }
    }
    int kill9() {
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        pid = -1;
        return status;
    }
};

}  // namespace

TEST_CASE("lp-aggregator purge: --dry-run changes nothing, killed with -9 midway it leaves a consistent store "
          "and a second run finishes the job") {
    dashtest::Fixture fx;
    if (!fx.pg_url.empty()) {
        std::ofstream conf(fx.dir.path() + "/aggregator.conf");
        conf << "store = " << fx.pg_url << "\n";
    }
    const auto dev = fx.add_device("Hub A");
    const std::int64_t now = now_unix();
    for (int b = 0; b < 4; ++b)
        fx.add_responses(dev, 100, [&](int i, Response& r) {
            r.created_hour = hour_months_ago(now, 40 + b);
            if (i % 3 == 0) r.comment = "old comment " + std::to_string(b * 100 + i);
            if (i % 2) r.answers[0] = Answer::of_scale("pa-help", 2);
        });
    fx.add_responses(dev, 20, [&](int i, Response& r) {
        r.created_hour = hour_months_ago(now, 1);
        if (i % 2 == 0) r.comment = "new comment " + std::to_string(i);
    });
    fx.index();
    read_all(fx);
    const auto cutoffs = dashboard::retention_cutoffs(policy, now);
    const auto due = fx.dash->purge_due(cutoffs);
    REQUIRE(due);
    REQUIRE(due->responses == 400);
    const std::vector<std::string> base = {test::aggregator_exe(), "purge", "--data", fx.dir.path(), "--assets",
                                           dashtest::assets_dir()};

    // A dry run prints what would go and changes nothing.
    auto dry_args = base;
    dry_args.push_back("--dry-run");
    std::string out;
    REQUIRE(test::run(dry_args, &out) == 0);
    CHECK(out.find("would delete responses=400 comments=" + std::to_string(due->comments)) != std::string::npos);
    CHECK(out.find("policy: responses and comments are kept 36 months") != std::string::npos);
    CHECK(fx.dash->purge_due(cutoffs)->responses == 400);
    CHECK(purge_audits(*fx.dash) == 0);

    // Batches of 25 with a pause after each: killed once two have committed.
    auto slow = base;
    slow.insert(slow.end(), {"--batch", "25"});
    {
        PurgeProcess p(slow, "400");
        REQUIRE(p.wait_for_line("batch 2:"));
        const int status = p.kill9();
        CHECK(WIFSIGNALED(status));
    }
    const std::int64_t audits = purge_audits(*fx.dash);
    CHECK(audits >= 2);
    CHECK(audits < 16);  // killed midway, not at the end
    auto left = fx.dash->purge_due(cutoffs);
    REQUIRE(left);
    CHECK(left->responses == 400 - 25 * audits);  // whole batches only: each is one transaction
    CHECK(fx.dash->purged_totals()->responses == 25 * audits);
    check_no_orphans(fx);
    const Figures midway = figures(*fx.dash);
    CHECK(midway == rebuilt_figures(fx));

    // Run again: it finishes the job.
    REQUIRE(test::run(base, &out) == 0);
    CHECK(out.find("deleted responses=" + std::to_string(400 - 25 * audits)) != std::string::npos);
    CHECK(fx.dash->purge_due(cutoffs)->total() == 0);
    CHECK(fx.dash->purged_totals()->responses == 400);
    CHECK(fx.dash->raw_responses_after(0, 100000)->size() == 20);
    check_no_orphans(fx);
    CHECK(figures(*fx.dash) == rebuilt_figures(fx));
}

#ifndef LP_DASH_PG
TEST_CASE("a purge by the command line is counted on the running server's /metrics and the backup says what it "
          "holds and the policy in force") {
    dashtest::RunningDashboard rd;
    const auto dev = rd.fx.add_device("Hub A");
    const std::int64_t now = now_unix();
    rd.fx.add_responses(dev, 7, [&](int, Response& r) { r.created_hour = hour_months_ago(now, 45); });
    rd.fx.add_responses(dev, 2, [&](int, Response& r) { r.created_hour = hour_months_ago(now, 2); });
    // The server's own background indexer summarises them.
    for (int i = 0; i < 200 && *rd.fx.dash->cursor() < 9; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    REQUIRE(*rd.fx.dash->cursor() >= 9);

    const std::string backup = rd.fx.dir.path() + "/before-purge.db";
    std::string out;
    REQUIRE(test::run({test::aggregator_exe(), "backup", "--data", rd.fx.dir.path(), "--to", backup}, &out) == 0);
    CHECK(out.find("9 responses") != std::string::npos);
    CHECK(out.find("responses made " + hour_months_ago(now, 45)) != std::string::npos);
    CHECK(out.find("retention in force: responses and comments 36 months") != std::string::npos);
    const std::string manifest = test::slurp(backup + ".manifest.json");
    CHECK(manifest.find("\"responses\": 9") != std::string::npos);
    CHECK(manifest.find("\"oldest_response_hour\": \"" + hour_months_ago(now, 45) + "\"") != std::string::npos);
    CHECK(manifest.find("\"newest_response_hour\": \"" + hour_months_ago(now, 2) + "\"") != std::string::npos);
    CHECK(manifest.find("\"retention_months\": 36") != std::string::npos);
    CHECK(manifest.find("\"safeguarding_retention_months\": 72") != std::string::npos);

    REQUIRE(test::run({test::aggregator_exe(), "purge", "--data", rd.fx.dir.path(), "--assets", dashtest::assets_dir()},
                      &out) == 0);
    CHECK(out.find("deleted responses=7 comments=0") != std::string::npos);
    const std::string metrics = rd.metrics();
    CHECK(metrics.find("lp_purged_total{kind=\"responses\"} 7\n") != std::string::npos);
    CHECK(metrics.find("lp_purged_total{kind=\"comments\"} 0\n") != std::string::npos);
}
#endif
