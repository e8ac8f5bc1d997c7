#include <lp/aggregator/app.hpp>

#include <lp/aggregator/ops/keyring.hpp>
#include <lp/aggregator/ops/ops.hpp>
#include <lp/aggregator/ops/ops_config.hpp>
#include <lp/aggregator/routes.hpp>
#include <lp/aggregator/sqlite_store.hpp>
#include <lp/aggregator/store_factory.hpp>
#include <lp/aggregator/tls.hpp>
#include <lp/shared/files.hpp>

#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <pthread.h>
#include <thread>

#ifndef LP_ASSETS_DIR
#define LP_ASSETS_DIR "assets"
#endif

namespace lp::aggregator {

std::string default_assets_dir() {
    if (const char* env = std::getenv("LP_ASSETS_DIR"); env && *env) return env;
    return LP_ASSETS_DIR;
}

Result<std::unique_ptr<Aggregator>> Aggregator::open(const AggregatorOptions& options) {
    auto a = std::make_unique<Aggregator>(Key{});
    a->dir_.root = options.data_dir;
    if (!file_exists(a->dir_.database()))
        return Error{Errc::not_found, "no aggregator data in " + options.data_dir + "; run 'lp-aggregator init' first"};
    auto config = load_data_dir_config(a->dir_);
    if (!config) return config.error();
    a->config_ = std::move(*config);
    if (options.listen) a->config_.listen = *options.listen;
    auto keys = ops::load_keyring(a->dir_);  // the current key; older non-retired ones still open
    if (!keys) return keys.error();
    a->keys_ = std::move(*keys);
    auto store = open_store(a->config_.store, a->dir_.root);
    if (!store) return store.error();
    a->store_ = std::move(*store);
    auto catalog = QuestionSetCatalog::load_dir(options.assets_dir + "/question-sets");
    if (!catalog) return catalog.error();
    a->catalog_ = std::move(*catalog);

    const std::string cert = a->dir_.resolve(a->config_.cert_file);
    auto cert_pem = read_file(cert);
    if (!cert_pem) return cert_pem.error();
    auto pin = public_key_pin(*cert_pem);
    if (!pin) return Error{pin.error().code, cert + ": " + pin.error().message};
    ServerIdentity identity{crypto::to_base64(a->keys_.public_key.data(), a->keys_.public_key.size()), *pin};

    a->ingest_ = std::make_unique<IngestService>(*a->store_, a->catalog_, a->keys_, a->config_.limits);
    a->enrol_ = std::make_unique<EnrolService>(*a->store_, a->catalog_, identity, a->config_);
    a->auth_ = std::make_unique<DeviceAuthenticator>(*a->store_, a->config_.device_requests_per_minute,
                                                     a->config_.device_burst);
    auto server = Server::create(a->config_, cert, a->dir_.resolve(a->config_.key_file));
    if (!server) return server.error();
    a->server_ = std::move(*server);

    register_health_routes(*a->server_);
    register_enrol_routes(*a->server_, *a->enrol_);
    register_batch_routes(*a->server_, *a->ingest_, *a->auth_);
    register_question_set_routes(*a->server_, a->catalog_, *a->store_, *a->auth_, a->config_.default_question_set);
    if (auto s = ops::install(*a); !s) return s.error();  // /metrics, sealing-key header, cert reload
    for (const auto& add : options.extra_routes) add(*a);
    return a;
}

int serve(const AggregatorOptions& options) {
    // Block the stop signals before any server thread exists, so every thread inherits the
    // mask and only the waiter below receives them (no work inside a signal handler).
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGTERM);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGUSR1);  // sent to ourselves when run() ends on its own
    sigaddset(&stop_signals, SIGHUP);   // reload certificate and config (ops::reload)
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    std::signal(SIGPIPE, SIG_IGN);  // a client closing mid-write must not kill the server

    auto opened = Aggregator::open(options);
    if (!opened) {
        ops::log_error(opened.error().message);  // one JSON line (journald)
        return 1;
    }
    Aggregator& agg = **opened;
    auto listen = parse_listen_address(agg.config().listen);
    if (!listen) {
        ops::log_error(listen.error().message);  // one JSON line (journald)
        return 1;
    }
    auto port = agg.server().bind(listen->first, listen->second);
    if (!port) {
        ops::log_error(port.error().message);  // one JSON line (journald)
        return 1;
    }
    const std::string shown_host = listen->first.find(':') != std::string::npos ? "[" + listen->first + "]"
                                                                                 : listen->first;
    std::cout << "listening on https://" << shown_host << ":" << *port << std::endl;
    ops::log_event("listening", "{\"url\":\"https://" + shown_host + ":" + std::to_string(*port) + "\"}");

    std::mutex m;
    std::condition_variable cv;
    bool stopped = false;
    const int grace_s = agg.config().shutdown_grace_s;
    std::thread waiter([&] {
        int sig = 0;
        while (sigwait(&stop_signals, &sig) == 0 && sig == SIGHUP) ops::reload(agg);
        if (sig == SIGUSR1) return;
        std::cerr << "{\"event\":\"draining\",\"signal\":" << sig << "}" << std::endl;
        agg.server().drain();
        std::unique_lock<std::mutex> lock(m);
        if (!cv.wait_for(lock, std::chrono::seconds(grace_s), [&] { return stopped; })) {
            // Committed batches are already durable (synchronous=FULL); only stragglers are cut.
            std::cerr << "{\"event\":\"grace period over, exiting\"}" << std::endl;
            std::_Exit(0);
        }
    });
    const bool ran = agg.server().run();
    {
        std::lock_guard<std::mutex> lock(m);
        stopped = true;
    }
    cv.notify_all();
    if (!agg.server().draining()) pthread_kill(waiter.native_handle(), SIGUSR1);
    waiter.join();
    auto cp = agg.store().checkpoint();
    if (!cp) ops::log_error(cp.error().message);  // one JSON line (journald)
    std::cerr << "{\"event\":\"stopped\"}" << std::endl;
    return ran || agg.server().draining() ? 0 : 1;
}

}  // namespace lp::aggregator
