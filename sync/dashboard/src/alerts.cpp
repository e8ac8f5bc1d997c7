// Alert settings and messages. Everything here is pure (no network, no clock), so the rule that
// an alert never carries a comment's text is checked by reading what these functions build.
#include <lp/dashboard/alerts.hpp>
#include <lp/shared/crypto.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <sstream>

namespace lp::dashboard {
namespace {

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(" \t") - b + 1);
}

std::vector<std::string> split_list(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream in(text);
    for (std::string item; std::getline(in, item, ',');)
        if (auto t = trim(item); !t.empty()) out.push_back(t);
    return out;
}

// Header values come from settings and site names: a line break would let them add headers.
std::string one_line(std::string s) {
    std::replace_if(s.begin(), s.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
    return s;
}

bool is_ascii(const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

// RFC 2047 encoded word for a Subject with non-ASCII site names ("Hub Łódź").
std::string header_text(const std::string& s) {
    if (is_ascii(s)) return s;
    return "=?UTF-8?B?" + crypto::to_base64(s.data(), s.size()) + "?=";
}

std::string host_of(const std::string& url) {
    auto start = url.find("://");
    start = start == std::string::npos ? 0 : start + 3;
    auto end = url.find_first_of(":/", start);
    std::string host = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
    return host.empty() ? "listening-post.invalid" : host;
}

std::string describe(const AlertDelivery& a) {
    std::string what = a.needs_help ? "A young person asked to talk to someone (help request)"
                                    : "A comment was flagged by the safeguarding scan";
    if (!a.categories.empty()) {
        what += a.needs_help ? "; their comment was also flagged: " : ": ";
        for (std::size_t i = 0; i < a.categories.size(); ++i) what += (i ? ", " : "") + a.categories[i];
    }
    return what + ".";
}

template <class T>
bool read_int(const ConfigValues& v, const std::string& key, T& out, int min, Error& error) {
    auto r = config_int(v, key, out);
    if (!r) {
        error = r.error();
        return false;
    }
    if (*r < min) {
        error = Error{Errc::invalid_input, key + " must be at least " + std::to_string(min)};
        return false;
    }
    out = static_cast<T>(*r);
    return true;
}

}  // namespace

std::vector<std::string> AlertConfig::channels() const {
    std::vector<std::string> out;
    if (!smtp_url.empty()) out.push_back("email");
    if (!webhook_url.empty()) out.push_back("webhook");
    return out;
}

Result<AlertConfig> load_alert_config(const ConfigValues& v) {
    AlertConfig c;
    c.smtp_url = config_string(v, "alert_smtp_url", "");
    c.from = one_line(config_string(v, "alert_from", ""));
    c.to = split_list(one_line(config_string(v, "alert_to", "")));
    const std::string site_prefix = "alert_to.";
    for (const auto& [key, value] : v)
        if (key.rfind(site_prefix, 0) == 0 && key.size() > site_prefix.size())
            c.to_site[key.substr(site_prefix.size())] = split_list(one_line(value));
    c.webhook_url = config_string(v, "alert_webhook_url", "");
    c.webhook_secret = config_string(v, "alert_webhook_secret", "");
    Error e;
    const bool ok = read_int(v, "alert_connect_timeout_s", c.connect_timeout_s, 1, e) &&
                    read_int(v, "alert_low_speed_time_s", c.low_speed_time_s, 1, e) &&
                    read_int(v, "alert_send_timeout_s", c.send_timeout_s, 1, e) &&
                    read_int(v, "alert_retry_base_ms", c.retry_base_ms, 1, e) &&
                    read_int(v, "alert_retry_cap_s", c.retry_cap_s, 1, e) &&
                    read_int(v, "alert_max_attempts", c.max_attempts, 1, e) &&
                    read_int(v, "alert_max_age_s", c.max_age_s, 60, e) &&
                    read_int(v, "alert_poll_ms", c.poll_ms, 50, e);
    if (!ok) return e;
    // A lease shorter than one attempt could let a second worker send what the first still sends.
    c.lease_s = std::max(c.lease_s, c.connect_timeout_s + c.send_timeout_s + 30);
    if (!c.smtp_url.empty()) {
        if (c.from.empty())
            return Error{Errc::invalid_input, "alert_smtp_url is set but alert_from is empty: set the sender address"};
        bool any = !c.to.empty();
        for (const auto& [site, list] : c.to_site) any = any || !list.empty();
        if (!any)
            return Error{Errc::invalid_input,
                         "alert_smtp_url is set but no recipient: set alert_to (or alert_to.<site name>)"};
    }
    if (!c.webhook_url.empty() && c.webhook_secret.size() < 16)
        return Error{Errc::invalid_input,
                     "alert_webhook_url is set but alert_webhook_secret is missing or shorter than 16 characters"};
    return c;
}

std::string alert_kind(const AlertDelivery& alert) { return alert.needs_help ? "help_request" : "flagged_comment"; }

std::string alert_link(const AlertConfig& config) {
    std::string base = config.dashboard_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    return base + "/safeguarding";
}

std::vector<std::string> alert_recipients(const AlertConfig& config, const std::string& site) {
    std::vector<std::string> out;
    auto add = [&](const std::vector<std::string>& list) {
        for (const auto& r : list)
            if (std::find(out.begin(), out.end(), r) == out.end()) out.push_back(r);
    };
    if (auto it = config.to_site.find(site); it != config.to_site.end()) add(it->second);
    add(config.to);
    return out;
}

std::string webhook_body(const AlertDelivery& alert, const std::string& link) {
    const nlohmann::json body = {{"id", alert.uid},          {"kind", alert_kind(alert)},
                                 {"site", alert.site},       {"time", alert.created_hour},
                                 {"categories", alert.categories}, {"link", link}};
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string webhook_signature(const std::string& secret, const std::string& body) {
    return "sha256=" + crypto::hmac_sha256_hex(secret, body);
}

std::string email_message(const AlertConfig& config, const AlertDelivery& alert,
                          const std::vector<std::string>& recipients, const std::string& date_rfc5322) {
    const std::string link = alert_link(config);
    const std::string site = one_line(alert.site);
    std::string to;
    for (std::size_t i = 0; i < recipients.size(); ++i) to += (i ? ", " : "") + recipients[i];
    const std::string subject =
        (alert.needs_help ? "Listening Post: a young person asked for help at " : "Listening Post: flagged comment at ") +
        site;
    std::ostringstream m;
    m << "From: " << config.from << "\r\n"
      << "To: " << to << "\r\n"
      << "Subject: " << header_text(subject) << "\r\n"
      << "Date: " << date_rfc5322 << "\r\n"
      << "Message-ID: <" << alert.uid << "@" << host_of(link) << ">\r\n"
      << "MIME-Version: 1.0\r\n"
      << "Content-Type: text/plain; charset=utf-8\r\n"
      << "Content-Transfer-Encoding: 8bit\r\n"
      << "Auto-Submitted: auto-generated\r\n"
      << "\r\n"
      << describe(alert) << "\r\n\r\n"
      << "Site: " << site << "\r\n"
      << "When: " << alert.created_hour << " (the hour it was written, rounded down)\r\n"
      << "Kind: " << alert_kind(alert) << "\r\n"
      << "Open the safeguarding queue: " << link << "\r\n\r\n"
      << "What the young person wrote is never sent by email; read it on the dashboard.\r\n"
      << "Alert id: " << alert.uid << "\r\n";
    return m.str();
}

std::string rfc5322_date(std::int64_t unix_seconds) {
    static const char* const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d +0000", days[tm.tm_wday], tm.tm_mday,
                  months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

std::string alert_email_date(std::int64_t unix_seconds) {
    const std::int64_t into_hour = ((unix_seconds % 3600) + 3600) % 3600;  // down, also before 1970
    return rfc5322_date(unix_seconds - into_hour);
}

std::int64_t alert_retry_delay_ms(const AlertConfig& config, int attempts) {
    const std::int64_t cap = static_cast<std::int64_t>(config.retry_cap_s) * 1000;
    std::int64_t delay = config.retry_base_ms;
    for (int i = 1; i < attempts && delay < cap; ++i) delay *= 2;
    return std::min(delay, cap);
}

}  // namespace lp::dashboard
