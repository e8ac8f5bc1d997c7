#include <lp/shared/http_status.hpp>
#include <lp/aggregator/server.hpp>

#include <lp/aggregator/http.hpp>
#include <lp/aggregator/tls.hpp>
#include <lp/shared/time.hpp>

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include <algorithm>
#include <chrono>
#include <mutex>

namespace lp::aggregator {
namespace {

// Per-request facts for the request log. httplib runs pre-routing, the handler and the
// logger of one request on the same worker thread, so thread-locals carry them across.
struct RequestFacts {
    std::chrono::steady_clock::time_point start{};
    std::string device_id;
    bool end_connection = false;  // shut the socket once the answer is written (see the logger)
};
thread_local RequestFacts request_facts;

std::mutex log_mutex;
std::FILE* log_stream = nullptr;

const char* status_code_name(int status) {
    switch (status) {
        case http_status::bad_request: return "bad_request";
        case http_status::unauthorized: return "unauthorized";
        case http_status::forbidden: return "forbidden";
        case http_status::not_found: return "not_found";
        case http_status::method_not_allowed: return "method_not_allowed";
        case http_status::request_timeout: return "timeout";
        case http_status::length_required: return "length_required";
        case http_status::payload_too_large: return "too_large";
        case 414: return "uri_too_long";
        case http_status::unsupported_media_type: return "unsupported_media_type";
        case 416: return "range_not_satisfiable";
        case http_status::too_many_requests: return "rate_limited";
        case http_status::header_fields_too_large: return "headers_too_large";
        case http_status::internal_server_error: return "internal";
        case http_status::service_unavailable: return "unavailable";
        default: return "error";
    }
}

bool is_body_method(const std::string& m) { return m == "POST" || m == "PUT" || m == "PATCH"; }

}  // namespace

Result<std::pair<std::string, int>> parse_listen_address(const std::string& text) {
    std::string host;
    std::string port;
    if (!text.empty() && text[0] == '[') {
        auto close = text.find(']');
        if (close == std::string::npos || close + 1 >= text.size() || text[close + 1] != ':')
            return Error{Errc::invalid_input, "listen address must be HOST:PORT or [V6]:PORT, got '" + text + "'"};
        host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else {
        auto colon = text.rfind(':');
        if (colon == std::string::npos || colon == 0)
            return Error{Errc::invalid_input, "listen address must be HOST:PORT, got '" + text + "'"};
        host = text.substr(0, colon);
        port = text.substr(colon + 1);
    }
    if (port.empty() || port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(port) > 65535)
        return Error{Errc::invalid_input, "listen port must be 0-65535, got '" + port + "'"};
    return std::make_pair(host, std::stoi(port));
}

Result<std::unique_ptr<Server>> Server::create(const Config& config, const std::string& cert_file,
                                               const std::string& key_file) {
    std::string tls_error;
    auto http = std::make_unique<httplib::SSLServer>([&](SSL_CTX& ctx) {
        return configure_server_tls(ctx, cert_file, key_file, tls_error);
    });
    if (!http->is_valid())
        return Error{Errc::crypto_error, tls_error.empty() ? "TLS could not be set up" : tls_error};
    return std::make_unique<Server>(Key{}, config, std::move(http));
}

Server::Server(Key, const Config& config, std::unique_ptr<httplib::Server> http)
    : config_(config), http_(std::move(http)) {
    install_hardening();
}

Server::~Server() = default;

httplib::Server& Server::http() { return *http_; }

void Server::log_device(const std::string& device_id) { request_facts.device_id = device_id; }

void Server::set_log_stream(std::FILE* stream) {
    std::lock_guard<std::mutex> lock(log_mutex);
    log_stream = stream;
}

void Server::install_hardening() {
    auto& h = *http_;
    const Limits limits = config_.limits;

    // Below HTTP: bound the raw bytes and the time of each request (see request_guard.hpp).
    // Every request gets the small bound; the report upload's is raised only once its headers
    // have passed pre-routing (allow_large_request), so a header flood is cut at the small one.
    const std::size_t largest_body = std::max(limits.max_body_bytes, limits.report_upload_max_bytes);
    const std::size_t head_bytes = limits.max_url_bytes + limits.max_header_count * (limits.max_header_bytes + 2) +
                                   64 * 1024;  // + request line, TLS and slack
    guard_.max_request_bytes = head_bytes + limits.max_body_bytes;
    guard_.max_upload_bytes = head_bytes + largest_body;
    guard_.request_deadline_s = config_.request_deadline_s;
    if (auto* tls = dynamic_cast<httplib::SSLServer*>(http_.get()); tls && tls->ssl_context())
        install_request_guard(*tls->ssl_context(), &guard_);

    // Connections: small timeouts drop idle and stalled clients (slowloris); Nagle off so a
    // small JSON answer is not held back; a worker pool sized for the machine.
    h.set_tcp_nodelay(true);
    h.set_read_timeout(config_.read_timeout_s, 0);
    h.set_write_timeout(config_.write_timeout_s, 0);
    h.set_keep_alive_timeout(config_.keep_alive_timeout_s);
    h.set_keep_alive_max_count(static_cast<std::size_t>(config_.keep_alive_max_count));
    h.set_payload_max_length(largest_body);  // Content-Length bodies, before reading (per route below)
    const auto workers = static_cast<std::size_t>(effective_worker_threads(config_));
    // httplib owns and deletes the queue it gets from this factory.
    h.new_task_queue = [workers] { return std::make_unique<httplib::ThreadPool>(workers).release(); };

    h.set_default_headers({
        {"Strict-Transport-Security", "max-age=31536000"},
        {"X-Content-Type-Options", "nosniff"},
        {"X-Frame-Options", "DENY"},
        {"Referrer-Policy", "no-referrer"},
        {"Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"},
        {"Cache-Control", "no-store"},
    });

    // Pre-routing runs after the headers and before any body byte is read, so refusing here
    // costs nothing. A refusal that leaves the body unread answers "Connection: close": clients
    // and proxies (nginx) then never send another request on that connection, so the unread
    // bytes cannot be taken for a next request (no desync). httplib 0.11 itself only drops the
    // connection after its keep-alive timeout.
    h.set_pre_routing_handler([this, limits](const httplib::Request& req, httplib::Response& res) {
        request_facts = RequestFacts{std::chrono::steady_clock::now(), {}};
        using HR = httplib::Server::HandlerResponse;
        if (draining_.load()) {
            res.set_header("Retry-After", "5");
            http::send_error_and_close(res, http_status::service_unavailable, "draining", "the server is shutting down; retry shortly");
            return HR::Handled;
        }
        if (req.headers.size() > limits.max_header_count) {
            http::send_error_and_close(res, http_status::header_fields_too_large, "headers_too_large",
                                       "at most " + std::to_string(limits.max_header_count) + " headers are allowed");
            return HR::Handled;
        }
        for (const auto& [name, value] : req.headers) {
            if (name.size() + value.size() + 2 > limits.max_header_bytes) {
                http::send_error_and_close(res, http_status::header_fields_too_large, "headers_too_large",
                                           "a header may be at most " + std::to_string(limits.max_header_bytes) +
                                               " bytes");
                return HR::Handled;
            }
        }
        if (req.target.size() > limits.max_url_bytes) {
            http::send_error_and_close(res, 414, "uri_too_long",
                                       "the URL may be at most " + std::to_string(limits.max_url_bytes) + " bytes");
            return HR::Handled;
        }
        // Chunked bodies would bypass the Content-Length check (and httplib's payload limit).
        if (req.has_header("Transfer-Encoding")) {
            http::send_error_and_close(res, http_status::length_required, "length_required",
                                       "Transfer-Encoding is not accepted; send the body with Content-Length");
            return HR::Handled;
        }
        if (is_body_method(req.method) && !req.has_header("Content-Length")) {
            http::send_error_and_close(res, http_status::length_required, "length_required", "send the body with a Content-Length header");
            return HR::Handled;
        }
        if (req.has_header("Content-Length")) {
            const std::string cl = req.get_header_value("Content-Length");
            if (cl.empty() || cl.size() > 19 || cl.find_first_not_of("0123456789") != std::string::npos ||
                req.get_header_value_count("Content-Length") != 1) {
                http::send_error_and_close(res, http_status::bad_request, "bad_request", "Content-Length must be one whole number");
                return HR::Handled;
            }
            // No route reads a GET/HEAD/DELETE/OPTIONS body: behind nginx's keep-alive upstream
            // those bytes would be parsed as the next request (smuggling), so refuse and close.
            if (!is_body_method(req.method) && std::stoull(cl) != 0) {
                http::send_error_and_close(res, http_status::bad_request, "bad_request",
                                           "a " + req.method.substr(0, 16) + " request may not carry a body");
                request_facts.end_connection = true;
                return HR::Handled;
            }
            // Only the report upload may be larger than max_body_bytes (chunked and gzip bodies
            // are refused above and below, so this Content-Length is the whole body).
            const bool upload = req.method == "POST" && req.path == report_upload_path;
            const std::size_t body_limit = upload ? limits.report_upload_max_bytes : limits.max_body_bytes;
            if (std::stoull(cl) > body_limit) {
                http::send_error_and_close(res, http_status::payload_too_large, "too_large",
                                           std::string(upload ? "the report" : "the body") + " may be at most " +
                                               std::to_string(body_limit) + " bytes");
                return HR::Handled;
            }
            if (upload) allow_large_request(req.ssl);
        }
        // Only the batch upload may be compressed, and only with gzip: its handler counts the
        // inflated bytes itself. Anywhere else httplib would inflate without a bound.
        const std::string encoding = req.get_header_value("Content-Encoding");
        if (!encoding.empty() && encoding != "identity") {
            const bool allowed = encoding == "gzip" && req.method == "POST" && req.path == "/api/v1/batches";
            if (!allowed) {
                http::send_error_and_close(res, http_status::unsupported_media_type, "unsupported_media_type",
                                           "Content-Encoding '" + encoding + "' is not accepted here");
                return HR::Handled;
            }
        }
        if (is_body_method(req.method) && req.path.rfind("/api/", 0) == 0 && !http::is_json_content_type(req)) {
            http::send_error_and_close(res, http_status::unsupported_media_type, "unsupported_media_type", "send Content-Type: application/json");
            return HR::Handled;
        }
        return HR::Unhandled;
    });

    // httplib's own refusals (404, 400 for a bad request line, 413 from the payload limit,
    // 414, 415 for unknown encodings) come here with an empty body: give them JSON too.
    h.set_error_handler(httplib::Server::HandlerWithResponse([](const httplib::Request&, httplib::Response& res) {
        if (!res.body.empty()) return httplib::Server::HandlerResponse::Unhandled;
        std::string message = res.status == http_status::not_found   ? "no such route"
                              : res.status == http_status::payload_too_large ? "the body is too large"
                              : res.status == http_status::uri_too_long ? "the URL is too long"
                              : res.status == http_status::unsupported_media_type ? "unsupported content encoding or type"
                              : res.status == http_status::method_not_allowed ? "method not allowed on this route"
                                                  : "the request could not be handled (HTTP " +
                                                        std::to_string(res.status) + ")";
        http::send_error(res, res.status, status_code_name(res.status), message);
        if (res.status == http_status::bad_request || res.status == http_status::request_timeout || res.status == http_status::payload_too_large || res.status == http_status::uri_too_long)
            res.set_header("Connection", "close");
        return httplib::Server::HandlerResponse::Handled;
    }));

    h.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        http::send_error(res, http_status::internal_server_error, "internal", "the server failed on this request; it has been logged");
    });

