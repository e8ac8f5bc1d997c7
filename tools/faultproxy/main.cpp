// lp-faultproxy: sits between a kiosk and the aggregator on loopback and injects network faults
// (drop mid-request, drop after the server answered, stall, trickle, raw 500/503/429, reset).
#include <openssl/ssl.h>

#include <csignal>
#include <iostream>
#include <lp/shared/cli.hpp>
#include <lp/shared/version.hpp>
#include <memory>

#include "fault_plan.hpp"
#include "proxy.hpp"

namespace {

constexpr const char* usage_text =
    "usage: lp-faultproxy --upstream 127.0.0.1:PORT [--listen 127.0.0.1:0] [--seed N]\n"
    "         [--drop-request P] [--drop-response P] [--stall P] [--throttle P] [--reset P]\n"
    "         [--status P --tls-cert FILE --tls-key FILE] [--stall-ms MS] [--throttle-bps N]\n"
    "         [--quiet-ms MS] [--idle-timeout-s S] [--max-connections N] [--stats FILE] [--off]\n"
    "Loopback only. Prints \"listening on 127.0.0.1:PORT\" first. SIGUSR1 toggles the faults.\n"
    "P is a probability per request (status: per new connection, needs the server's TLS key).\n";

struct SslCtxFree {
    void operator()(SSL_CTX* c) const noexcept { SSL_CTX_free(c); }
};

void toggle_faults(int) { lp::faultproxy::faults_enabled = !lp::faultproxy::faults_enabled; }

std::pair<std::string, int> host_port(const std::string& s) {
    const auto colon = s.rfind(':');
    if (colon == std::string::npos) throw lp::cli::UsageError("expected HOST:PORT, got " + s);
    const std::string port = s.substr(colon + 1);
    if (port.empty() || port.find_first_not_of("0123456789") != std::string::npos || port.size() > 5)
        throw lp::cli::UsageError("bad port in " + s);
    return {s.substr(0, colon), std::stoi(port)};
}

double probability(const lp::cli::Args& args, const std::string& name) {
    auto v = args.get(name);
    if (!v) return 0.0;
    try {
        std::size_t used = 0;
        const double p = std::stod(*v, &used);
        if (used != v->size() || p < 0 || p > 1) throw std::invalid_argument("range");
        return p;
    } catch (const std::exception&) {
        throw lp::cli::UsageError(name + " needs a probability between 0 and 1");
    }
}

}  // namespace

int main(int argc, char** argv) {
    using namespace lp::faultproxy;
    lp::cli::Args args;
    ProxyConfig config;
    FaultRates rates;
    std::uint64_t seed = 1;
    std::string cert, key;
    try {
        args = lp::cli::parse(argc, argv, 1,
                              {"--upstream", "--listen", "--seed", "--drop-request", "--drop-response", "--stall",
                               "--throttle", "--reset", "--status", "--tls-cert", "--tls-key", "--stall-ms",
                               "--throttle-bps", "--quiet-ms", "--idle-timeout-s", "--max-connections", "--stats"},
                              {"--help", "--version", "--off"});
        if (args.has("--help")) {
            std::cout << usage_text;
            return 0;
        }
        if (args.has("--version")) {
            std::cout << "lp-faultproxy " << lp::version() << "\n";
            return 0;
        }
        if (!args.positionals.empty()) throw lp::cli::UsageError("unexpected argument " + args.positionals.front());
        std::tie(config.upstream_host, config.upstream_port) = host_port(args.require("--upstream"));
        std::tie(config.listen_host, config.listen_port) = host_port(args.get("--listen").value_or("127.0.0.1:0"));
        seed = static_cast<std::uint64_t>(args.get_int("--seed", 1, 0, 1LL << 62));
        rates.drop_request = probability(args, "--drop-request");
        rates.drop_response = probability(args, "--drop-response");
        rates.stall = probability(args, "--stall");
        rates.throttle = probability(args, "--throttle");
        rates.reset = probability(args, "--reset");
        rates.status = probability(args, "--status");
        if (rates.drop_request + rates.drop_response + rates.stall + rates.throttle + rates.reset > 1.0)
            throw lp::cli::UsageError("the per-request probabilities add up to more than 1");
        config.stall_ms = static_cast<int>(args.get_int("--stall-ms", config.stall_ms, 0, 600000));
        config.throttle_bytes_per_s =
            static_cast<int>(args.get_int("--throttle-bps", config.throttle_bytes_per_s, 64, 1 << 30));
        config.quiet_ms = static_cast<int>(args.get_int("--quiet-ms", config.quiet_ms, 10, 60000));
        config.idle_timeout_s = static_cast<int>(args.get_int("--idle-timeout-s", config.idle_timeout_s, 1, 3600));
        config.max_connections = static_cast<int>(args.get_int("--max-connections", config.max_connections, 1, 4096));
        config.stats_file = args.get("--stats").value_or("");
        cert = args.get("--tls-cert").value_or("");
        key = args.get("--tls-key").value_or("");
        if (rates.status > 0 && (cert.empty() || key.empty()))
            throw lp::cli::UsageError("--status needs --tls-cert and --tls-key (the server's, to speak its TLS)");
    } catch (const lp::cli::UsageError& e) {
        std::cerr << "lp-faultproxy: " << e.what() << "\n";
        return 2;
    }

    std::unique_ptr<SSL_CTX, SslCtxFree> ctx;
    if (!cert.empty() && !key.empty()) {
        ctx.reset(SSL_CTX_new(TLS_server_method()));
        if (!ctx || SSL_CTX_use_certificate_chain_file(ctx.get(), cert.c_str()) != 1 ||
            SSL_CTX_use_PrivateKey_file(ctx.get(), key.c_str(), SSL_FILETYPE_PEM) != 1) {
            std::cerr << "lp-faultproxy: cannot load " << cert << " / " << key << "\n";
            return 1;
        }
    }

    std::signal(SIGPIPE, SIG_IGN);
    std::signal(SIGUSR1, toggle_faults);
    faults_enabled = args.has("--off") ? 0 : 1;
    try {
        FaultPlan plan(seed, rates);
        Proxy proxy(config, plan, ctx.get());
        std::cout << "listening on 127.0.0.1:" << proxy.port() << std::endl;
        proxy.run();
    } catch (const std::exception& e) {
        std::cerr << "lp-faultproxy: " << e.what() << "\n";
        return 1;
    }
}
