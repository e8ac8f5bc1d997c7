#include <lp/aggregator/cli.hpp>

#include <lp/aggregator/app.hpp>
#include <lp/aggregator/enrol_service.hpp>
#include <lp/aggregator/export.hpp>
#include <lp/aggregator/ops/devices.hpp>
#include <lp/aggregator/ops/keyring.hpp>
#include <lp/aggregator/ops/ops.hpp>
#include <lp/aggregator/ops/ops_config.hpp>
#include <lp/aggregator/sqlite_store.hpp>
#include <lp/aggregator/store_commands.hpp>
#include <lp/aggregator/store_factory.hpp>
#include <lp/aggregator/tls.hpp>
#include <lp/shared/cli.hpp>
#include <lp/shared/config_file.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/time.hpp>
#include <lp/shared/version.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <unistd.h>

namespace lp::aggregator {
namespace {

const char* const usage_text =
    R"(usage: lp-aggregator COMMAND --data DIR [options]

Commands:
  init         create the data directory (database, sealing keys, TLS certificate, config)
  serve        serve the HTTPS API until SIGTERM/SIGINT
  enrol-code   print a single-use enrolment code for a kiosk
  devices      list enrolled devices
  revoke       revoke a device's token at once
  add-manager  add a dashboard account (password read from stdin), optionally for some sites
  remove-manager  delete a dashboard account; its open sessions stop at once
  list-managers   list dashboard accounts, their roles and sites
  export       write decrypted responses as CSV or JSON lines to stdout
  import       ingest a file written by 'lp-kiosk export' (idempotent)
  migrate      apply pending schema migrations to the configured store
  migrate-store  copy a SQLite store into PostgreSQL, verified by counts and hashes
  backup       consistent copy of the SQLite store while serving (--to FILE)
  restore      put a backup in place (server stopped; the old database is kept)
  rotate-key   add a new sealing key pair; kiosks get it at their next sync
  retire-key   stop opening an old sealing key once no device can still use it
  keys         list the sealing keys

Run 'lp-aggregator COMMAND --help' for a command's options.
)";

const std::map<std::string, std::string> command_help = {
    {"init", R"(usage: lp-aggregator init --data DIR [--cert FILE --key FILE]
Creates DIR with aggregator.db (WAL), sealing.key (0600) + sealing.pub, tls.crt/tls.key
(self-signed for localhost/127.0.0.1 unless --cert/--key are given) and aggregator.conf with
every default written out. Existing files are kept.
)"},
    {"serve", R"(usage: lp-aggregator serve --data DIR [--listen ADDR:PORT] [--assets DIR]
Serves HTTPS (default 127.0.0.1:8443; port 0 picks a free port). The first stdout line is
"listening on https://ADDR:PORT". One JSON line per request goes to stderr. SIGTERM/SIGINT
drain in-flight requests, checkpoint the database and exit 0.
--assets DIR overrides where question sets are read from (also env LP_ASSETS_DIR).
)"},
    {"enrol-code", R"(usage: lp-aggregator enrol-code --data DIR --site NAME [--expires 24h] [--question-set ID]
Prints a single-use code (10 characters), the server URL and the TLS public-key pin to type
into the kiosk. --expires takes 90s, 30m, 24h or 7d. --question-set pins the site's set.
)"},
    {"devices", R"(usage: lp-aggregator devices --data DIR
Lists devices: id, site, name, enrolled at, last seen, responses, revoked, and SILENT when
not seen for silent_after_h hours (aggregator.conf, default 48).
)"},
    {"revoke", R"(usage: lp-aggregator revoke --data DIR DEVICE
Revokes the device's token; its next request gets 401.
)"},
    {"add-manager", R"(usage: lp-aggregator add-manager --data DIR --user NAME [--role admin|manager|viewer] [--site A,B]
Reads the password from stdin (first line) and stores its argon2id hash. Re-running for the
same user replaces the password, role and sites, and ends the user's open sessions.
--site limits a manager or viewer to those sites (comma-separated): their pages, JSON, CSV
and safeguarding queue show nothing of other sites. Without --site, or with --role admin,
the account sees every site.
)"},
    {"remove-manager", R"(usage: lp-aggregator remove-manager --data DIR --user NAME
Deletes the account. Its open dashboard sessions stop working at their next request.
)"},
    {"list-managers", R"(usage: lp-aggregator list-managers --data DIR
Lists dashboard accounts: user, role (admin, manager or viewer), sites and when added.
)"},
    {"export", R"(usage: lp-aggregator export --data DIR --format csv|jsonl [--since DATE]
Writes decrypted responses (with linked theme ids) received since DATE (YYYY-MM-DD or
YYYY-MM-DDTHH:MM:SSZ) to stdout.
)"},
    {"import", R"(usage: lp-aggregator import --data DIR [--assets DIR] FILE
Ingests a batch file written by 'lp-kiosk export' for an enrolled device, with the same rules
as POST /api/v1/batches: importing the same file twice stores nothing twice.
)"},
};

struct Command {
    std::set<std::string> values;
    std::set<std::string> flags = {"--help"};
    std::size_t positionals = 0;
};

const std::map<std::string, Command> commands = {
    {"init", {{"--data", "--cert", "--key"}, {"--help"}, 0}},
    {"serve", {{"--data", "--listen", "--assets"}, {"--help"}, 0}},
    {"enrol-code", {{"--data", "--site", "--expires", "--question-set", "--assets"}, {"--help"}, 0}},
    {"devices", {{"--data"}, {"--help"}, 0}},
    {"revoke", {{"--data"}, {"--help"}, 1}},
    {"add-manager", {{"--data", "--user", "--role", "--site"}, {"--help"}, 0}},
    {"remove-manager", {{"--data", "--user"}, {"--help"}, 0}},
    {"list-managers", {{"--data"}, {"--help"}, 0}},
    {"export", {{"--data", "--format", "--since"}, {"--help"}, 0}},
    {"import", {{"--data", "--assets"}, {"--help"}, 1}},
};

int fail(const std::string& message) {
    std::cerr << "lp-aggregator: " << message << "\n";
    return 1;
}

Result<std::unique_ptr<Store>> open_store(const DataDir& dir) {
    if (!file_exists(dir.database()))
        return Error{Errc::not_found, "no aggregator data in " + dir.root + "; run 'lp-aggregator init' first"};
    auto config = load_data_dir_config(dir);
    if (!config) return config.error();
    return aggregator::open_store(config->store, dir.root);
}

std::string when(std::optional<std::int64_t> t) { return t ? iso_utc(*t) : std::string("-"); }

int cmd_init(const cli::Args& a) {
    DataDir dir{a.require("--data")};
    InitOptions o;
    o.cert_file = a.get("--cert");
    o.key_file = a.get("--key");
    if (o.cert_file.has_value() != o.key_file.has_value()) throw cli::UsageError("--cert and --key go together");
    if (auto s = init_data_dir(dir, o); !s) return fail(s.error().message);
    auto cert = read_file(dir.resolve(load_data_dir_config(dir).value().cert_file));
    auto pin = cert ? public_key_pin(*cert) : Result<std::string>(cert.error());
    std::cout << "initialised " << dir.root << "\n";
    if (pin) std::cout << "tls pin: " << *pin << "\n";
    return 0;
}

int cmd_enrol_code(const cli::Args& a) {
    DataDir dir{a.require("--data")};
    const std::string site = a.require("--site");
    if (site.empty() || site.size() > 100) throw cli::UsageError("--site must be 1 to 100 characters");
    auto config = load_data_dir_config(dir);
    if (!config) return fail(config.error().message);
    long long ttl = config->enrol_code_ttl_s;
    if (auto e = a.get("--expires")) {
        ttl = parse_duration_s(*e);
        if (ttl <= 0) throw cli::UsageError("--expires must look like 90s, 30m, 24h or 7d, got '" + *e + "'");
    }
    auto store = open_store(dir);
    if (!store) return fail(store.error().message);
    if (auto qs = a.get("--question-set")) {
        auto catalog = QuestionSetCatalog::load_dir(a.get("--assets").value_or(default_assets_dir()) +
                                                    "/question-sets");
        if (!catalog) return fail(catalog.error().message);
        if (!catalog->latest(*qs)) throw cli::UsageError("no question set '" + *qs + "' is installed");
        if (auto s = (*store)->set_site_question_set(site, *qs); !s) return fail(s.error().message);
    }
    const auto now = now_unix();
    auto code = issue_enrol_code(**store, site, ttl, now);
    if (!code) return fail(code.error().message);
    auto cert = read_file(dir.resolve(config->cert_file));
    if (!cert) return fail(cert.error().message);
    auto pin = public_key_pin(*cert);
    if (!pin) return fail(pin.error().message);
    std::string url = config->public_url;
    if (url.empty()) url = "https://" + config->listen;
    std::cout << "code: " << *code << "\n"
              << "server: " << url << "\n"
              << "pin: " << *pin << "\n"
              << "site: " << site << "\n"
              << "expires: " << iso_utc(now + ttl) << "\n";
    return 0;
}

int cmd_devices(const cli::Args& a) {
    DataDir dir{a.require("--data")};
    auto store = open_store(dir);
    if (!store) return fail(store.error().message);
    auto ops_config = ops::load_ops_config(dir);
    if (!ops_config) return fail(ops_config.error().message);
    auto devices = ops::device_health(**store, now_unix(), ops_config->silent_after_s());
    if (!devices) return fail(devices.error().message);
    std::printf("%-20s %-20s %-16s %-20s %-20s %9s %-7s %s\n", "ID", "SITE", "NAME", "ENROLLED", "LAST SEEN",
                "RESPONSES", "REVOKED", "STATE");
    for (const auto& [d, silent, quiet_s] : *devices)
        std::printf("%-20s %-20s %-16s %-20s %-20s %9lld %-7s %s\n", d.id.c_str(), d.site.c_str(), d.name.c_str(),
                    iso_utc(d.enrolled_at).c_str(), when(d.last_seen).c_str(), static_cast<long long>(d.responses),
                    d.revoked ? "yes" : "no",
                    silent ? ("SILENT " + std::to_string(quiet_s / 3600) + "h").c_str() : "ok");
    return 0;
}

int cmd_revoke(const cli::Args& a) {
    DataDir dir{a.require("--data")};
    auto store = open_store(dir);
    if (!store) return fail(store.error().message);
    if (auto s = (*store)->revoke_device(a.positionals.at(0), now_unix()); !s) return fail(s.error().message);
    std::cout << "revoked " << a.positionals[0] << "\n";
    return 0;
}

/// "A,B" -> {"A", "B"}: trimmed, empty parts left out, each 1 to 100 characters.
std::vector<std::string> site_list(const std::string& text) {
    std::vector<std::string> out;
    for (const auto& part : comma_list(text)) {
        if (part.size() > 100) throw cli::UsageError("a site name may be at most 100 characters");
        if (std::find(out.begin(), out.end(), part) == out.end()) out.push_back(part);
    }
    return out;
}

int cmd_add_manager(const cli::Args& a) {
    DataDir dir{a.require("--data")};
    const std::string user = a.require("--user");
    std::string role = a.get("--role").value_or("manager");
    if (role != "manager" && role != "viewer" && role != "admin")
        throw cli::UsageError("--role must be admin, manager or viewer");
    if (user.empty() || user.size() > 64) throw cli::UsageError("--user must be 1 to 64 characters");
    std::vector<std::string> sites;
    if (auto s = a.get("--site")) {
        if (role == "admin") throw cli::UsageError("an admin sees every site; leave out --site or pick another role");
        sites = site_list(*s);
        if (sites.empty()) throw cli::UsageError("--site needs at least one site name");
    }
    const std::string shown_role = role;
    if (role == "admin") role = "manager";  // a manager with no site limit
    if (isatty(STDIN_FILENO)) std::cerr << "password for " << user << ": " << std::flush;
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    if (password.size() < 10) return fail("the password must be at least 10 characters");
    auto store = open_store(dir);
    if (!store) return fail(store.error().message);
    Manager m{user, crypto::hash_password(password), role, now_unix(), sites};
    if (auto s = (*store)->upsert_manager(m); !s) return fail(s.error().message);
    std::string where = "all sites";
    if (!sites.empty()) {
        where = "sites: ";
        for (std::size_t i = 0; i < sites.size(); ++i) where += (i ? ", " : "") + sites[i];
    }
    std::cout << "manager " << user << " (" << shown_role << ", " << where << ") saved\n";
    return 0;
}

int cmd_remove_manager(const cli::Args& a) {
    DataDir dir{a.require("--data")};
    const std::string user = a.require("--user");
    auto store = open_store(dir);
    if (!store) return fail(store.error().message);
    if (auto s = (*store)->remove_manager(user); !s) return fail(s.error().message);
    std::cout << "removed " << user << "; their open sessions have ended\n";
    return 0;
}

int cmd_list_managers(const cli::Args& a) {
    DataDir dir{a.require("--data")};
    auto store = open_store(dir);
    if (!store) return fail(store.error().message);
    auto managers = (*store)->list_managers();
    if (!managers) return fail(managers.error().message);
    std::printf("%-24s %-8s %-20s %s\n", "USER", "ROLE", "ADDED", "SITES");
    for (const auto& m : *managers) {
        std::string sites;
        for (const auto& s : m.sites) sites += (sites.empty() ? "" : ", ") + s;
        const bool admin = m.role == "manager" && m.sites.empty();
        std::printf("%-24s %-8s %-20s %s\n", m.user.c_str(), admin ? "admin" : m.role.c_str(),
                    iso_utc(m.created_at).c_str(), sites.empty() ? "(all sites)" : sites.c_str());
    }
    return 0;
}

int cmd_export(const cli::Args& a) {
    DataDir dir{a.require("--data")};
    const std::string format = a.require("--format");
    if (format != "csv" && format != "jsonl") throw cli::UsageError("--format must be csv or jsonl");
    std::int64_t since = 0;
    if (auto s = a.get("--since")) {
        since = parse_iso_utc(*s);
        if (since < 0) throw cli::UsageError("--since must be YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ");
    }
    auto store = open_store(dir);
    if (!store) return fail(store.error().message);
    auto s = export_responses(**store, format == "csv" ? ExportFormat::csv : ExportFormat::jsonl, since, std::cout);
    std::cout.flush();
    if (!s) return fail(s.error().message);
    return 0;
}

int cmd_import(const cli::Args& a) {
    DataDir dir{a.require("--data")};
    const std::string file = a.positionals.at(0);
    auto text = read_file(file);
    if (!text) return fail(text.error().message);
    auto config = load_data_dir_config(dir);
    if (!config) return fail(config.error().message);
    // A kiosk export holds its whole outbox: no per-batch item cap for imports.
    Limits limits = config->limits;
    limits.max_items_per_batch = 1000000;
    auto device_id = IngestService::batch_device_id(*text, limits);
    if (!device_id) return fail(file + ": " + device_id.error().message);
    auto store = open_store(dir);
    if (!store) return fail(store.error().message);
    auto devices = (*store)->list_devices();
    if (!devices) return fail(devices.error().message);
    bool known = false;
    for (const auto& d : *devices) known = known || d.id == *device_id;
    if (!known) return fail(file + ": device " + *device_id + " is not enrolled here");
    auto keys = ops::load_keyring(dir);  // opens items sealed to any non-retired key
    if (!keys) return fail(keys.error().message);
    auto catalog = QuestionSetCatalog::load_dir(a.get("--assets").value_or(default_assets_dir()) + "/question-sets");
    if (!catalog) return fail(catalog.error().message);
    IngestService ingest(**store, *catalog, *keys, limits);
    auto results = ingest.ingest(*device_id, *text, now_unix());
    if (!results) return fail(file + ": " + results.error().message);
    std::map<std::string, int> counts;
    for (const auto& r : *results) {
        ++counts[wire::to_string(r.status)];
        if (r.status == ItemStatus::rejected || r.status == ItemStatus::conflict)
            std::cerr << r.id << ": " << wire::to_string(r.status) << ": " << r.reason << "\n";
    }
    std::cout << "stored " << counts["stored"] << ", duplicate " << counts["duplicate"] << ", conflict "
              << counts["conflict"] << ", rejected " << counts["rejected"] << "\n";
    return 0;
}

}  // namespace

