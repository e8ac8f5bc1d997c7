// The ops commands of lp-aggregator: backup, restore, rotate-key, retire-key, keys.
#include <cstdio>
#include <iostream>
#include <lp/aggregator/ops/backup.hpp>
#include <lp/aggregator/ops/keyring.hpp>
#include <lp/aggregator/ops/ops.hpp>
#include <lp/aggregator/store_factory.hpp>
#include <lp/shared/cli.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/time.hpp>
#include <map>
#include <nlohmann/json.hpp>

namespace lp::aggregator::ops {
namespace {

struct OpsCommand {
    std::set<std::string> values;
    std::size_t positionals = 0;
    const char* help;
};

const std::map<std::string, OpsCommand> ops_commands = {
    {"backup",
     {{"--data", "--to"},
      0,
      R"(usage: lp-aggregator backup --data DIR --to FILE
Writes a consistent copy of the SQLite store to FILE (mode 0600) with SQLite's online backup
API: safe while 'serve' is running and ingesting. The copy is integrity-checked before it
replaces FILE. FILE.manifest.json says what it holds (counts, the range of response dates) and
the retention policy in force, so a backup kept past that policy can be found and deleted. Keep the sealing keys (DIR/sealing*.key, sealing-keys.json) in a separate,
safe place too. A PostgreSQL store is backed up with pg_dump (README, "Backups").
)"}},
    {"restore",
     {{"--data", "--from"},
      0,
      R"(usage: lp-aggregator restore --data DIR --from FILE
Replaces the SQLite store with FILE after checking it (integrity_check, aggregator tables).
Refuses while any process (a running server) has the database open. The old database is
kept beside it as aggregator.db.before-restore-<time>.
)"}},
    {"rotate-key",
     {{"--data"},
      0,
      R"(usage: lp-aggregator rotate-key --data DIR
Adds a new sealing key pair and makes it current; older keys still open what was sealed to
them. Then reload the server (SIGHUP, 'systemctl reload'): kiosks receive the new public key
with their next sync and seal new responses to it.
)"}},
    {"retire-key",
     {{"--data"},
      1,
      R"(usage: lp-aggregator retire-key --data DIR KEYID
Retires an old sealing key: it stops opening payloads and its secret file is renamed
*.retired. Refuses (and says which devices) while a device might still send responses sealed
to it: its latest batch used the key, or it has not synced since the key was replaced.
Reload the server afterwards.
)"}},
    {"keys",
     {{"--data"},
      0,
      R"(usage: lp-aggregator keys --data DIR
Lists the sealing keys: id, fingerprint, created, replaced, retired, and which is current.
)"}},
};

int fail(const std::string& message) {
    std::cerr << "lp-aggregator: " << message << "\n";
    return 1;
}

Result<std::string> sqlite_path(const DataDir& dir) {
    auto config = load_data_dir_config(dir);
    if (!config) return config.error();
    auto spec = parse_store_spec(config->store, dir.root);
    if (!spec) return spec.error();
    if (spec->kind != StoreKind::sqlite)
        return Error{
            Errc::invalid_input,
            "the store is PostgreSQL: back it up and restore it with pg_dump / pg_restore (README, \"Backups\")"};
    return spec->target;
}

std::string when(const std::optional<std::int64_t>& t) { return t ? iso_utc(*t) : "-"; }

int cmd_backup(const cli::Args& a) {
    DataDir dir{a.require("--data")};
    auto path = sqlite_path(dir);
    if (!path) return fail(path.error().message);
    auto config = load_data_dir_config(dir);
    if (!config) return fail(config.error().message);
    const std::string to = a.require("--to");
    auto r = backup_sqlite(*path, to);
    if (!r) return fail(r.error().message);
    const std::string range = r->responses == 0 ? "no responses" : "responses made " + r->oldest_hour + " to " + r->newest_hour;
    std::cout << "backed up " << *path << " to " << to << ": " << r->devices << " devices, " << r->responses
              << " responses, " << r->comments << " comments, " << r->safeguarding_items << " safeguarding items, "
              << r->pages << " pages; integrity ok\n"
              << "it holds " << range << "; retention in force: responses and comments " << config->retention_months
              << " months, acknowledged safeguarding items " << config->safeguarding_retention_months
              << " months after acknowledgement (docs/privacy.md)\n";
    // The manifest beside the copy: what it holds and the policy it was made under.
    const nlohmann::json manifest = {
        {"file", to},
        {"made_at", iso_utc(now_unix())},
        {"devices", r->devices},
        {"responses", r->responses},
        {"comments", r->comments},
        {"safeguarding_items", r->safeguarding_items},
        {"oldest_response_hour", r->oldest_hour},
        {"newest_response_hour", r->newest_hour},
        {"retention_months", config->retention_months},
        {"safeguarding_retention_months", config->safeguarding_retention_months},
        {"note", "A backup keeps responses until it is deleted: keep backups no longer than the retention policy, "
                 "or purge a restored copy (lp-aggregator purge)."}};
    if (auto s = write_file_atomic(to + ".manifest.json", manifest.dump(2) + "\n", 0600); !s) return fail(s.error().message);
    std::cout << "manifest: " << to << ".manifest.json\n";
    return 0;
}

int cmd_restore(const cli::Args& a) {
    DataDir dir{a.require("--data")};
    auto path = sqlite_path(dir);
    if (!path) return fail(path.error().message);
    auto r = restore_sqlite(*path, a.require("--from"), now_unix());
    if (!r) return fail(r.error().message);
    std::cout << "restored " << *path << " from " << a.require("--from") << ": " << r->counts.devices << " devices, "
              << r->counts.responses << " responses; integrity ok\n";
    if (!r->kept_aside.empty()) std::cout << "the previous database is kept as " << r->kept_aside << "\n";
    return 0;
}

int cmd_rotate(const cli::Args& a) {
    DataDir dir{a.require("--data")};
    auto id = rotate_key(dir, now_unix());
    if (!id) return fail(id.error().message);
    std::cout << "sealing key " << *id << " is now current; reload the server (SIGHUP) so kiosks receive it\n";
    return 0;
}

int cmd_retire(const cli::Args& a) {
    DataDir dir{a.require("--data")};
    const std::string text = a.positionals.at(0);
    if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos)
        throw cli::UsageError("KEYID must be a key number (see 'lp-aggregator keys')");
    const int id = std::stoi(text);
    auto config = load_data_dir_config(dir);
    if (!config) return fail(config.error().message);
    auto store = open_store(config->store, dir.root);
    if (!store) return fail(store.error().message);
    if (auto s = retire_key(dir, **store, id, now_unix()); !s) return fail(s.error().message);
    std::cout << "sealing key " << id << " is retired; reload the server (SIGHUP)\n";
    return 0;
}

int cmd_keys(const cli::Args& a) {
    DataDir dir{a.require("--data")};
    auto index = load_key_index(dir);
    if (!index) return fail(index.error().message);
    std::printf("%-4s %-16s %-20s %-20s %-20s %s\n", "ID", "FINGERPRINT", "CREATED", "REPLACED", "RETIRED", "CURRENT");
    for (const auto& k : index->keys) {
        std::string fp = "?";
        if (auto pub = read_file(dir.resolve(k.public_file))) {
            std::string t = *pub;
            while (!t.empty() && (t.back() == '\n' || t.back() == '\r')) t.pop_back();
            if (auto bytes = crypto::from_base64(t)) fp = key_fingerprint(*bytes);
        }
        std::printf("%-4d %-16s %-20s %-20s %-20s %s\n", k.id, fp.c_str(),
                    k.created_at ? iso_utc(k.created_at).c_str() : "-", when(k.replaced_at).c_str(),
                    when(k.retired_at).c_str(), k.id == index->current ? "yes" : "");
    }
    return 0;
}

}  // namespace

bool is_ops_command(const std::string& name) { return ops_commands.count(name) > 0; }

const char* ops_usage_lines() {
    return "  backup       consistent copy of the SQLite store while serving (--to FILE)\n"
           "  restore      put a backup in place (server stopped; the old database is kept)\n"
           "  rotate-key   add a new sealing key pair; kiosks get it at their next sync\n"
           "  retire-key   stop opening an old sealing key once no device can still use it\n"
           "  keys         list the sealing keys\n";
}

int run_ops_command(int argc, char** argv) {
    const std::string name = argv[1];
    const OpsCommand& c = ops_commands.at(name);
    try {
        auto args = cli::parse(argc, argv, 2, c.values, {"--help"});
        if (args.has("--help")) {
            std::cout << c.help;
            return 0;
        }
        if (args.positionals.size() != c.positionals)
            throw cli::UsageError(c.positionals == 0 ? "unexpected argument '" + args.positionals[0] + "'"
                                                     : name + " needs exactly one KEYID");
        if (name == "backup") return cmd_backup(args);
        if (name == "restore") return cmd_restore(args);
        if (name == "rotate-key") return cmd_rotate(args);
        if (name == "retire-key") return cmd_retire(args);
        return cmd_keys(args);
    } catch (...) {
        return cli::exit_for_exception("lp-aggregator " + name);
    }
}

}  // namespace lp::aggregator::ops
