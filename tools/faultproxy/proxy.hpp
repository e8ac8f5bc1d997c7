#pragma once
// The proxy itself: accept on loopback, one thread per connection, faults from a FaultPlan.
#include <array>
#include <atomic>
#include <csignal>
#include <cstdint>
#include <memory>
#include <string>

#include "fault_plan.hpp"

struct ssl_ctx_st;

namespace lp::faultproxy {

struct ProxyConfig {
    std::string listen_host = "127.0.0.1";
    int listen_port = 0;
    std::string upstream_host = "127.0.0.1";
    int upstream_port = 0;
    int stall_ms = 3000;
    int throttle_bytes_per_s = 4096;
    int quiet_ms = 300;           // drop_response: the server's answer is over after this silence
    int idle_timeout_s = 30;      // a connection with no traffic for this long is closed
    int max_connections = 128;    // more at once are refused (closed at once)
    int request_threshold = 150;  // an application-data record at least this big starts a request
    std::string stats_file;       // JSON counters, rewritten as connections end
};

struct Stats {
    std::array<std::atomic<long>, fault_count> faults{};
    std::atomic<long> connections{0};
    std::atomic<long> requests{0};
    std::atomic<long> upstream_down{0};
    std::atomic<long> refused{0};
    std::string to_json() const;
};

/// Set from a signal handler: faults are injected only while this is non-zero.
extern volatile std::sig_atomic_t faults_enabled;

class Proxy {
public:
    /// Binds the listening socket; throws std::runtime_error when it cannot.
    Proxy(ProxyConfig config, FaultPlan& plan, ssl_ctx_st* status_tls);
    ~Proxy();
    int port() const noexcept { return port_; }
    /// Accepts until the process is killed.
    [[noreturn]] void run();
    Stats& stats() noexcept { return stats_; }

private:
    void serve(int client_fd);
    void write_stats();
    ProxyConfig config_;
    FaultPlan& plan_;
    ssl_ctx_st* status_tls_;
    int listen_fd_ = -1;
    int port_ = 0;
    std::atomic<int> active_{0};
    Stats stats_;
};

/// Answers one connection with a raw HTTP status over TLS (the server's key), then closes.
void answer_with_status(int client_fd, ssl_ctx_st* ctx, int status);

}  // namespace lp::faultproxy
