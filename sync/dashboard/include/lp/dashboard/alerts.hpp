#pragma once
// Alerts: when a help request or a flagged comment is stored, the right person is told within a
// minute by email (libcurl SMTP) and/or a signed webhook. An alert says where, when (the hour) and
// what kind, with a dashboard link, and never the comment's text. This header holds the settings
// and the pure message builders; alert_senders.hpp sends, alert_worker.hpp drives the queue.
#include <lp/dashboard/store.hpp>
#include <lp/shared/config_file.hpp>
#include <lp/shared/result.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace lp::dashboard {

/// The alert settings of aggregator.conf (docs/safeguarding.md, "Alerts").
struct AlertConfig {
    std::string smtp_url;                 // alert_smtp_url, e.g. smtp://127.0.0.1:2525; "": no email
    std::string from;                     // alert_from
    std::vector<std::string> to;          // alert_to (comma-separated): every alert
    std::map<std::string, std::vector<std::string>> to_site;  // alert_to.<site name>: that site's alerts too
    std::string webhook_url;              // alert_webhook_url; "": no webhook
    std::string webhook_secret;           // alert_webhook_secret: HMAC-SHA256 key of the signature
    std::string dashboard_url;            // public_url (else https://<listen>): the link's base
    int connect_timeout_s = 10;           // alert_connect_timeout_s
    int low_speed_time_s = 15;            // alert_low_speed_time_s: under 1 byte/s this long aborts
    int send_timeout_s = 30;              // alert_send_timeout_s: a whole attempt
    int retry_base_ms = 5000;             // alert_retry_base_ms: first retry; doubles up to the cap
    int retry_cap_s = 900;                // alert_retry_cap_s
    int max_attempts = 100;               // alert_max_attempts: then the delivery is given up (about a day)
    int max_age_s = 24 * 3600;            // alert_max_age_s: older help requests are not alerted (a new channel)
    int poll_ms = 1000;                   // alert_poll_ms: how often the worker looks for due alerts
    int lease_s = 120;                    // a claimed delivery is retried after this if the sender died

    /// The configured channels: "email", "webhook".
    std::vector<std::string> channels() const;
};

/// Reads the alert_* settings; invalid_input names the key at fault (e.g. email without alert_from).
Result<AlertConfig> load_alert_config(const ConfigValues& values);

/// "help_request" when the young person asked to talk to someone, else "flagged_comment".
std::string alert_kind(const AlertDelivery& alert);
/// The dashboard page a reader opens: the safeguarding queue.
std::string alert_link(const AlertConfig& config);
/// Recipients of an alert at site: alert_to plus alert_to.<site>, without repeats.
std::vector<std::string> alert_recipients(const AlertConfig& config, const std::string& site);

/// The webhook's JSON body: {"id","kind","site","time","categories","link"}; no comment text.
std::string webhook_body(const AlertDelivery& alert, const std::string& link);
/// The header carrying the body's signature, "sha256=" + lower-case hex HMAC-SHA256(secret, body).
inline constexpr const char* webhook_signature_header = "X-LP-Signature";
std::string webhook_signature(const std::string& secret, const std::string& body);

/// The whole RFC 5322 message (CRLF lines): From, To, Subject, Date (date_rfc5322), Message-ID
/// <uid@host of the link>, and a plain-text body with site, hour, kind, categories and link only.
std::string email_message(const AlertConfig& config, const AlertDelivery& alert,
                          const std::vector<std::string>& recipients, const std::string& date_rfc5322);
/// "Mon, 07 Dec 2026 06:00:00 +0000".
std::string rfc5322_date(std::int64_t unix_seconds);
/// The Date header of an alert email sent at unix_seconds: rounded down to the hour, as every
/// time the product gives out is (docs/privacy.md). The send follows the kiosk's sync within
/// seconds, so an exact Date would tell when the young person answered, which the hour hides.
std::string alert_email_date(std::int64_t unix_seconds);

/// Wait before the next attempt after `attempts` failed ones: retry_base_ms doubling, capped.
std::int64_t alert_retry_delay_ms(const AlertConfig& config, int attempts);

}  // namespace lp::dashboard
