// lp_dashboard_bench: server time of the theme matrix, a theme page and the board pack with N responses from
// D devices, against a plain SELECT count(*) over the same table in the same run.
// Rows are written straight into the aggregator's tables (fast), then the dashboard's own
// incremental indexer builds the summaries (the same code path as while serving).
//   lp_dashboard_bench --dir DIR [--responses 1000000] [--devices 500] [--json FILE]
//   [--pg URL [--reuse]]: on PostgreSQL; --reuse measures the data a previous --pg run left there
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <iostream>
#include <lp/aggregator/pg_store.hpp>
#include <lp/aggregator/question_sets.hpp>
#include <lp/aggregator/store_copy.hpp>
#include <lp/aggregator/sqlite_store.hpp>
#include <lp/dashboard/board_pack.hpp>
#include <lp/dashboard/dashboard.hpp>
#include <lp/dashboard/reach.hpp>
#include <lp/dashboard/pg_dashboard_store.hpp>
#include <lp/dashboard/sqlite_store.hpp>
#include <lp/shared/catalogue.hpp>
#include <lp/shared/cli.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/sqlite.hpp>
#include <lp/shared/time.hpp>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <random>

using namespace lp;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

/// Median of runs of fn, in ms.
double median_ms(int runs, const std::function<void()>& fn) {
    std::vector<double> t;
    for (int i = 0; i < runs; ++i) {
        auto s = Clock::now();
        fn();
        t.push_back(ms_since(s));
    }
    std::sort(t.begin(), t.end());
    return t[t.size() / 2];
}

const char* const comment_texts[] = {
    "my PA never rings back",  "nobody told me about my health history",
    "I like my flat",          "the drop-in is great",
    "I want to go to college", "my social worker keeps changing",
    "I feel safe here",        "someone older makes me carry stuff",
    "need help with money",    "staff listen to me",
};