long long parse_duration_s(const std::string& text) {
    if (text.empty() || text.size() > 12) return -1;
    std::size_t digits = text.find_first_not_of("0123456789");
    if (digits == 0) return -1;
    long long n = std::stoll(text.substr(0, digits));
    if (digits == std::string::npos) return n;
    if (digits + 1 != text.size()) return -1;
    switch (text[digits]) {
        case 's': return n;
        case 'm': return n * 60;
        case 'h': return n * 3600;
        case 'd': return n * 86400;
        default: return -1;
    }
}

int run_cli(int argc, char** argv, const std::vector<RouteRegistrar>& extra_routes) {
    if (argc < 2) {
        std::cerr << "lp-aggregator: missing command (try --help)\n";
        return 2;
    }
    const std::string name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") {
        std::cout << usage_text;
        return 0;
    }
    if (name == "--version") {
        std::cout << "lp-aggregator " << lp::version() << "\n";
        return 0;
    }
    if (is_store_command(name)) return run_store_command(argc, argv);
    if (ops::is_ops_command(name)) return ops::run_ops_command(argc, argv);
    auto it = commands.find(name);
    if (it == commands.end()) {
        std::cerr << "lp-aggregator: unknown command '" << name << "' (try --help)\n";
        return 2;
    }
    try {
        auto args = cli::parse(argc, argv, 2, it->second.values, it->second.flags);
        if (args.has("--help")) {
            std::cout << command_help.at(name);
            return 0;
        }
        if (args.positionals.size() != it->second.positionals)
            throw cli::UsageError(it->second.positionals == 0 ? "unexpected argument '" + args.positionals[0] + "'"
                                                              : name + " needs exactly one " +
                                                                    (name == "revoke" ? "DEVICE" : "FILE"));
        if (name == "init") return cmd_init(args);
        if (name == "serve") {
            AggregatorOptions o;
            o.data_dir = args.require("--data");
            o.listen = args.get("--listen");
            if (o.listen && !parse_listen_address(*o.listen)) throw cli::UsageError("--listen must be ADDR:PORT");
            o.assets_dir = args.get("--assets").value_or(default_assets_dir());
            o.extra_routes = extra_routes;
            return serve(o);
        }
        if (name == "enrol-code") return cmd_enrol_code(args);
        if (name == "devices") return cmd_devices(args);
        if (name == "revoke") return cmd_revoke(args);
        if (name == "add-manager") return cmd_add_manager(args);
        if (name == "remove-manager") return cmd_remove_manager(args);
        if (name == "list-managers") return cmd_list_managers(args);
        if (name == "export") return cmd_export(args);
        if (name == "import") return cmd_import(args);
    } catch (...) {
        return cli::exit_for_exception("lp-aggregator " + name);
    }
    return 2;
}

}  // namespace lp::aggregator
