#include <lp/aggregator/request_guard.hpp>

#include <openssl/crypto.h>
#include <openssl/ssl.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>

namespace lp::aggregator {
namespace {

struct GuardState {
    std::uint64_t bytes;
    std::int64_t first_byte_ms;  // 0: no byte of the current request yet
    int cut;
    int large;  // the current request may grow to max_upload_bytes
};

std::atomic<std::uint64_t> cuts{0};

std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void free_state(void*, void* ptr, CRYPTO_EX_DATA*, int, long, void*) { OPENSSL_free(ptr); }

int state_index() {
    static const int index = SSL_get_ex_new_index(0, nullptr, nullptr, nullptr, free_state);
    return index;
}

GuardState* state_of(SSL* ssl, bool create) {
    auto* st = static_cast<GuardState*>(SSL_get_ex_data(ssl, state_index()));
    if (!st && create) {
        // OpenSSL owns this through ex_data and frees it with the connection (free_state).
        st = static_cast<GuardState*>(OPENSSL_zalloc(sizeof(GuardState)));
        if (st && SSL_set_ex_data(ssl, state_index(), st) != 1) {
            OPENSSL_free(st);
            st = nullptr;
        }
    }
    return st;
}

// Called by OpenSSL for every TLS record; for records read from the client it sees the 5-byte
// header, whose last two bytes are the record length.
void on_record(int write_p, int, int content_type, const void* buf, std::size_t len, SSL* ssl, void* arg) {
    if (write_p != 0 || content_type != SSL3_RT_HEADER || len < 5 || !arg) return;
    const auto* limits = static_cast<const RequestGuardLimits*>(arg);
    GuardState* st = state_of(ssl, true);
    if (!st || st->cut) return;
    const auto* h = static_cast<const unsigned char*>(buf);
    st->bytes += static_cast<std::uint64_t>((h[3] << 8) | h[4]);
    const std::int64_t now = now_ms();
    if (st->first_byte_ms == 0) st->first_byte_ms = now;
    const std::size_t bound = st->large ? limits->max_upload_bytes : limits->max_request_bytes;
    const bool too_big = bound > 0 && st->bytes > bound;
    const bool too_slow =
        limits->request_deadline_s > 0 && now - st->first_byte_ms > std::int64_t{limits->request_deadline_s} * 1000;
    if (too_big || too_slow) {
        // Shutting the socket down makes httplib's next read fail: it drops the request and
        // frees what it had buffered. No answer is owed to a client this abusive.
        st->cut = 1;
        ++cuts;
        const int fd = SSL_get_fd(ssl);
        if (fd >= 0) ::shutdown(fd, SHUT_RDWR);
    }
}

}  // namespace

void install_request_guard(ssl_ctx_st& ctx, const RequestGuardLimits* limits) {
    SSL_CTX_set_msg_callback(&ctx, on_record);
    SSL_CTX_set_msg_callback_arg(&ctx, const_cast<RequestGuardLimits*>(limits));
}

void reset_request_guard(const ssl_st* ssl) {
    if (!ssl) return;
    if (GuardState* st = state_of(const_cast<SSL*>(ssl), false)) {
        st->bytes = 0;
        st->first_byte_ms = 0;
        st->large = 0;
    }
}

void allow_large_request(const ssl_st* ssl) {
    if (!ssl) return;
    if (GuardState* st = state_of(const_cast<SSL*>(ssl), true)) st->large = 1;
}

std::uint64_t request_guard_cuts() { return cuts.load(); }

}  // namespace lp::aggregator
