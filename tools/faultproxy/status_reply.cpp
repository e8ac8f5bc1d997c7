// Status faults need TLS termination: the client speaks TLS, so a raw "HTTP/1.1 503" must be
// encrypted with the server's own key (which a test has) for the pinned client to read it.
#include <openssl/ssl.h>

#include <memory>
#include <string>

#include "proxy.hpp"

namespace lp::faultproxy {

namespace {
struct SslFree {
    void operator()(SSL* s) const noexcept { SSL_free(s); }
};

std::size_t content_length(const std::string& head) {
    std::string lower = head;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const auto at = lower.find("\r\ncontent-length:");
    if (at == std::string::npos) return 0;
    return static_cast<std::size_t>(std::strtoull(lower.c_str() + at + 17, nullptr, 10));
}
}  // namespace

void answer_with_status(int client_fd, ssl_ctx_st* ctx, int status) {
    std::unique_ptr<SSL, SslFree> ssl(SSL_new(ctx));
    if (!ssl) return;
    SSL_set_fd(ssl.get(), client_fd);
    if (SSL_accept(ssl.get()) != 1) return;
    // Read the request head and drain the body, so closing sends FIN rather than RST.
    std::string data;
    char buf[16384];
    std::size_t head_end = std::string::npos;
    while (head_end == std::string::npos && data.size() < 65536) {
        const int n = SSL_read(ssl.get(), buf, sizeof buf);
        if (n <= 0) return;
        data.append(buf, static_cast<std::size_t>(n));
        head_end = data.find("\r\n\r\n");
    }
    if (head_end == std::string::npos) return;
    std::size_t body_left = content_length(data.substr(0, head_end + 2));
    const std::size_t already = data.size() - head_end - 4;
    body_left = body_left > already ? body_left - already : 0;
    while (body_left > 0 && body_left < (64u << 20)) {
        const int n = SSL_read(ssl.get(), buf, sizeof buf);
        if (n <= 0) return;
        body_left = static_cast<std::size_t>(n) >= body_left ? 0 : body_left - static_cast<std::size_t>(n);
    }
    const char* reason = status == 500   ? "Internal Server Error"
                         : status == 503 ? "Service Unavailable"
                                         : "Too Many Requests";
    const std::string body = R"({"error":"injected","message":"fault proxy says )" + std::to_string(status) + "\"}";
    std::string reply =
        "HTTP/1.1 " + std::to_string(status) + " " + reason +
        "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " + std::to_string(body.size()) +
        "\r\n";
    if (status != 500) reply += "Retry-After: 1\r\n";
    reply += "\r\n" + body;
    SSL_write(ssl.get(), reply.data(), static_cast<int>(reply.size()));
    SSL_shutdown(ssl.get());
}

}  // namespace lp::faultproxy
