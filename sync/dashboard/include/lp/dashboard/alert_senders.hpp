#pragma once
// The two ways an alert leaves the server, both through libcurl: SMTP (STARTTLS whenever the
// server offers it) and an HTTPS/HTTP POST. Each call is one attempt with the config's connect,
// low-speed and total timeouts; the worker decides about retries.
#include <lp/dashboard/alerts.hpp>
#include <lp/shared/result.hpp>

#include <string>
#include <vector>

namespace lp::dashboard {

/// Sends one message (email_message) from config.from to recipients through config.smtp_url.
/// io_error says what failed (connection refused, rejected recipient, timeout...).
Status send_alert_email(const AlertConfig& config, const std::vector<std::string>& recipients,
                        const std::string& message);

/// POSTs body (webhook_body) to config.webhook_url with its signature header and
/// Idempotency-Key: id. ok on any 2xx answer; io_error with the status or curl's reason otherwise.
Status send_alert_webhook(const AlertConfig& config, const std::string& body, const std::string& id);

}  // namespace lp::dashboard
