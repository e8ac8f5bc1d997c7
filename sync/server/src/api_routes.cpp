#include <lp/shared/http_status.hpp>
#include <lp/aggregator/routes.hpp>

#include <lp/aggregator/http.hpp>
#include <lp/shared/time.hpp>
#include <lp/shared/version.hpp>

#include <httplib.h>
#include <nlohmann/json.hpp>

namespace lp::aggregator {
namespace {

// Answers an auth failure; true when the request may go on.
bool authorized(const httplib::Request& req, httplib::Response& res, DeviceAuthenticator& auth, DeviceAuth& device) {
    AuthOutcome a = auth.authenticate(http::bearer_token(req));
    if (a.status == http_status::ok) {
        device = a.device;
        Server::log_device(device.device_id);
        return true;
    }
    if (!a.device.device_id.empty()) Server::log_device(a.device.device_id);
    if (a.retry_after_s > 0) res.set_header("Retry-After", std::to_string(a.retry_after_s));
    // The body (if any) is still unread: close rather than parse it as the next request.
    http::send_error_and_close(res, a.status, a.error_code, a.message);
    return false;
}

}  // namespace

void register_health_routes(Server& server) {
    server.http().Get("/api/v1/health", [](const httplib::Request&, httplib::Response& res) {
        http::send_json(res, http_status::ok, nlohmann::json{{"status", "ok"}, {"version", lp::version()}}.dump());
    });
}

void register_enrol_routes(Server& server, EnrolService& enrol) {
    server.http().Post("/api/v1/enrol", [&server, &enrol](const httplib::Request& req, httplib::Response& res) {
        EnrolOutcome o = enrol.enrol(req.body, http::client_address(req, server.config().trusted_proxies), now_unix());
        using K = EnrolOutcome::Kind;
        switch (o.kind) {
            case K::enrolled:
                Server::log_device(o.device_id);
                http::send_json(res, http_status::ok, o.body_json);
                return;
            case K::invalid_request: http::send_error(res, http_status::bad_request, "bad_request", o.message); return;
            case K::bad_code: http::send_error(res, http_status::unauthorized, "bad_code", o.message); return;
            case K::locked_out:
                res.set_header("Retry-After", std::to_string(o.retry_after_s));
                http::send_error(res, http_status::too_many_requests, "rate_limited", o.message);
                return;
            case K::failed: http::send_error(res, http_status::service_unavailable, "unavailable", o.message); return;
        }
    });
}

void register_batch_routes(Server& server, IngestService& ingest, DeviceAuthenticator& auth) {
    const std::size_t max_body = server.config().limits.max_body_bytes;
    server.http().Post("/api/v1/batches", [&ingest, &auth, max_body](const httplib::Request& req,
                                                                      httplib::Response& res,
                                                                      const httplib::ContentReader& reader) {
        DeviceAuth device;
        if (!authorized(req, res, auth, device)) return;
        // httplib inflates gzip before this receiver sees the bytes, so counting here bounds
        // the inflated size: a gzip bomb stops at the limit instead of filling memory.
        std::string body;
        bool too_large = false;
        const bool complete = reader([&](const char* data, std::size_t n) {
            if (body.size() + n > max_body) {
                too_large = true;
                return false;
            }
            body.append(data, n);
            return true;
        });
        if (too_large) {
            http::send_error_and_close(res, http_status::payload_too_large, "too_large",
                                       "the body may be at most " + std::to_string(max_body) +
                                           " bytes (after gzip inflation); send smaller batches");
            return;
        }
        if (!complete) {
            http::send_error_and_close(res, http_status::bad_request, "bad_request", "the body could not be read (bad gzip data?)");
            return;
        }
        auto results = ingest.ingest(device.device_id, body, now_unix());
        if (!results) {
            const auto code = results.error().code;
            if (code == Errc::invalid_input) {
                http::send_error(res, http_status::bad_request, "bad_request", results.error().message);
            } else {
                res.set_header("Retry-After", "5");
                http::send_error(res, http_status::service_unavailable, "unavailable",
                                 code == Errc::disk_full ? "the server's disk is full; nothing was stored"
                                                         : "the database failed; nothing was stored, retry later");
            }
            return;
        }
        // The batch transaction has committed: only now do we answer.
        http::send_json(res, http_status::ok, wire::encode_results(*results));
    });
}

void register_question_set_routes(Server& server, const QuestionSetCatalog& catalog, Store& store,
                                  DeviceAuthenticator& auth, std::string default_question_set) {
    server.http().Get("/api/v1/question-sets/current", [&catalog, &store, &auth, default_question_set](
                                                           const httplib::Request& req, httplib::Response& res) {
        DeviceAuth device;
        if (!authorized(req, res, auth, device)) return;
        auto current = catalog.current_for_site(store, device.site, default_question_set);
        if (!current) {
            http::send_error(res, current.error().code == Errc::not_found ? http_status::not_found : http_status::service_unavailable,
                             current.error().code == Errc::not_found ? "not_found" : "unavailable",
                             current.error().message);
            return;
        }
        (void)store.touch_device(device.device_id, now_unix());  // last_seen is informative only
        res.set_header("ETag", current->etag);
        if (req.get_header_value("If-None-Match") == current->etag) {
            res.status = http_status::not_modified;
            return;
        }
        http::send_json(res, http_status::ok, current->json);
    });
}

}  // namespace lp::aggregator
