#include <httplib.h>

#include <lp/shared/http_status.hpp>
#include <lp/aggregator/http.hpp>
#include <lp/aggregator/ops/keyring.hpp>
#include <lp/aggregator/ops/metrics.hpp>
#include <lp/aggregator/ops/ops.hpp>
#include <lp/aggregator/ops/ops_config.hpp>
#include <lp/aggregator/ops/tls_reload.hpp>
#include <lp/shared/crypto.hpp>
#include <lp/shared/time.hpp>
#include <mutex>
#include <nlohmann/json.hpp>

namespace lp::aggregator::ops {
namespace {

std::mutex config_mutex;
OpsConfig live_config;  // replaced on SIGHUP

OpsConfig current_config() {
    std::lock_guard<std::mutex> lock(config_mutex);
    return live_config;
}

bool is_loopback(const std::string& addr) {
    return addr == "127.0.0.1" || addr == "::1" || addr == "::ffff:127.0.0.1" || addr.rfind("127.", 0) == 0;
}

// Device API answers that carry the current sealing key: the kiosk stores it from there.
bool carries_sealing_key(const httplib::Request& req, int status) {
    return (status == http_status::ok || status == http_status::not_modified) && (req.path == "/api/v1/question-sets/current" ||
                                                req.path == "/api/v1/batches" || req.path == "/api/v1/enrol");
}

}  // namespace

std::int64_t live_silent_after_s() { return current_config().silent_after_s(); }

Status install(Aggregator& agg) {
    auto config = load_ops_config(agg.data_dir());
    if (!config) return config.error();
    {
        std::lock_guard<std::mutex> lock(config_mutex);
        live_config = *config;
    }
    auto& http = agg.server().http();
    if (auto* tls = dynamic_cast<httplib::SSLServer*>(&http); tls && tls->ssl_context())
        install_certificate_reloader(*tls->ssl_context());

    // Runs for every answer httplib writes (also pre-routing refusals and errors).
    http.set_post_routing_handler([](const httplib::Request& req, httplib::Response& res) {
        observe_request(req.method, req.path, res.status);
        if (carries_sealing_key(req, res.status)) {
            const std::string key = current_public_key_b64();
            if (!key.empty()) res.set_header(sealing_key_header, key);
        }
    });

    http.Get("/metrics", [&agg](const httplib::Request& req, httplib::Response& res) {
        const OpsConfig c = current_config();
        if (!c.metrics_token.empty()) {
            if (!crypto::constant_time_equal(http::bearer_token(req), c.metrics_token)) {
                res.set_header("WWW-Authenticate", "Bearer");
                http::send_error(res, http_status::unauthorized, "unauthorized", "send the metrics_token as a bearer token");
                return;
            }
        } else if (!is_loopback(req.remote_addr)) {
            http::send_error(res, http_status::forbidden, "forbidden",
                             "/metrics answers loopback clients only; set metrics_token to scrape from elsewhere");
            return;
        }
        std::string body = render_counters();
        body += render_device_gauges(agg.store(), now_unix(), c.silent_after_s());
        body += render_sources();
        res.status = http_status::ok;
        res.set_content(body, "text/plain; version=0.0.4; charset=utf-8");
    });
    return ok_status();
}

void reload(Aggregator& agg) {
    nlohmann::json line = nlohmann::json::object();
    bool ok = true;
    auto config = load_data_dir_config(agg.data_dir());
    if (!config) {
        ok = false;
        line["config_error"] = config.error().message;
    } else {
        const std::string cert = agg.data_dir().resolve(config->cert_file);
        if (auto s = reload_certificate(cert, agg.data_dir().resolve(config->key_file)); !s) {
            ok = false;
            line["certificate_error"] = s.error().message;
        } else {
            line["certificate"] = cert;
        }
    }
    if (auto c = load_ops_config(agg.data_dir()); !c) {
        ok = false;
        line["ops_config_error"] = c.error().message;
    } else {
        std::lock_guard<std::mutex> lock(config_mutex);
        live_config = *c;
        line["silent_after_h"] = c->silent_after_h;
        line["metrics_token_set"] = !c->metrics_token.empty();
    }
    if (auto k = load_keyring(agg.data_dir()); !k) {
        ok = false;
        line["keys_error"] = k.error().message;
    } else {
        line["sealing_key"] = key_fingerprint(crypto::Bytes(k->public_key.begin(), k->public_key.end()));
    }
    line["ok"] = ok;
    line["note"] = "listen, store, limits and timeouts take effect on restart";
    log_event(ok ? "reloaded" : "reload_failed", line.dump());
}

}  // namespace lp::aggregator::ops
