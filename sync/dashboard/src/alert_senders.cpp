// libcurl senders of alerts. Every handle is owned by a unique_ptr whose deleter frees it.
#include <lp/dashboard/alert_senders.hpp>
#include <lp/shared/c_free.hpp>

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>

namespace lp::dashboard {
namespace {

using CurlHandle = std::unique_ptr<CURL, FreeWith<curl_easy_cleanup>>;
using Slist = std::unique_ptr<curl_slist, FreeWith<curl_slist_free_all>>;

CurlHandle new_handle() {
    // curl_global_init is not thread-safe: once, before the first handle.
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
    return CurlHandle(curl_easy_init());
}

Slist append(Slist list, const std::string& line) {
    curl_slist* grown = curl_slist_append(list.get(), line.c_str());
    if (grown) (void)list.release();  // now owned through grown (same list, one more node)
    return Slist(grown ? grown : list.release());
}

void set_timeouts(CURL* c, const AlertConfig& config) {
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // timeouts without SIGALRM: we run on a worker thread
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(config.connect_timeout_s));
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1L);
    curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, static_cast<long>(config.low_speed_time_s));
    curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(config.send_timeout_s));
}

Status curl_failure(const char* what, CURLcode code, const char* detail) {
    std::string reason = detail && *detail ? detail : curl_easy_strerror(code);
    return Error{Errc::io_error, std::string(what) + ": " + reason};
}

// Feeds the message to libcurl's SMTP upload.
struct Upload {
    const std::string* text = nullptr;
    std::size_t offset = 0;
};
std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* up = static_cast<Upload*>(user);
    const std::size_t n = std::min(size * count, up->text->size() - up->offset);
    std::memcpy(buffer, up->text->data() + up->offset, n);
    up->offset += n;
    return n;
}

std::size_t discard(char*, std::size_t size, std::size_t count, void*) { return size * count; }

}  // namespace

Status send_alert_email(const AlertConfig& config, const std::vector<std::string>& recipients,
                        const std::string& message) {
    if (recipients.empty()) return Error{Errc::invalid_input, "email: no recipient for this site (set alert_to)"};
    CurlHandle c = new_handle();
    if (!c) return Error{Errc::io_error, "email: could not start libcurl"};
    Slist rcpt;
    for (const auto& r : recipients) rcpt = append(std::move(rcpt), "<" + r + ">");
    Upload up{&message, 0};
    char error[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(c.get(), CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(c.get(), CURLOPT_URL, config.smtp_url.c_str());
    // STARTTLS whenever the server offers it; smtps:// URLs are TLS from the start.
    curl_easy_setopt(c.get(), CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    curl_easy_setopt(c.get(), CURLOPT_MAIL_FROM, ("<" + config.from + ">").c_str());
    curl_easy_setopt(c.get(), CURLOPT_MAIL_RCPT, rcpt.get());
    curl_easy_setopt(c.get(), CURLOPT_READFUNCTION, read_upload);
    curl_easy_setopt(c.get(), CURLOPT_READDATA, &up);
    curl_easy_setopt(c.get(), CURLOPT_UPLOAD, 1L);
    set_timeouts(c.get(), config);
    const CURLcode code = curl_easy_perform(c.get());
    if (code != CURLE_OK) return curl_failure("email", code, error);
    return ok_status();
}

Status send_alert_webhook(const AlertConfig& config, const std::string& body, const std::string& id) {
    CurlHandle c = new_handle();
    if (!c) return Error{Errc::io_error, "webhook: could not start libcurl"};
    Slist headers;
    headers = append(std::move(headers), "Content-Type: application/json");
    headers = append(std::move(headers),
                     std::string(webhook_signature_header) + ": " + webhook_signature(config.webhook_secret, body));
    headers = append(std::move(headers), "Idempotency-Key: " + id);
    headers = append(std::move(headers), "Expect:");  // no 100-continue round trip
    char error[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(c.get(), CURLOPT_ERRORBUFFER, error);
    curl_easy_setopt(c.get(), CURLOPT_URL, config.webhook_url.c_str());
    curl_easy_setopt(c.get(), CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c.get(), CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c.get(), CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(c.get(), CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(c.get(), CURLOPT_WRITEFUNCTION, discard);
    set_timeouts(c.get(), config);
    const CURLcode code = curl_easy_perform(c.get());
    if (code != CURLE_OK) return curl_failure("webhook", code, error);
    long status = 0;
    curl_easy_getinfo(c.get(), CURLINFO_RESPONSE_CODE, &status);
    if (status < 200 || status > 299)
        return Error{Errc::io_error, "webhook: the receiver answered HTTP " + std::to_string(status)};
    return ok_status();
}

}  // namespace lp::dashboard