void generate(const std::string& db_path, long long responses, int devices,
              const aggregator::QuestionSetCatalog& sets) {
    db::Database db(db_path, db::OpenOptions{false, true, true, false, 5000});
    db.exec("PRAGMA synchronous=OFF");
    db.exec("PRAGMA cache_size=-262144");  // 256 MiB: the aggregator's indexes stay in memory while loading
    std::mt19937_64 rng(7);
    const std::int64_t now = now_unix();
    {
        db::Transaction tx(db);
        auto dev = db.prepare(
            "INSERT INTO devices (id, site, name, token_hash, enrolled_at, last_seen, responses)"
            " VALUES (?,?,?,?,?,?,?)");
        for (int d = 0; d < devices; ++d) {
            char id[32];
            std::snprintf(id, sizeof id, "dev-%016d", d);
            dev.bind(1, id).bind(2, "Site " + std::to_string(d % 50)).bind(3, "kiosk " + std::to_string(d));
            dev.bind(4, std::string(id) + "-token").bind(5, static_cast<std::int64_t>(now - 400 * 86400)).bind(6, now);
            dev.bind(7, static_cast<std::int64_t>(responses / devices)).run();
        }
        tx.commit();
    }
    const QuestionSet* sets_by_id[2] = {sets.latest("care-leavers"), sets.latest("children-in-care")};
    const char* bands[] = {"8-12", "13-17", "16-25", "unsaid"};
    auto resp = db.prepare(
        "INSERT INTO responses (pk, device_id, id, seq, batch_id, site, question_set_id, question_set_version,"
        " created_hour, age_band, language, needs_help, received_at, sealed, sha256)"
        " VALUES (?,?,?,?,'bench',?,?,?,?,?,'en',?,?,x'00',?)");
    auto ans = db.prepare(
        "INSERT INTO answers (response, question, state, value_int, value_text, score) VALUES (?,?,?,?,?,?)");
    auto com = db.prepare("INSERT INTO comments (response, text) VALUES (?,?)");
    // Every payload is the one byte x'00', hashed as an acknowledged payload would be (so the
    // verified copy into PostgreSQL, --pg, accepts it).
    const std::string sealed_sha = "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d";
    const long long chunk = 100000;
    for (long long start = 0; start < responses; start += chunk) {
        db::Transaction tx(db);
        for (long long i = start; i < std::min(responses, start + chunk); ++i) {
            const int d = static_cast<int>(i % devices);
            char device[32];
            std::snprintf(device, sizeof device, "dev-%016d", d);
            const QuestionSet* set = sets_by_id[rng() % 10 < 7 ? 0 : 1];
            // Spread over the last 12 months, oldest first (pk order follows arrival).
            const std::int64_t t = now - static_cast<std::int64_t>((responses - i) * (365LL * 86400) / responses);
            resp.bind(1, static_cast<std::int64_t>(i + 1)).bind(2, device).bind(3, "r" + std::to_string(i));
            resp.bind(4, static_cast<std::int64_t>(i / devices + 1)).bind(5, "Site " + std::to_string(d % 50));
            resp.bind(6, set->id).bind(7, set->version).bind(8, hour_rounded_utc(t)).bind(9, bands[rng() % 4]);
            resp.bind(10, rng() % 500 == 0 ? 1 : 0).bind(11, t).bind(12, sealed_sha).run();
            int answered = 0;
            for (const auto& q : set->questions) {
                if (answered >= 6 || rng() % 2) continue;
                ans.bind(1, static_cast<std::int64_t>(i + 1)).bind(2, q.id);
                if (q.kind == QuestionKind::smiley5 || q.kind == QuestionKind::smiley3) {
                    const int points = q.kind == QuestionKind::smiley5 ? 5 : 3;
                    const int v = 1 + static_cast<int>(rng() % points);
                    ans.bind(3, "value").bind(4, static_cast<std::int64_t>(v)).bind_null(5);
                    ans.bind(6, static_cast<double>(v - 1) / (points - 1));
                } else if (q.kind == QuestionKind::yes_no) {
                    const int v = static_cast<int>(rng() % 3);
                    ans.bind(3, "value")
                        .bind_null(4)
                        .bind(5, v == 0   ? "no"
                                 : v == 1 ? "unsure"
                                          : "yes")
                        .bind(6, v * 0.5);
                } else {
                    continue;
                }
                ans.run();
                ++answered;
            }
            if (rng() % 5 == 0) com.bind(1, static_cast<std::int64_t>(i + 1)).bind(2, comment_texts[rng() % 10]).run();
        }
        tx.commit();
        std::cerr << "\rgenerated " << std::min(responses, start + chunk) << " responses" << std::flush;
    }
    std::cerr << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    try {
        auto a = cli::parse(argc, argv, 1, {"--dir", "--responses", "--devices", "--json", "--runs", "--pg"},
                            {"--help", "--reuse"});
        if (a.has("--help")) {
            std::cout << "usage: lp_dashboard_bench --dir DIR [--responses N] [--devices D] [--json FILE] [--pg URL]\n"
                         "  --pg URL: copy the generated data into this empty PostgreSQL database and measure there\n"
                         "  --reuse: with --pg, measure what a previous --pg run left in that database\n";
            return 0;
        }
        const std::string dir = a.require("--dir");
        const long long responses = a.get_int("--responses", 1000000, 1, 100000000);
        const int devices = static_cast<int>(a.get_int("--devices", 500, 1, 100000));
        const int runs = static_cast<int>(a.get_int("--runs", 15, 1, 1000));
        const std::string assets = std::string(LP_SOURCE_DIR) + "/assets";
        if (auto s = make_dirs(dir); !s) throw std::runtime_error(s.error().message);
        const std::string db_path = dir + "/aggregator.db";
        std::remove(db_path.c_str());
        auto agg = aggregator::open_sqlite_store(db_path);
        if (!agg) throw std::runtime_error(agg.error().message);
        auto sets = aggregator::QuestionSetCatalog::load_dir(assets + "/question-sets");
        if (!sets) throw std::runtime_error(sets.error().message);

        const std::string pg_url = a.get("--pg").value_or("");
        const bool reuse = a.has("--reuse");
        if (reuse && pg_url.empty()) throw cli::UsageError("--reuse needs --pg");
        auto t0 = Clock::now();
        if (!reuse) generate(db_path, responses, devices, *sets);
        const double generate_s = ms_since(t0) / 1000;
        // On PostgreSQL: the same rows, copied with migrate-store's verified copy, then the
        // dashboard's PostgreSQL store indexes and serves them.
        std::unique_ptr<aggregator::Store> pg_agg;
        double copy_s = 0;
        if (!pg_url.empty() && !reuse) {
            t0 = Clock::now();
            auto copied = aggregator::copy_sqlite_to_pg(db_path, pg_url);
            if (!copied) throw std::runtime_error(copied.error().message);
            copy_s = ms_since(t0) / 1000;
            std::cerr << "copied into PostgreSQL in " << copy_s << " s\n";
        }
        if (!pg_url.empty()) {
            auto opened = aggregator::open_pg_store(pg_url);
            if (!opened) throw std::runtime_error(opened.error().message);
            pg_agg = std::move(*opened);
        }

        dashboard::DashboardParts parts;
        parts.aggregator_store = pg_agg ? pg_agg.get() : agg->get();
        parts.question_sets = *sets;
        parts.assets_dir = assets;
        parts.config.index_batch = 5000;
        auto store = pg_url.empty() ? dashboard::open_sqlite_dashboard_store(db_path)
                                    : dashboard::open_pg_dashboard_store(pg_url);
        if (!store) throw std::runtime_error(store.error().message);
        parts.store = std::move(*store);
        auto reporting = pg_url.empty() ? dashboard::open_sqlite_reporting_store(db_path)
                                        : dashboard::open_pg_reporting_store(pg_url);
        if (!reporting) throw std::runtime_error(reporting.error().message);
        parts.reporting = std::move(*reporting);
        auto cat = load_catalogue_file(assets + "/themes/kirklees.json");
        if (!cat) throw std::runtime_error(cat.error().message);
        if (!reuse)
            if (auto s = parts.store->replace_catalogue(*cat); !s) throw std::runtime_error(s.error().message);
        auto dash = dashboard::Dashboard::create(std::move(parts));
        if (!dash) throw std::runtime_error(dash.error().message);
        auto& d = **dash;

        t0 = Clock::now();
        auto indexed = d.indexer().run_until_idle(d.config().index_batch);
        if (!indexed) throw std::runtime_error(indexed.error().message);
        const double index_s = ms_since(t0) / 1000;
        std::cerr << "indexed " << *indexed << " responses in " << index_s << " s\n";

        db::Database plain(db_path, db::OpenOptions{true, false, true, true, 5000});
        std::unique_ptr<pqxx::connection> pg_plain;
        if (!pg_url.empty()) pg_plain = std::make_unique<pqxx::connection>(pg_url);
        std::int64_t counted = 0;
        const double count_ms = median_ms(runs, [&] {
            if (!pg_plain) {
                counted = plain.scalar_int("SELECT count(*) FROM responses");
                return;
            }
            pqxx::nontransaction n(*pg_plain);
            counted = n.exec1("SELECT count(*) FROM responses")[0].as<std::int64_t>();
        });

        auto cat_index = d.catalogue();
        auto ctx = d.context(cat_index, dashboard::PageUser{"bench", "manager", "x"}, now_unix());
        std::size_t bytes = 0;
        const double matrix_ms = median_ms(runs, [&] { bytes = dashboard::matrix_page(ctx, {}).size(); });
        const double matrix_filtered_ms = median_ms(runs, [&] {
            dashboard::matrix_page(ctx, {{"site", "Site 7"}, {"band", "16-25"}, {"period", "3m"}});
        });
        const dashboard::ThemeEntry* theme = cat_index->find("personal-advisers");
        if (!theme) throw std::runtime_error("no personal-advisers theme in the catalogue");
        std::size_t theme_bytes = 0;
        const double theme_ms = median_ms(runs, [&] { theme_bytes = dashboard::theme_page(ctx, *theme, {}).size(); });
        const double theme_filtered_ms = median_ms(runs, [&] {
            dashboard::theme_page(ctx, *theme, {{"site", "Site 7"}, {"period", "3m"}});
        });

        // The board pack of the newest quarter with answers: every figure, the comments, the PDF.
        const auto months = d.store().months();
        if (!months || months->empty()) throw std::runtime_error("no months indexed");
        const auto quarter = dashboard::quarter_of_month(months->back());
        if (!quarter) throw std::runtime_error("bad month " + months->back());
        std::size_t pack_bytes = 0;
        const double pack_ms = median_ms(std::min(runs, 5), [&] {
            auto figures = dashboard::build_board_pack({d.store(), *d.reporting(), *cat_index, d.config()}, *quarter,
                                                       "", now_unix());
            if (!figures) throw std::runtime_error(figures.error().message);
            auto pdf = dashboard::render_board_pack_pdf(*figures, dashboard::english_text());
            if (!pdf) throw std::runtime_error(pdf.error().message);
            pack_bytes = pdf->size();
        });

        std::printf("responses: %lld (count(*) says %lld), devices: %d\n", responses, static_cast<long long>(counted),
                    devices);
        std::printf("generate: %.1f s, index (linker + summaries): %.1f s (%.0f responses/s)\n", generate_s, index_s,
                    static_cast<double>(*indexed) / index_s);
        std::printf("SELECT count(*) FROM responses: %8.2f ms\n", count_ms);
        std::printf("matrix (12 months, all):       %8.2f ms  ratio %.2f  (%zu bytes)\n", matrix_ms,
                    matrix_ms / count_ms, bytes);
        std::printf("matrix (site+band+3 months):   %8.2f ms  ratio %.2f\n", matrix_filtered_ms,
                    matrix_filtered_ms / count_ms);
        std::printf("theme page (12 months, all):   %8.2f ms  ratio %.2f  (%zu bytes)\n", theme_ms, theme_ms / count_ms,
                    theme_bytes);
        std::printf("theme page (site+3 months):    %8.2f ms  ratio %.2f\n", theme_filtered_ms,
                    theme_filtered_ms / count_ms);
        std::printf("board pack %s (PDF):      %8.2f ms  ratio to matrix %.1f  (%zu bytes)\n", quarter->id().c_str(),
                    pack_ms, pack_ms / matrix_ms, pack_bytes);
        const bool pass = matrix_ms < 200 && theme_ms < 200 && matrix_filtered_ms < 200 && theme_filtered_ms < 200 &&
                          pack_ms < 2000;
        std::printf("%s: every page under 200 ms, the board pack under 2 s\n", pass ? "PASS" : "FAIL");
        if (auto path = a.get("--json")) {
            nlohmann::json j = {{"store", pg_url.empty() ? "sqlite" : "postgresql"},
                                {"copy_s", copy_s},
                                {"responses", responses},
                                {"devices", devices},
                                {"runs", runs},
                                {"generate_s", generate_s},
                                {"index_s", index_s},
                                {"count_star_ms", count_ms},
                                {"matrix_ms", matrix_ms},
                                {"matrix_filtered_ms", matrix_filtered_ms},
                                {"theme_ms", theme_ms},
                                {"theme_filtered_ms", theme_filtered_ms},
                                {"matrix_ratio", matrix_ms / count_ms},
                                {"theme_ratio", theme_ms / count_ms},
                                {"board_pack_quarter", quarter->id()},
                                {"board_pack_ms", pack_ms},
                                {"board_pack_to_matrix_ratio", pack_ms / matrix_ms},
                                {"board_pack_limit_ms", 2000},
                                {"limit_ms", 200},
                                {"pass", pass}};
            if (auto s = write_file_atomic(*path, j.dump(2) + "\n"); !s) throw std::runtime_error(s.error().message);
        }
        return pass ? 0 : 1;
    } catch (...) {
        return cli::exit_for_exception("lp_dashboard_bench");
    }
}
