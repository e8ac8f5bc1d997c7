// Alerts: the settings, the messages (never the comment's text), the signature, the backoff, and
// the durable queue in the store (claimed once, leased, retried, given up). Real SMTP and webhook
// receivers, and the whole aggregator process, are in tests/e2e/alerts_e2e.py.
#include <doctest/doctest.h>

#include <lp/dashboard/alert_worker.hpp>
#include <lp/dashboard/alerts.hpp>
#include <lp/shared/crypto.hpp>
#include <lp/shared/time.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "dashboard_test_support.hpp"

using namespace lp;
using namespace lp::dashboard;

namespace {

const char* const secret_comment = "my step dad hits me with a belt";

AlertConfig email_and_webhook() {
    auto c = load_alert_config({{"alert_smtp_url", "smtp://127.0.0.1:1"},
                                {"alert_from", "lp@council.example"},
                                {"alert_to", "duty@council.example, lead@council.example"},
                                {"alert_to.Hub A", "huba@council.example"},
                                {"alert_webhook_url", "http://127.0.0.1:1/hook"},
                                {"alert_webhook_secret", "0123456789abcdef0123"}});
    REQUIRE(c);
    c->dashboard_url = "https://lp.council.example/";
    return *c;
}

AlertDelivery sample(bool help, std::vector<std::string> categories) {
    AlertDelivery a;
    a.alert = 7;
    a.uid = "5f0c2d9e8a7b4c1d9e0f1a2b3c4d5e6f";
    a.channel = "email";
    a.response = 42;
    a.site = "Hub A";
    a.created_hour = "2026-12-07T06:00:00Z";
    a.needs_help = help;
    a.categories = std::move(categories);
    a.attempts = 1;
    return a;
}

}  // namespace

TEST_CASE("alert settings: channels from the URLs, recipients per site, and what is missing is named") {
    const auto c = email_and_webhook();
    CHECK(c.channels() == std::vector<std::string>{"email", "webhook"});
    CHECK(alert_recipients(c, "Hub A") ==
          std::vector<std::string>{"huba@council.example", "duty@council.example", "lead@council.example"});
    CHECK(alert_recipients(c, "Hub B") == std::vector<std::string>{"duty@council.example", "lead@council.example"});
    CHECK(load_alert_config({}).value().channels().empty());

    auto no_from = load_alert_config({{"alert_smtp_url", "smtp://x"}, {"alert_to", "a@b"}});
    REQUIRE_FALSE(no_from);
    CHECK(no_from.error().message.find("alert_from") != std::string::npos);
    auto no_to = load_alert_config({{"alert_smtp_url", "smtp://x"}, {"alert_from", "a@b"}});
    REQUIRE_FALSE(no_to);
    CHECK(no_to.error().message.find("alert_to") != std::string::npos);
    // A site's own duty worker is enough on its own.
    CHECK(load_alert_config({{"alert_smtp_url", "smtp://x"}, {"alert_from", "a@b"}, {"alert_to.Hub A", "c@d"}}));
    auto weak = load_alert_config({{"alert_webhook_url", "http://x"}, {"alert_webhook_secret", "short"}});
    REQUIRE_FALSE(weak);
    CHECK(weak.error().message.find("alert_webhook_secret") != std::string::npos);
    auto bad = load_alert_config({{"alert_retry_base_ms", "0"}});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message.find("alert_retry_base_ms") != std::string::npos);
}

TEST_CASE("an alert email says site, hour, kind, category and link, with a Message-ID, and no comment text") {
    const auto c = email_and_webhook();
    const auto a = sample(false, {"physical-abuse"});
    const auto msg = email_message(c, a, alert_recipients(c, a.site), rfc5322_date(1796623200));
    CHECK(msg.find("From: lp@council.example\r\n") != std::string::npos);
    CHECK(msg.find("To: huba@council.example, duty@council.example, lead@council.example\r\n") != std::string::npos);
    CHECK(msg.find("Message-ID: <" + a.uid + "@lp.council.example>\r\n") != std::string::npos);
    CHECK(msg.find("Date: " + rfc5322_date(1796623200) + "\r\n") != std::string::npos);
    CHECK(msg.find("Hub A") != std::string::npos);
    CHECK(msg.find("2026-12-07T06:00:00Z") != std::string::npos);
    CHECK(msg.find("flagged_comment") != std::string::npos);
    CHECK(msg.find("physical-abuse") != std::string::npos);
    CHECK(msg.find("https://lp.council.example/safeguarding") != std::string::npos);
    CHECK(msg.find(secret_comment) == std::string::npos);
    CHECK(msg.find("belt") == std::string::npos);
    const auto help = email_message(c, sample(true, {}), {"x@y"}, "d");
    CHECK(help.find("help_request") != std::string::npos);
    CHECK(help.find("asked to talk to someone") != std::string::npos);
}

