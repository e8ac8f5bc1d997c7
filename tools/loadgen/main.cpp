// lp-loadgen: simulated kiosks against a loopback aggregator or cluster (loadgen.hpp).
#include "loadgen.hpp"

#include <lp/aggregator/data_dir.hpp>
#include <lp/aggregator/enrol_service.hpp>
#include <lp/aggregator/store_factory.hpp>
#include <lp/shared/cli.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/time.hpp>
#include <lp/shared/version.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

namespace {

const char* const usage =
    R"(usage: lp-loadgen --server https://127.0.0.1:PORT (--mint DATA_DIR | --codes FILE) [options]

Simulates kiosks: each enrols with a single-use code, saves sealed responses on a schedule and
syncs them through the real client library; every acknowledgement is checked and, with
--verify, the store is read back at the end. Exits 0 only when nothing was lost, nothing was
stored twice and every kiosk drained; 1 otherwise; 2 on a usage error. Loopback only.

  --mint DATA_DIR        mint one code per kiosk in the store of this aggregator data dir
                         (its aggregator.conf `store`); also supplies --ca and --verify-store
  --codes FILE           or read codes from FILE, one per line
  --site NAME            site for minted codes (default loadgen)
  --ca FILE              the server certificate to trust (default DATA_DIR/tls.crt)
  --kiosks N             simulated kiosks (default 1000, at most 20000)
  --responses N          responses each kiosk saves (default 10)
  --create-every-ms N    a kiosk saves one response this often (default 1000)
  --sync-every-ms N      and syncs at most this often (default 2000)
  --batch-size N         items per POST (default 100)
  --threads N            worker threads simulating the kiosks (default 16)
  --duration-s N         hard limit for the whole run (default 300, at most 3600)
  --verify               read the store back at the end (needs --mint or --verify-store)
  --verify-store SPEC    sqlite:PATH or postgresql://… to read back
  --work-dir DIR         where kiosk files go (default: a temp dir, removed afterwards)
  --json FILE            also write the report as JSON
)";

bool loopback_url(const std::string& url) {
    for (const char* p : {"https://127.0.0.1:", "https://localhost:", "https://[::1]:"})
        if (url.rfind(p, 0) == 0) return true;
    return false;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace lp;
    if (argc >= 2 && std::string(argv[1]) == "--version") {
        std::cout << "lp-loadgen " << lp::version() << "\n";
        return 0;
    }
    try {
        auto a = cli::parse(argc, argv, 1,
                            {"--server", "--mint", "--codes", "--site", "--ca", "--kiosks", "--responses",
                             "--create-every-ms", "--sync-every-ms", "--batch-size", "--threads", "--duration-s",
                             "--verify-store", "--work-dir", "--json"},
                            {"--help", "--verify"});
        if (a.has("--help")) {
            std::cout << usage;
            return 0;
        }
        if (!a.positionals.empty()) throw cli::UsageError("unexpected argument '" + a.positionals[0] + "'");
        loadgen::Options o;
        o.server_url = a.require("--server");
        if (!loopback_url(o.server_url)) throw cli::UsageError("--server must be https on loopback (127.0.0.1, localhost, [::1])");
        o.kiosks = static_cast<int>(a.get_int("--kiosks", 1000, 1, 20000));
        o.responses_per_kiosk = static_cast<int>(a.get_int("--responses", 10, 1, 100000));
        o.create_every_ms = static_cast<int>(a.get_int("--create-every-ms", 1000, 1, 3600000));
        o.sync_every_ms = static_cast<int>(a.get_int("--sync-every-ms", 2000, 1, 3600000));
        o.batch_size = static_cast<int>(a.get_int("--batch-size", 100, 1, 1000));
        o.threads = static_cast<int>(a.get_int("--threads", 16, 1, 512));
        o.duration_s = static_cast<int>(a.get_int("--duration-s", 300, 1, 3600));
        const auto mint = a.get("--mint");
        const auto codes_file = a.get("--codes");
        if (mint.has_value() == codes_file.has_value()) throw cli::UsageError("give exactly one of --mint or --codes");
        o.ca_file = a.get("--ca").value_or(mint ? *mint + "/tls.crt" : "");
        if (o.ca_file.empty()) throw cli::UsageError("--ca is needed with --codes");
        if (a.has("--verify") && !mint && !a.get("--verify-store"))
            throw cli::UsageError("--verify needs --mint or --verify-store");

        if (mint) {
            aggregator::DataDir dir{*mint};
            auto config = aggregator::load_data_dir_config(dir);
            if (!config) throw std::runtime_error(config.error().message);
            auto store = aggregator::open_store(config->store, dir.root);
            if (!store) throw std::runtime_error(store.error().message);
            const std::string site = a.get("--site").value_or("loadgen");
            for (int i = 0; i < o.kiosks; ++i) {
                auto code = aggregator::issue_enrol_code(**store, site, 24 * 3600, now_unix());
                if (!code) throw std::runtime_error(code.error().message);
                o.codes.push_back(*code);
            }
            std::shared_ptr<aggregator::Store> shared_store(std::move(*store));
            o.replacement_code = [shared_store, site]() {
                return aggregator::issue_enrol_code(*shared_store, site, 24 * 3600, now_unix());
            };
            if (a.has("--verify")) {
                o.verify_store = config->store;
                o.verify_base_dir = dir.root;
            }
        } else {
            auto text = read_file(*codes_file);
            if (!text) throw std::runtime_error(text.error().message);
            std::istringstream in(*text);
            for (std::string line; std::getline(in, line);)
                if (!line.empty()) o.codes.push_back(line);
            if (static_cast<int>(o.codes.size()) < o.kiosks)
                throw cli::UsageError(*codes_file + " holds " + std::to_string(o.codes.size()) + " codes for " +
                                      std::to_string(o.kiosks) + " kiosks");
        }
        if (auto v = a.get("--verify-store")) o.verify_store = *v;

        std::string temp;
        if (auto w = a.get("--work-dir")) {
            o.work_dir = *w;
        } else {
            const char* base = std::getenv("TMPDIR");
            std::string tmpl = std::string(base && *base ? base : "/tmp") + "/lp-loadgen-XXXXXX";
            if (!mkdtemp(tmpl.data())) throw std::runtime_error("cannot create a temp dir");
            o.work_dir = temp = tmpl;
        }
        const loadgen::Report r = loadgen::run(o);
        if (!temp.empty()) {
            std::error_code ec;
            std::filesystem::remove_all(temp, ec);
        }
        std::cout << loadgen::to_text(r) << std::flush;
        if (auto j = a.get("--json"); j && !write_file_atomic(*j, loadgen::to_json(r, o) + "\n"))
            std::cerr << "lp-loadgen: cannot write " << *j << "\n";
        return r.clean() ? 0 : 1;
    } catch (...) {
        return cli::exit_for_exception("lp-loadgen");
    }
}
