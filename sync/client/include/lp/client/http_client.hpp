#pragma once
// One reusable HTTPS connection (a libcurl easy handle) per thread: pinned server key, CA
// file, connect and low-speed timeouts. Not thread-safe: give each thread its own client.
#include <atomic>
#include <lp/shared/result.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lp::sync {

struct TlsSettings {
    std::string ca_file;  // PEM to trust (the self-signed server); "" = the system store
    std::string pin;      // "sha256//<base64>" of the server's public key; "" = no pin (enrolment)
    /// Enrolment by pin only: skip the CA check (the pin, typed by staff, is checked instead)
    /// and hand back the server's certificate so later requests can trust it. Needs a pin.
    bool pin_instead_of_ca = false;
};

struct HttpTimeouts {
    long connect_timeout_s = 10;
    long low_speed_bytes_per_s = 1024;  // slower than this ...
    long low_speed_time_s = 20;         // ... for this long aborts the transfer
    long total_timeout_s = 0;           // 0 = no overall limit (the low-speed limit bounds it)
};

/// Why no HTTP status came back.
enum class Transport { ok, connect, timeout, tls, pin_mismatch, refused_url, other };
/// "ok", "connect", "timeout", "tls", "pin_mismatch", "refused_url", "other".
const char* to_string(Transport t) noexcept;

struct HttpReply {
    Transport transport = Transport::ok;
    std::string transport_detail;  // curl's error text when transport != ok
    long status = 0;               // HTTP status when transport == ok
    std::string body;
    std::string etag;
    std::string retry_after;
    std::string sealing_key;  // X-LP-Sealing-Key: the server's current sealing key (base64)
    std::string peer_certificate_pem;  // only with TlsSettings::pin_instead_of_ca
    bool ok() const noexcept { return transport == Transport::ok; }
};

struct HttpRequest {
    std::string method = "GET";  // "GET" or "POST"
    std::string url;
    std::string body;
    std::vector<std::string> headers;  // "Name: value"
};

class HttpClient {
public:
    HttpClient(TlsSettings tls, HttpTimeouts timeouts);
    ~HttpClient();
    HttpClient(HttpClient&&) noexcept;
    HttpClient& operator=(HttpClient&&) noexcept;

    /// Performs one request on the reused connection. Never throws; transport problems and
    /// refused URLs (plain http off loopback) come back in HttpReply::transport.
    HttpReply perform(const HttpRequest& request);

    /// While *flag is true, transfers abort within ~1 s (Transport::other, "cancelled"), so a
    /// kiosk shutting down never waits for a slow network. nullptr turns this off.
    void set_abort_flag(const std::atomic<bool>* flag) noexcept;

    /// Replies larger than this are cut off and reported as Transport::other.
    static constexpr std::size_t max_reply_bytes = 4 << 20;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace lp::sync
