#include <lp/aggregator/config.hpp>

#include <lp/shared/config_file.hpp>
#include <lp/shared/files.hpp>

#include <algorithm>
#include <sstream>
#include <thread>

namespace lp::aggregator {
namespace {

// Reads one integer key into `out`, keeping the default when absent; false on a bad value.
template <class T>
bool read_int(const ConfigValues& values, const std::string& key, T& out, Error& error) {
    auto v = config_int(values, key, static_cast<long long>(out));
    if (!v) {
        error = v.error();
        return false;
    }
    if (*v < 0) {
        error = Error{Errc::invalid_input, key + " must not be negative"};
        return false;
    }
    out = static_cast<T>(*v);
    return true;
}

}  // namespace

Result<Config> load_config(const std::string& path) {
    Config c;
    auto values = load_config_file_if_any(path);
    if (!values) return values.error();
    const auto& v = *values;
    c.listen = config_string(v, "listen", c.listen);
    c.public_url = config_string(v, "public_url", c.public_url);
    c.cert_file = config_string(v, "cert_file", c.cert_file);
    c.key_file = config_string(v, "key_file", c.key_file);
    c.default_question_set = config_string(v, "default_question_set", c.default_question_set);
    c.store = config_string(v, "store", c.store);
    c.trusted_proxies = comma_list(config_string(v, "trusted_proxies", ""));
    Error e;
    bool ok = read_int(v, "max_body_bytes", c.limits.max_body_bytes, e) &&
              read_int(v, "max_items_per_batch", c.limits.max_items_per_batch, e) &&
              read_int(v, "max_comment_chars", c.limits.max_comment_chars, e) &&
              read_int(v, "max_header_count", c.limits.max_header_count, e) &&
              read_int(v, "max_header_bytes", c.limits.max_header_bytes, e) &&
              read_int(v, "max_url_bytes", c.limits.max_url_bytes, e) &&
              read_int(v, "report_upload_max_bytes", c.limits.report_upload_max_bytes, e) &&
              read_int(v, "read_timeout_s", c.read_timeout_s, e) &&
              read_int(v, "write_timeout_s", c.write_timeout_s, e) &&
              read_int(v, "keep_alive_timeout_s", c.keep_alive_timeout_s, e) &&
              read_int(v, "keep_alive_max_count", c.keep_alive_max_count, e) &&
              read_int(v, "worker_threads", c.worker_threads, e) &&
              read_int(v, "device_requests_per_minute", c.device_requests_per_minute, e) &&
              read_int(v, "device_burst", c.device_burst, e) &&
              read_int(v, "enrol_max_failures", c.enrol_max_failures, e) &&
              read_int(v, "enrol_lockout_s", c.enrol_lockout_s, e) &&
              read_int(v, "enrol_code_ttl_s", c.enrol_code_ttl_s, e) &&
              read_int(v, "shutdown_grace_s", c.shutdown_grace_s, e) &&
              read_int(v, "request_deadline_s", c.request_deadline_s, e) &&
              read_int(v, "retention_months", c.retention_months, e) &&
              read_int(v, "safeguarding_retention_months", c.safeguarding_retention_months, e);
    if (!ok) return Error{Errc::invalid_input, path + ": " + e.message};
    // purge_hour may be -1 (no daily purge), so it is not read with read_int.
    auto hour = config_int(v, "purge_hour", c.purge_hour);
    if (!hour) return Error{Errc::invalid_input, path + ": " + hour.error().message};
    if (*hour < -1 || *hour > 23)
        return Error{Errc::invalid_input, path + ": purge_hour must be an hour from 0 to 23 (UTC), or -1 for never"};
    c.purge_hour = static_cast<int>(*hour);
    if (c.retention_months < 1 || c.retention_months > 1200)
        return Error{Errc::invalid_input, path + ": retention_months must be between 1 and 1200"};
    if (c.safeguarding_retention_months < c.retention_months || c.safeguarding_retention_months > 1200)
        return Error{Errc::invalid_input,
                     path + ": safeguarding_retention_months must be at least retention_months (" +
                         std::to_string(c.retention_months) + ") and at most 1200"};
    if (c.read_timeout_s == 0 || c.write_timeout_s == 0)
        return Error{Errc::invalid_input, path + ": timeouts must be at least 1 second"};
    return c;
}

std::string default_config_text() {
    const Config d;
    std::ostringstream o;
    o << "# lp-aggregator configuration. Every setting is shown with its default.\n"
         "# Lines are 'key = value'; '#' starts a comment. Restart the server after a change.\n\n"
         "# Address and port to serve HTTPS on (loopback by default; use 0.0.0.0:8443 behind a firewall).\n"
      << "listen = " << d.listen << "\n"
      << "# URL kiosks use to reach this server (printed by enrol-code). Empty: https://<listen>.\n"
      << "public_url = \"\"\n"
      << "# TLS certificate chain and key (PEM). Relative paths are inside the data directory.\n"
      << "cert_file = " << d.cert_file << "\nkey_file = " << d.key_file << "\n"
      << "# Question set id (assets/question-sets/<id>.json) given to sites without their own.\n"
      << "default_question_set = " << d.default_question_set << "\n"
      << "# Where responses live: sqlite:FILE (relative to the data directory), or a PostgreSQL URL\n"
      << "# such as postgresql://lp@/lp?host=/run/postgresql for several instances (README Scale-out).\n"
      << "store = " << d.store << "\n\n"
      << "# [limits] Requests beyond these are refused with 413/414/431/400 and a message.\n"
      << "max_body_bytes = " << d.limits.max_body_bytes << "   # also applies after gzip inflation\n"
      << "max_items_per_batch = " << d.limits.max_items_per_batch << "\n"
      << "max_comment_chars = " << d.limits.max_comment_chars << "\n"
      << "max_header_count = " << d.limits.max_header_count << "\n"
      << "max_header_bytes = " << d.limits.max_header_bytes << "   # one header line\n"
      << "max_url_bytes = " << d.limits.max_url_bytes << "\n"
      << "# An inspection report (PDF, HTML, text) a manager uploads in the dashboard.\n"
      << "report_upload_max_bytes = " << d.limits.report_upload_max_bytes << "\n\n"
      << "# [connections] Timeouts in seconds; a client that stalls longer is dropped (slowloris).\n"
      << "read_timeout_s = " << d.read_timeout_s << "\n"
      << "write_timeout_s = " << d.write_timeout_s << "\n"
      << "keep_alive_timeout_s = " << d.keep_alive_timeout_s << "\n"
      << "keep_alive_max_count = " << d.keep_alive_max_count << "\n"
      << "# A whole request (headers and body) must arrive within this many seconds, and may not\n"
      << "# exceed the header and body limits above in raw bytes; else the connection is cut.\n"
      << "request_deadline_s = " << d.request_deadline_s << "\n"
      << "# Worker threads; 0 sizes the pool for this machine (8 per core, at least 16).\n"
      << "worker_threads = " << d.worker_threads << "\n"
      << "# Seconds to finish in-flight requests after SIGTERM before exiting anyway.\n"
      << "shutdown_grace_s = " << d.shutdown_grace_s << "\n\n"
      << "# [abuse] Per-device request rate (token bucket) and enrolment lockout per address.\n"
      << "device_requests_per_minute = " << d.device_requests_per_minute << "\n"
      << "device_burst = " << d.device_burst << "\n"
      << "enrol_max_failures = " << d.enrol_max_failures << "\n"
      << "enrol_lockout_s = " << d.enrol_lockout_s << "\n"
      << "# Addresses of reverse proxies (e.g. 127.0.0.1 for nginx on this machine), comma-separated,\n"
      << "# whose X-Forwarded-For gives the client's address for lockouts and logs. Empty: none.\n"
      << "trusted_proxies = \"\"\n"
      << "# Default lifetime of enrolment codes (enrol-code --expires overrides).\n"
      << "enrol_code_ttl_s = " << d.enrol_code_ttl_s << "\n\n"
      << "# [operations] Read again on SIGHUP (systemctl reload), with the TLS certificate and key.\n"
      << "# Bearer token for GET /metrics; empty: loopback clients only (README, Watching).\n"
      << "metrics_token = \"\"\n"
      << "# Hours without a sync after which a device is listed as silent.\n"
      << "silent_after_h = 48\n\n"
      << "# [retention] docs/privacy.md, \"How long we keep it\". Responses and comments made before the\n"
      << "# month this many months ago are deleted (whole months; the current month is never counted).\n"
      << "retention_months = " << d.retention_months << "\n"
      << "# Safeguarding items that were acknowledged are kept this long after their acknowledgement.\n"
      << "# Unread comments and unacknowledged safeguarding items are never deleted.\n"
      << "safeguarding_retention_months = " << d.safeguarding_retention_months << "\n"
      << "# UTC hour of the daily purge inside 'serve'; -1: never ('lp-aggregator purge' still works).\n"
      << "purge_hour = " << d.purge_hour << "\n\n"
      << "# [alerts] Help requests and flagged comments are sent within a minute, never with the\n"
      << "# comment's text (docs/safeguarding.md, Alerts). Empty URLs: no alerts.\n"
      << "# alert_smtp_url = smtp://mail.council.example:587\n"
      << "# alert_from = listening-post@council.example\n"
      << "# alert_to = safeguarding-lead@council.example\n"
      << "# alert_to.Hub A = hub-a-duty@council.example\n"
      << "# alert_webhook_url = https://alerts.council.example/lp\n"
      << "# alert_webhook_secret = (16 or more random characters)\n";
    return o.str();
}

int effective_worker_threads(const Config& config) {
    if (config.worker_threads > 0) return config.worker_threads;
    int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
    // Each keep-alive connection holds a worker; threads mostly wait on I/O or the DB lock.
    return std::max(16, cores * 8);
}

}  // namespace lp::aggregator
