#include <lp/aggregator/data_dir.hpp>
#include <lp/aggregator/store_commands.hpp>
#include <lp/aggregator/store_copy.hpp>
#include <lp/aggregator/store_factory.hpp>
#include <lp/shared/cli.hpp>

#include <iostream>

namespace lp::aggregator {

namespace {

const char* const migrate_help =
    R"(usage: lp-aggregator migrate --data DIR [--store STORE]
Applies pending schema migrations to the configured store (aggregator.conf `store`, or
--store "sqlite:PATH" / "postgresql://…") and prints the schema version. Safe to run while
instances are serving and from several hosts at once.
)";

const char* const migrate_store_help =
    R"(usage: lp-aggregator migrate-store --from sqlite:PATH --to postgresql://… [--data DIR]
Copies every table of a SQLite store into a PostgreSQL store in one transaction: the
aggregator's (devices, responses, managers, …) and the dashboard's (catalogue, summaries,
safeguarding queue and acknowledgements, corrections, replies, audit log, sessions). Then it
verifies row counts and a SHA-256 over every row of every table on both sides, and that each
sealed payload still matches its acknowledged hash; on any difference nothing is kept.
Safe to re-run: tables that already hold exactly the SQLite rows are verified and left alone;
a target holding other data is refused (exit 1), naming each differing table.
Relative SQLite paths are resolved against --data. Afterwards set `store = postgresql://…`
in aggregator.conf.
)";

int fail(const std::string& message) {
    std::cerr << "lp-aggregator: " << message << "\n";
    return 1;
}

int cmd_migrate(const cli::Args& a) {
    DataDir dir{a.require("--data")};
    std::string spec;
    if (auto s = a.get("--store")) {
        spec = *s;
    } else {
        auto config = load_data_dir_config(dir);
        if (!config) return fail(config.error().message);
        spec = config->store;
    }
    if (!parse_store_spec(spec)) throw cli::UsageError(parse_store_spec(spec).error().message);
    auto v = migrate_store_schema(spec, dir.root);
    if (!v) return fail(v.error().message);
    std::cout << "store " << redact_store_spec(spec) << " at schema version " << *v << "\n";
    return 0;
}

int cmd_migrate_store(const cli::Args& a, const std::vector<CopySet>& extra) {
    const std::string base = a.get("--data").value_or("");
    auto from = parse_store_spec(a.require("--from"), base);
    auto to = parse_store_spec(a.require("--to"), base);
    if (!from) throw cli::UsageError("--from: " + from.error().message);
    if (!to) throw cli::UsageError("--to: " + to.error().message);
    if (from->kind != StoreKind::sqlite || to->kind != StoreKind::postgresql)
        throw cli::UsageError("only --from sqlite:PATH --to postgresql://… is supported");
    auto report = copy_sqlite_to_pg(from->target, to->target, extra);
    if (!report) return fail(report.error().message);
    std::int64_t copied = 0, kept = 0;
    for (const auto& t : report->tables) {
        std::cout << t.table << ": " << t.rows << " rows, sha256 " << t.sha256
                  << (t.already_there ? " (already there, verified)\n" : " (verified)\n");
        (t.already_there ? kept : copied) += t.rows;
    }
    for (const auto& t : report->not_copied) std::cout << "not copied: " << t << "\n";
    std::cout << "copied " << copied << " rows";
    if (kept > 0) std::cout << " (" << kept << " already there)";
    std::cout << " into " << redact_store_spec(a.require("--to")) << "; counts and hashes match\n";
    return 0;
}

}  // namespace

bool is_store_command(const std::string& name) { return name == "migrate" || name == "migrate-store"; }

int run_store_command(int argc, char** argv, const std::vector<CopySet>& extra) {
    const std::string name = argv[1];
    try {
        auto args = name == "migrate" ? cli::parse(argc, argv, 2, {"--data", "--store"}, {"--help"})
                                      : cli::parse(argc, argv, 2, {"--from", "--to", "--data"}, {"--help"});
        if (args.has("--help")) {
            std::cout << (name == "migrate" ? migrate_help : migrate_store_help);
            return 0;
        }
        if (!args.positionals.empty()) throw cli::UsageError("unexpected argument '" + args.positionals[0] + "'");
        return name == "migrate" ? cmd_migrate(args) : cmd_migrate_store(args, extra);
    } catch (...) {
        return cli::exit_for_exception("lp-aggregator " + name);
    }
}

}  // namespace lp::aggregator
