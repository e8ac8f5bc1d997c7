#include <chrono>
#include <iostream>
#include <lp/aggregator/app.hpp>
#include <lp/aggregator/data_dir.hpp>
#include <lp/aggregator/question_sets.hpp>
#include <lp/dashboard/cli.hpp>
#include <lp/dashboard/config.hpp>
#include <lp/dashboard/council_linker.hpp>
#include <lp/dashboard/dashboard.hpp>
#include <lp/dashboard/indexer.hpp>
#include <lp/dashboard/relink.hpp>
#include <lp/dashboard/report_import.hpp>
#include <lp/dashboard/retention.hpp>
#include <lp/dashboard/sqlite_store.hpp>
#include <lp/shared/catalogue.hpp>
#include <lp/shared/cli.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/time.hpp>

namespace lp::dashboard {
namespace {

const char* const import_help =
    R"(usage: lp-aggregator import-report --data DIR [--assets DIR] [--authority NAME] REPORT.txt...
       lp-aggregator import-report --data DIR [--assets DIR] CATALOGUE.json
Loads inspection reports into the dashboard, replacing the catalogue loaded before, then
relinks every stored response. REPORT.txt files are the plain text of inspection reports,
letters or minutes (as in assets/reports/): their findings are read and linked to themes with
ASSETS/themes/taxonomy.json, as 'lp-themes import' does; --authority names the council (default:
the first word of the first file name). Or give one catalogue written by 'lp-themes import'.
Nothing is replaced if any report cannot be read. A running server picks the new catalogue up
on its next page view.
)";
const char* const relink_help =
    R"(usage: lp-aggregator relink --data DIR [--assets DIR] [--incremental] [--examples]
Rebuilds the dashboard's summaries, comment->theme links and safeguarding queue from every
stored response (managers' link corrections and acknowledgements are kept). Comments are linked
by the lexicon and a classifier trained on the shipped examples plus this council's corrected
comments, so its own words (a local service's name) come to link; 'serve' does the same every
night at dashboard.conf's relink_hour (UTC). --incremental only indexes responses not indexed yet. --examples prints the managers' corrected links as JSON
lines for 'lp-themes eval' instead.
)";

const char* const purge_help =
    R"(usage: lp-aggregator purge --data DIR [--assets DIR] [--dry-run] [--batch N]
Deletes what the retention policy in aggregator.conf lets go (docs/privacy.md, "How long we
keep it"): responses and comments made before the month retention_months ago, with every row
derived from them, and safeguarding items acknowledged more than safeguarding_retention_months
ago. Unread comments and unacknowledged safeguarding items are never deleted. Prints the counts
per kind. --dry-run prints what would go and changes nothing. Each batch of N responses
(default 500) is one transaction with its own audit entry, so a purge that is stopped keeps a
consistent store; run it again to finish. 'serve' purges every day at purge_hour (UTC).
)";

int fail(const std::string& m) {
    std::cerr << "lp-aggregator: " << m << "\n";
    return 1;
}

int relink(const std::string& data_dir, const std::string& assets, DashboardStore& store, bool full) {
    auto sets = aggregator::QuestionSetCatalog::load_dir(assets + "/question-sets");
    if (!sets) return fail(sets.error().message);
    auto config = load_dashboard_config(data_dir + "/dashboard.conf");
    if (!config) return fail(config.error().message);
    const std::string taxonomy = assets + "/themes/taxonomy.json";
    const auto start = std::chrono::steady_clock::now();
    if (!full) {  // new responses only, with the linker the council's corrections trained
        auto linker = council_linker(taxonomy, store);
        if (!linker) return fail(linker.error().message);
        Indexer indexer(store, *sets, *linker);
        auto n = indexer.run_until_idle(config->index_batch);
        if (!n) return fail(n.error().message);
        const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::cout << "indexed " << *n << " responses in " << s << " s\n";
        return 0;
    }
    auto shipped = shipped_linker(taxonomy);
    if (!shipped) return fail(shipped.error().message);
    Indexer indexer(store, *sets, *shipped);
    auto done = relink_council(store, indexer, taxonomy, config->index_batch, true);
    if (!done) return fail(done.error().message);
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cout << "relinked " << done->responses << " responses in " << s << " s (the linker learnt from "
              << done->corrections << " corrected comments)\n";
    return 0;
}

int purge_command(const aggregator::Config& config, const std::string& assets, DashboardStore& store, bool dry_run,
                  int batch) {
    auto sets = aggregator::QuestionSetCatalog::load_dir(assets + "/question-sets");
    if (!sets) return fail(sets.error().message);
    auto linker = Linker::from_taxonomy_file(assets + "/themes/taxonomy.json");
    if (!linker) return fail(linker.error().message);
    const auto policy = retention_policy(config);
    const std::int64_t now = now_unix();
    const auto cutoffs = retention_cutoffs(policy, now);
    std::cout << "policy: " << describe(policy, cutoffs) << "\n" << std::flush;
    int n = 0;
    auto done = purge(store, cutoffs, response_indexer(*sets, std::make_shared<const Linker>(std::move(*linker))), batch,
                      dry_run, "retention (lp-aggregator purge)", now, [&](const PurgeCounts& c) {
                          std::cout << "batch " << ++n << ": deleted " << describe(c) << "\n" << std::flush;
                      });
    if (!done) return fail(done.error().message);
    std::cout << (dry_run ? "dry run, nothing deleted; would delete " : "deleted ") << describe(done->counts) << "\n";
    return 0;
}

}  // namespace

bool is_cli_command(const std::string& name) {
    return name == "import-report" || name == "relink" || name == "purge" || is_reporting_command(name);
}

const char* cli_usage_lines() {
    return "  import-report load inspection reports (text) or a theme catalogue into the dashboard\n"
           "  relink       rebuild the dashboard's summaries, comment links and safeguarding queue\n"
           "  purge        delete what the retention policy lets go (--dry-run: only count)\n"
           "  board-pack   write the quarter's board pack (PDF) from the dashboard's figures\n"
           "  cohort       import cohort sizes (CSV) for response rates and reach\n";
}

int run_cli(int argc, char** argv) {
    const std::string name = argv[1];
    if (is_reporting_command(name)) return run_reporting_cli(argc, argv);
    try {
        const bool import = name == "import-report";
        const bool purging = name == "purge";
        auto args = import    ? cli::parse(argc, argv, 2, {"--data", "--assets", "--authority"}, {"--help"})
                    : purging ? cli::parse(argc, argv, 2, {"--data", "--assets", "--batch"}, {"--help", "--dry-run"})
                              : cli::parse(argc, argv, 2, {"--data", "--assets"}, {"--help", "--incremental", "--examples"});
        if (args.has("--help")) {
            std::cout << (import ? import_help : purging ? purge_help : relink_help);
            return 0;
        }
        int batch = 500;
        if (auto b = args.get("--batch")) {
            if (b->empty() || b->size() > 6 || b->find_first_not_of("0123456789") != std::string::npos ||
                std::stoi(*b) < 1)
                throw cli::UsageError("--batch must be a number of responses from 1 to 999999");
            batch = std::stoi(*b);
        }
        if (import ? args.positionals.empty() : !args.positionals.empty())
            throw cli::UsageError(import ? "import-report needs REPORT.txt files or one CATALOGUE.json"
                                         : "unexpected argument '" + args.positionals.front() + "'");
        aggregator::DataDir dir{args.require("--data")};
        const std::string assets = args.get("--assets").value_or(aggregator::default_assets_dir());
        if (!file_exists(dir.database()) && !file_exists(dir.config_file()))
            return fail("no aggregator data in " + dir.root + "; run 'lp-aggregator init' first");
        auto agg_config = aggregator::load_data_dir_config(dir);
        if (!agg_config) return fail(agg_config.error().message);
        auto store = open_dashboard_store(*agg_config, dir.root);
        if (!store) return fail(store.error().message);
        if (purging) return purge_command(*agg_config, assets, **store, args.has("--dry-run"), batch);
        if (import) {
            auto catalogue = catalogue_from_files(
                args.positionals, assets + "/themes/taxonomy.json",
                args.get("--authority").value_or(authority_from_file_name(args.positionals.front())));
            if (!catalogue) return fail(catalogue.error().message);
            if (auto s = (*store)->replace_catalogue(*catalogue); !s) return fail(s.error().message);
            std::cout << "loaded " << catalogue->reports.size() << " reports, " << catalogue->findings.size()
                      << " findings, " << catalogue->themes.size() << " themes, " << catalogue->links.size()
                      << " links\n";
            return relink(dir.root, assets, **store, true);
        }
        if (args.has("--examples")) {
            auto lines = (*store)->labelled_examples();
            if (!lines) return fail(lines.error().message);
            for (const auto& l : *lines) std::cout << l << "\n";
            return 0;
        }
        return relink(dir.root, assets, **store, !args.has("--incremental"));
    } catch (...) {
        return cli::exit_for_exception("lp-aggregator " + name);
    }
}

}  // namespace lp::dashboard