TEST_CASE("an alert email cannot gain headers from a site name, and a non-ASCII subject is encoded") {
    const auto c = email_and_webhook();
    auto a = sample(true, {});
    a.site = "Hub\r\nBcc: evil@example.com";
    const auto msg = email_message(c, a, {"x@y"}, "d");
    CHECK(msg.find("\r\nBcc:") == std::string::npos);
    a.site = "Hub Łódź";
    const auto encoded = email_message(c, a, {"x@y"}, "d");
    const auto subject = encoded.substr(encoded.find("Subject: "), encoded.find("\r\n", encoded.find("Subject: ")) -
                                                                       encoded.find("Subject: "));
    CHECK(subject.find("=?UTF-8?B?") != std::string::npos);
    CHECK(std::all_of(subject.begin(), subject.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; }));
}

TEST_CASE("the webhook body carries id, kind, site, hour, categories and link, its signature is HMAC-SHA256") {
    const auto a = sample(false, {"self-harm", "threats"});
    const auto body = webhook_body(a, "https://lp/safeguarding");
    const auto j = nlohmann::json::parse(body);
    CHECK(j["id"] == a.uid);
    CHECK(j["kind"] == "flagged_comment");
    CHECK(j["site"] == "Hub A");
    CHECK(j["time"] == "2026-12-07T06:00:00Z");
    CHECK(j["categories"] == nlohmann::json::array({"self-harm", "threats"}));
    CHECK(j["link"] == "https://lp/safeguarding");
    CHECK(j.size() == 6);  // nothing else: no text, no device
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?".
    CHECK(crypto::hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    CHECK(webhook_signature("Jefe", body) == "sha256=" + crypto::hmac_sha256_hex("Jefe", body));
    CHECK(webhook_signature("Jefe", body) != webhook_signature("Jeff", body));
}

TEST_CASE("an alert email's Date is rounded down to the hour, like every time the product gives out") {
    const std::int64_t sent = parse_iso_utc("2026-12-07T06:42:17Z");
    REQUIRE(sent > 0);
    CHECK(rfc5322_date(sent) == "Mon, 07 Dec 2026 06:42:17 +0000");  // the plain formatter is exact
    CHECK(alert_email_date(sent) == "Mon, 07 Dec 2026 06:00:00 +0000");
    CHECK(alert_email_date(parse_iso_utc("2026-12-07T06:00:00Z")) == "Mon, 07 Dec 2026 06:00:00 +0000");
    CHECK(alert_email_date(parse_iso_utc("2026-12-31T23:59:59Z")) == "Thu, 31 Dec 2026 23:00:00 +0000");
    // The message carries the Date it is given, and the worker gives it alert_email_date (e2e checks the wire).
    const std::string m = email_message(email_and_webhook(), sample(true, {}), {"duty@council.example"},
                                        alert_email_date(sent));
    CHECK(m.find("\r\nDate: Mon, 07 Dec 2026 06:00:00 +0000\r\n") != std::string::npos);
    CHECK(m.find(":42:17") == std::string::npos);
}

TEST_CASE("alert retries back off by doubling up to the cap") {
    AlertConfig c;
    c.retry_base_ms = 500;
    c.retry_cap_s = 3;
    CHECK(alert_retry_delay_ms(c, 1) == 500);
    CHECK(alert_retry_delay_ms(c, 2) == 1000);
    CHECK(alert_retry_delay_ms(c, 3) == 2000);
    CHECK(alert_retry_delay_ms(c, 4) == 3000);
    CHECK(alert_retry_delay_ms(c, 60) == 3000);
}

TEST_CASE("help requests and flagged comments are queued once each, a claimed delivery is leased, not sent twice") {
    dashtest::Fixture fx;
    const auto dev = fx.add_device("Hub A");
    fx.add_responses(dev, 4, [](int i, Response& r) {
        if (i == 0) r.comment = "college is going well";  // neither: no alert
        if (i == 1) r.comment = secret_comment;           // flagged
        if (i == 2) r.needs_help = true;                  // help request
    });
    fx.index();
    const std::vector<std::string> both{"email", "webhook"};
    auto first = fx.dash->claim_alerts(both, 0, 1000, 60, 100);
    REQUIRE(first);
    REQUIRE(first->size() == 4);  // two alerts x two channels
    int help = 0, flagged = 0;
    for (const auto& d : *first) {
        CHECK(d.attempts == 1);
        CHECK(d.site == "Hub A");
        CHECK(d.uid.size() >= 16);
        if (d.needs_help) ++help;
        if (std::find(d.categories.begin(), d.categories.end(), "physical-abuse") != d.categories.end()) ++flagged;
    }
    CHECK(help == 2);
    CHECK(flagged == 2);
    CHECK((*first)[0].uid != (*first)[2].uid);
    // Leased: nobody else gets them until the lease runs out (a sender that died mid-send).
    CHECK(fx.dash->claim_alerts(both, 0, 1030, 60, 100)->empty());
    // A second instance of the store (another aggregator) sees the same queue.
    auto other = fx.open_dashboard();
    CHECK(other->claim_alerts(both, 0, 1059, 60, 100)->empty());

    // Outcomes: one sent, one to retry at 1100, one given up; one left leased (crashed mid-send).
    const auto& s = (*first)[0];
    const auto& r = (*first)[1];
    const auto& f = (*first)[2];
    REQUIRE(fx.dash->finish_alert(s.alert, s.channel, AlertOutcome::sent, 1001, "", 1001));
    REQUIRE(fx.dash->finish_alert(r.alert, r.channel, AlertOutcome::retry, 1100, "connection refused", 1001));
    REQUIRE(fx.dash->finish_alert(f.alert, f.channel, AlertOutcome::failed, 1001, "gave up", 1001));
    CHECK(fx.dash->claim_alerts(both, 0, 1099, 60, 100)->size() == 1);  // only the lease that ran out (1060)
    auto again = fx.dash->claim_alerts(both, 0, 1100, 60, 100);
    REQUIRE(again->size() == 1);
    CHECK((*again)[0].alert == r.alert);
    CHECK((*again)[0].channel == r.channel);
    CHECK((*again)[0].uid == r.uid);  // same id on every attempt: receivers drop repeats
    CHECK((*again)[0].attempts == 2);
    // A late outcome for a delivery no longer leased changes nothing.
    REQUIRE(fx.dash->finish_alert(s.alert, s.channel, AlertOutcome::retry, 0, "late", 1200));
    CHECK(fx.dash->claim_alerts(both, 0, 5000, 60, 100)->size() == 2);  // r and the crashed one, leases over
    // Indexing again (a relink) queues nothing new.
    fx.index();
    CHECK(fx.dash->claim_alerts(both, 0, 100000, 60, 100)->size() == 2);
}

namespace {

/// The kiosk's help-only row: stored the moment "Ask staff to talk to me" is tapped, before the
/// young person has finished (kiosk Flow::flag_for_follow_up): the flag, no answers, no comment.
void help_only(int, Response& r) {
    r.needs_help = true;
    r.answers.clear();
}

/// A full response whose young person asked for help.
void asks_for_help(int, Response& r) { r.needs_help = true; }

/// How many deliveries of each kind the email channel has to send.
std::pair<int, int> help_and_flagged(DashboardStore& dash) {
    auto due = dash.claim_alerts({"email"}, 0, 1000, 60, 100);
    REQUIRE(due);
    int help = 0, flagged = 0;
    for (const auto& d : *due) (alert_kind(d) == "help_request" ? help : flagged) += 1;
    // The safeguarding queue (and the board pack's help-request count read from it) agrees with
    // the alerts: one help request is one item, however many rows of the session carry the flag.
    auto items = dash.safeguarding_items(true, 100);
    REQUIRE(items);
    int queued_help = 0, queued_flagged = 0;
    for (const auto& i : *items) {
        queued_help += i.needs_help ? 1 : 0;
        queued_flagged += i.matched.empty() ? 0 : 1;
    }
    CHECK(queued_help == help);
    CHECK(queued_flagged == flagged);
    return {help, flagged};
}

}  // namespace

TEST_CASE("one help request gives one help_request alert: the help-only row, not again for the full response") {
    // doctest runs the case once per SUBCASE, so each starts from a fresh fixture.
    dashtest::Fixture fx;
    const auto dev = fx.add_device("Hub A");
    SUBCASE("the full response arrives in a later sync") {
        fx.add_responses(dev, 1, help_only);
        fx.index();
        fx.add_responses(dev, 1, [](int, Response& r) {
            r.needs_help = true;  // the final response of the same session carries the flag too
            r.comment = "college is going well";
        });
        fx.index();
        CHECK(help_and_flagged(*fx.dash) == std::pair<int, int>{1, 0});
        fx.index();  // a relink queues nothing new
        CHECK(fx.dash->claim_alerts({"email"}, 0, 5000, 60, 100)->size() == 1);
    }
    SUBCASE("both rows arrive in one sync") {
        fx.add_responses(dev, 1, help_only);
        fx.add_responses(dev, 1, asks_for_help);
        fx.index();
        CHECK(help_and_flagged(*fx.dash) == std::pair<int, int>{1, 0});
    }
    SUBCASE("a flagged comment in the full response still raises its own flagged_comment alert") {
        fx.add_responses(dev, 1, help_only);
        fx.index();
        fx.add_responses(dev, 1, [](int, Response& r) {
            r.needs_help = true;
            r.comment = secret_comment;
        });
        fx.index();
        auto due = fx.dash->claim_alerts({"email"}, 0, 1000, 60, 100);
        REQUIRE(due);
        REQUIRE(due->size() == 2);
        CHECK(alert_kind((*due)[0]) == "help_request");
        CHECK(alert_kind((*due)[1]) == "flagged_comment");
        CHECK(std::find((*due)[1].categories.begin(), (*due)[1].categories.end(), "physical-abuse") !=
              (*due)[1].categories.end());
    }
    SUBCASE("two young people who each ask for help give two alerts") {
        // The first walks away after tapping help (no full response); the second asks too.
        fx.add_responses(dev, 1, help_only);
        fx.add_responses(dev, 1, help_only);
        fx.add_responses(dev, 1, asks_for_help);
        // A third answers without asking; a fourth asks with no help-only row before it (its
        // help-only row was not stored): the flag on the full response is still alerted.
        fx.add_responses(dev, 1);
        fx.add_responses(dev, 1, asks_for_help);
        fx.index();
        CHECK(help_and_flagged(*fx.dash) == std::pair<int, int>{3, 0});
    }
    SUBCASE("help-only rows of two kiosks are not mixed up") {
        const auto other = fx.add_device("Hub B");
        fx.add_responses(dev, 1, help_only);
        fx.add_responses(other, 1, asks_for_help);  // seq right after dev's row
        fx.index();
        CHECK(help_and_flagged(*fx.dash) == std::pair<int, int>{2, 0});
    }
}

TEST_CASE("alerts older than the age limit get no delivery on a newly configured channel") {
    dashtest::Fixture fx;
    const auto dev = fx.add_device("Hub A");
    fx.add_responses(dev, 1, asks_for_help);
    fx.index();
    CHECK(fx.dash->claim_alerts({"email"}, 4102444800, 4102444800, 60, 100)->empty());  // since 2100: too old
    CHECK(fx.dash->claim_alerts({"email"}, 0, 4102444800, 60, 100)->size() == 1);
}

TEST_CASE("a receiver that refuses is retried with backoff and the outcome is audited and counted") {
    dashtest::Fixture fx;
    const auto dev = fx.add_device("Hub A");
    fx.add_responses(dev, 1, [](int, Response& r) { r.comment = secret_comment; });
    fx.index();
    AlertConfig c;
    c.webhook_url = "http://127.0.0.1:1/hook";  // nothing listens on port 1
    c.webhook_secret = "0123456789abcdef";
    c.connect_timeout_s = 2;
    c.retry_base_ms = 4000;
    c.max_attempts = 2;
    const std::int64_t now = lp::now_unix();
    CHECK(send_due_alerts(*fx.dash, c, now).value() == 1);
    CHECK(send_due_alerts(*fx.dash, c, now).value() == 0);  // waiting for its retry
    auto log = fx.dash->audit_log(5).value();
    REQUIRE_FALSE(log.empty());
    CHECK(log[0].user == "alerts");
    CHECK(log[0].action == "alert retry");
    CHECK(log[0].detail.find("webhook") != std::string::npos);
    CHECK(log[0].detail.find("belt") == std::string::npos);
    CHECK(alert_metrics().find("lp_alerts_total{channel=\"webhook\",outcome=\"retry\"}") != std::string::npos);
    // The retry comes due after the backoff; the second failure is the last allowed: given up.
    CHECK(send_due_alerts(*fx.dash, c, now + 10).value() == 1);
    CHECK(fx.dash->audit_log(1).value()[0].action == "alert failed");
    CHECK(send_due_alerts(*fx.dash, c, now + 20000).value() == 0);
}
