#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <lp/client/http_client.hpp>
#include <lp/client/url.hpp>
#include <lp/shared/c_free.hpp>
#include <lp/shared/enum_names.hpp>
#include <mutex>
#include <stdexcept>

namespace lp::sync {

const char* to_string(Transport t) noexcept {
    static constexpr const char* names[] = {"ok", "connect", "timeout", "tls", "pin_mismatch", "refused_url", "other"};
    return enum_name(t, names, "other");
}

namespace {

void global_init_once() {
    static std::once_flag once;
    // curl_global_init is not thread-safe, so every client goes through here first.
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::runtime_error("curl_global_init failed");
    });
}

using CurlFree = FreeWith<curl_easy_cleanup>;
using SlistPtr = std::unique_ptr<curl_slist, FreeWith<curl_slist_free_all>>;

Transport classify(CURLcode rc) {
    switch (rc) {
        case CURLE_COULDNT_CONNECT:
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
            return Transport::connect;
        case CURLE_OPERATION_TIMEDOUT:
            return Transport::timeout;
        case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
            return Transport::pin_mismatch;
        case CURLE_SSL_CONNECT_ERROR:
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CERTPROBLEM:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CIPHER:
            return Transport::tls;
        default:
            return Transport::other;
    }
}

bool header_is(const std::string& line, const char* name) {
    const std::size_t n = std::char_traits<char>::length(name);
    if (line.size() <= n || line[n] != ':') return false;
    return std::equal(name, name + n, line.begin(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    });
}

std::string header_value(const std::string& line) {
    std::string v = line.substr(line.find(':') + 1);
    const auto first = v.find_first_not_of(" \t");
    const auto last = v.find_last_not_of(" \t\r\n");
    return first == std::string::npos ? std::string() : v.substr(first, last - first + 1);
}

}  // namespace

struct HttpClient::Impl {
    TlsSettings tls;
    HttpTimeouts timeouts;
    std::unique_ptr<CURL, CurlFree> curl;
    HttpReply* current = nullptr;
    const std::atomic<bool>* abort_flag = nullptr;
    bool overflow = false;
    char error[CURL_ERROR_SIZE] = {};

    static size_t on_body(char* data, size_t size, size_t n, void* user) {
        auto* self = static_cast<Impl*>(user);
        const size_t bytes = size * n;
        if (self->current->body.size() + bytes > max_reply_bytes) {
            self->overflow = true;
            return 0;  // makes curl abort with CURLE_WRITE_ERROR
        }
        self->current->body.append(data, bytes);
        return bytes;
    }

    static int on_progress(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
        const auto* self = static_cast<Impl*>(user);
        return self->abort_flag != nullptr && self->abort_flag->load() ? 1 : 0;
    }

    static size_t on_header(char* data, size_t size, size_t n, void* user) {
        auto* self = static_cast<Impl*>(user);
        const std::string line(data, size * n);
        // A new status line (e.g. after "100 Continue") starts a fresh set of headers.
        if (line.rfind("HTTP/", 0) == 0) {
            self->current->etag.clear();
            self->current->retry_after.clear();
            self->current->sealing_key.clear();
        } else if (header_is(line, "X-LP-Sealing-Key")) {
            self->current->sealing_key = header_value(line);
        } else if (header_is(line, "ETag")) {
            self->current->etag = header_value(line);
        } else if (header_is(line, "Retry-After")) {
            self->current->retry_after = header_value(line);
        }
        return size * n;
    }
};

HttpClient::HttpClient(TlsSettings tls, HttpTimeouts timeouts) : impl_(std::make_unique<Impl>()) {
    global_init_once();
    impl_->tls = std::move(tls);
    impl_->timeouts = timeouts;
    impl_->curl.reset(curl_easy_init());
    if (!impl_->curl) throw std::runtime_error("curl_easy_init failed");
}

HttpClient::~HttpClient() = default;
HttpClient::HttpClient(HttpClient&&) noexcept = default;
HttpClient& HttpClient::operator=(HttpClient&&) noexcept = default;

void HttpClient::set_abort_flag(const std::atomic<bool>* flag) noexcept { impl_->abort_flag = flag; }

HttpReply HttpClient::perform(const HttpRequest& request) {
    HttpReply reply;
    if (Status allowed = check_server_url(request.url); !allowed) {
        reply.transport = Transport::refused_url;
        reply.transport_detail = allowed.error().message;
        return reply;
    }
    Impl& s = *impl_;
    CURL* c = s.curl.get();
    // Reset clears per-request options but keeps the connection cache, so keep-alive survives.
    curl_easy_reset(c);
    s.current = &reply;
    s.overflow = false;
    s.error[0] = '\0';

    curl_easy_setopt(c, CURLOPT_URL, request.url.c_str());
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "https,http");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, s.error);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, s.timeouts.connect_timeout_s);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, s.timeouts.low_speed_bytes_per_s);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, s.timeouts.low_speed_time_s);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, s.timeouts.total_timeout_s);
    const bool pin_only = s.tls.pin_instead_of_ca && !s.tls.pin.empty();
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, pin_only ? 0L : 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, pin_only ? 0L : 2L);
    if (pin_only) curl_easy_setopt(c, CURLOPT_CERTINFO, 1L);
    if (!s.tls.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, s.tls.ca_file.c_str());
    if (!s.tls.pin.empty()) curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, s.tls.pin.c_str());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &Impl::on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &s);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, &Impl::on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &s);
    if (s.abort_flag != nullptr) {
        curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, &Impl::on_progress);
        curl_easy_setopt(c, CURLOPT_XFERINFODATA, &s);
        curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
    }

    SlistPtr headers;
    for (const auto& h : request.headers) {
        curl_slist* next = curl_slist_append(headers.get(), h.c_str());
        if (next == nullptr) {
            reply.transport = Transport::other;
            reply.transport_detail = "out of memory building headers";
            return reply;
        }
        (void)headers.release();
        headers.reset(next);
    }
    // No "Expect: 100-continue" round trip: it only adds a wait for small bodies.
    if (request.method == "POST") {
        curl_slist* next = curl_slist_append(headers.get(), "Expect:");
        if (next != nullptr) {
            (void)headers.release();
            headers.reset(next);
        }
        curl_easy_setopt(c, CURLOPT_POST, 1L);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    } else {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());

    const CURLcode rc = curl_easy_perform(c);
    s.current = nullptr;
    if (rc != CURLE_OK) {
        reply.transport = s.overflow ? Transport::other : classify(rc);
        reply.transport_detail = s.overflow ? std::string("reply too large")
                                 : rc == CURLE_ABORTED_BY_CALLBACK
                                     ? std::string("cancelled")
                                     : (s.error[0] != '\0' ? std::string(s.error) : curl_easy_strerror(rc));
        reply.status = 0;
        reply.body.clear();
        return reply;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply.status);
    if (pin_only) {
        curl_certinfo* info = nullptr;
        if (curl_easy_getinfo(c, CURLINFO_CERTINFO, &info) == CURLE_OK && info != nullptr && info->num_of_certs > 0) {
            for (curl_slist* item = info->certinfo[0]; item != nullptr; item = item->next) {
                const std::string field = item->data;
                if (field.rfind("Cert:", 0) == 0) reply.peer_certificate_pem = field.substr(5);
            }
        }
    }
    return reply;
}

}  // namespace lp::sync
