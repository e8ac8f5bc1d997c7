// lp-aggregator board-pack and cohort import: the reporting subcommands.
#include <chrono>
#include <iostream>
#include <lp/aggregator/app.hpp>
#include <lp/aggregator/data_dir.hpp>
#include <lp/dashboard/board_pack.hpp>
#include <lp/dashboard/cli.hpp>
#include <lp/dashboard/cohort_csv.hpp>
#include <lp/dashboard/config.hpp>
#include <lp/dashboard/dashboard.hpp>
#include <lp/shared/cli.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/time.hpp>

namespace lp::dashboard {
namespace {

const char* const pack_help =
    R"(usage: lp-aggregator board-pack --data DIR --quarter 2026-Q3 [--site SITE] [--lang CODE]
                               [--assets DIR] --out pack.pdf
Writes the quarter's board pack as an A4 PDF: headline numbers and response rates, reach,
the theme matrix against the quarter before, what young people said, safeguarding counts and
times (never their text), actions, inspection progress by area and method notes. Figures come
from the dashboard's summaries (run 'lp-aggregator relink' first on a new database); groups
under min_group (dashboard.conf) show "fewer than N". --site makes one site's pack; --lang
picks one of the dashboard's languages (default: dashboard.conf's language, else English).
)";
const char* const cohort_help =
    R"(usage: lp-aggregator cohort import --data DIR FILE.csv
Adds or replaces cohort sizes (how many children and young people each group holds in a
quarter), the denominators of response rates. FILE.csv starts with the header
    quarter,site,age_band,size
then one row per group, e.g.
    2026-Q3,,,1200                       the whole council, every age
    2026-Q3,Huddersfield Hub,8-12,310    one site, one age band
site empty = the whole council; age_band empty = every age, else 8-12, 13-17 or 16-25.
Every bad row is listed with its line number and nothing is imported until all are right.
)";

int fail(const std::string& m) {
    std::cerr << "lp-aggregator: " << m << "\n";
    return 1;
}

}  // namespace

bool is_reporting_command(const std::string& name) { return name == "board-pack" || name == "cohort"; }

int run_reporting_cli(int argc, char** argv) {
    const std::string name = argv[1];
    try {
        const bool pack = name == "board-pack";
        auto args = pack ? cli::parse(argc, argv, 2, {"--data", "--assets", "--quarter", "--site", "--out", "--lang"},
                                      {"--help"})
                         : cli::parse(argc, argv, 2, {"--data"}, {"--help"});
        if (args.has("--help")) {
            std::cout << (pack ? pack_help : cohort_help);
            return 0;
        }
        if (pack && !args.positionals.empty())
            throw cli::UsageError("unexpected argument '" + args.positionals.front() + "'");
        if (!pack && (args.positionals.size() != 2 || args.positionals[0] != "import"))
            throw cli::UsageError("usage: lp-aggregator cohort import --data DIR FILE.csv");
        std::optional<Quarter> quarter;
        if (pack) {
            quarter = parse_quarter(args.require("--quarter"));
            if (!quarter) throw cli::UsageError("--quarter must look like 2026-Q3");
            (void)args.require("--out");
        }
        aggregator::DataDir dir{args.require("--data")};
        if (!file_exists(dir.database()) && !file_exists(dir.config_file()))
            return fail("no aggregator data in " + dir.root + "; run 'lp-aggregator init' first");
        auto agg_config = aggregator::load_data_dir_config(dir);
        if (!agg_config) return fail(agg_config.error().message);
        auto store = open_dashboard_store(*agg_config, dir.root);  // applies the dashboard's migrations
        if (!store) return fail(store.error().message);
        auto reporting = open_reporting_store(*agg_config, dir.root);
        if (!reporting) return fail(reporting.error().message);

        if (!pack) {
            auto text = read_file(args.positionals[1]);
            if (!text) return fail(text.error().message);
            auto rows = parse_cohort_csv(*text);
            if (!rows) return fail(args.positionals[1] + ": " + rows.error().message);
            if (auto s = (*reporting)->upsert_cohorts(*rows); !s) return fail(s.error().message);
            (void)(*store)->audit({now_unix(), "lp-aggregator", "imported cohort sizes",
                                   std::to_string(rows->size()) + " rows from " + args.positionals[1]});
            std::cout << "imported " << rows->size() << " cohort sizes\n";
            return 0;
        }

        const auto start = std::chrono::steady_clock::now();
        const std::string assets = args.get("--assets").value_or(aggregator::default_assets_dir());
        auto config = load_dashboard_config(dir.root + "/dashboard.conf");
        if (!config) return fail(config.error().message);
        auto sets = load_latest_question_sets(assets + "/question-sets");
        if (!sets) return fail(sets.error().message);
        auto catalogue = (*store)->catalogue();
        if (!catalogue) return fail(catalogue.error().message);
        const CatalogueIndex cat(std::move(*catalogue), std::move(*sets));
        const Languages languages = Languages::load(assets + "/i18n/dashboard");
        const std::string lang = args.get("--lang").value_or(config->language);
        if (!lang.empty() && !languages.has(lang)) return fail("no dashboard language '" + lang + "'");
        const std::string site = args.get("--site").value_or("");
        auto figures = build_board_pack({**store, **reporting, cat, *config}, *quarter, site, now_unix());
        if (!figures) return fail(figures.error().message);
        auto pdf = render_board_pack_pdf(*figures, languages.get(lang.empty() ? "en" : lang));
        if (!pdf) return fail(pdf.error().message);
        const std::string out = args.require("--out");
        if (auto s = write_file_atomic(out, *pdf); !s) return fail(s.error().message);
        (void)(*store)->audit({now_unix(), "lp-aggregator", "made board pack",
                               quarter->id() + (site.empty() ? "" : ", site " + site)});
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::cout << "wrote " << out << " (" << pdf->size() << " bytes) in " << s << " s\n";
        return 0;
    } catch (...) {
        return cli::exit_for_exception("lp-aggregator " + name);
    }
}

}  // namespace lp::dashboard
