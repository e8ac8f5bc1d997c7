#pragma once
// The hardened HTTPS server. Cross-cutting concerns live here, set once: TLS 1.2+, limits on
// headers, URL and body (also chunked and gzip), timeouts, worker pool, security headers,
// JSON errors, a structured request log, draining on shutdown. Routes are added by
// register_*_routes functions (routes.hpp) or by other modules through http().
#include <lp/aggregator/config.hpp>
#include <lp/aggregator/request_guard.hpp>
#include <lp/shared/result.hpp>

#include <atomic>
#include <cstdio>
#include <memory>
#include <string>

namespace httplib {
class Server;
}

namespace lp::aggregator {

class Server {
    struct Key {};  // only create() can construct (passkey), yet make_unique still works

public:
    Server(Key, const Config& config, std::unique_ptr<httplib::Server> http);
    /// Builds the TLS server with the certificate chain and key files. crypto_error when the
    /// TLS files cannot be used.
    static Result<std::unique_ptr<Server>> create(const Config& config, const std::string& cert_file,
                                                  const std::string& key_file);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// The underlying cpp-httplib server: add routes with http().Get(...)/Post(...). Every route
    /// gets the hardening above. Do not replace the pre-routing, error or logger handlers.
    httplib::Server& http();
    const Config& config() const { return config_; }

    /// Binds host:port (port 0 picks a free one) and returns the port; io_error when busy.
    Result<int> bind(const std::string& host, int port);
    /// Serves until drain() is called; false when the server could not run.
    bool run();
    /// Answers new requests with 503, lets in-flight ones finish, then makes run() return.
    void drain();
    bool draining() const { return draining_.load(); }

    /// Names the device a request came from in the request log (call from a handler).
    static void log_device(const std::string& device_id);
    /// Overrides where the request log goes (default stderr); tests pass a file.
    static void set_log_stream(std::FILE* stream);

private:
    void install_hardening();

    Config config_;
    RequestGuardLimits guard_;  // declared before http_: the TLS context points at it
    std::unique_ptr<httplib::Server> http_;
    std::atomic<bool> draining_{false};
};

/// Splits "host:port" or "[v6]:port"; invalid_input when malformed.
Result<std::pair<std::string, int>> parse_listen_address(const std::string& text);

}  // namespace lp::aggregator