    // One JSON line per request: never the body, never query strings or tokens.
    h.set_logger([this](const httplib::Request& req, const httplib::Response& res) {
        const auto& facts = request_facts;
        double ms = 0;
        if (facts.start != std::chrono::steady_clock::time_point{})
            ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - facts.start).count();
        nlohmann::json line = {{"time", iso_utc(now_unix())},
                               {"method", req.method.substr(0, 16)},
                               {"path", req.path.substr(0, 200)},
                               {"status", res.status},
                               {"bytes", res.body.size()},
                               {"ms", static_cast<double>(static_cast<long long>(ms * 100)) / 100},
                               {"remote", http::client_address(req, config_.trusted_proxies)}};
        if (!facts.device_id.empty()) line["device"] = facts.device_id;
        // httplib 0.11 keeps reading a connection after "Connection: close" unless the client
        // asked for it; shutting the socket means bytes left unread are never a next request.
        if (facts.end_connection && req.ssl) {
            const int fd = SSL_get_fd(req.ssl);
            if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
        }
        request_facts = RequestFacts{};
        reset_request_guard(req.ssl);  // the next request on this connection starts afresh
        std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
        std::lock_guard<std::mutex> lock(log_mutex);
        std::FILE* out = log_stream ? log_stream : stderr;
        std::fwrite(text.data(), 1, text.size(), out);
        std::fflush(out);
    });
}

Result<int> Server::bind(const std::string& host, int port) {
    int bound = port == 0 ? http_->bind_to_any_port(host) : (http_->bind_to_port(host, port) ? port : -1);
    if (bound <= 0)
        return Error{Errc::io_error, "cannot listen on " + host + ":" + std::to_string(port) +
                                         " (address in use or not available)"};
    return bound;
}

bool Server::run() { return http_->listen_after_bind(); }

void Server::drain() {
    draining_.store(true);
    http_->stop();
}

}  // namespace lp::aggregator
