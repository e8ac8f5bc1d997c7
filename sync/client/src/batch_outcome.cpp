#include <lp/shared/http_status.hpp>
#include <lp/shared/json_util.hpp>
#include <lp/client/backoff.hpp>
#include <lp/client/batch_outcome.hpp>
#include <lp/shared/enum_names.hpp>
#include <set>

namespace lp::sync {

const char* to_string(Verdict v) noexcept {
    static constexpr const char* names[] = {"apply_results",    "retry_later",  "halve_batch",
                                            "quarantine_batch", "stop_reenrol", "stop_identity"};
    return enum_name(v, names, "retry_later");
}

std::string server_message(const std::string& body) {
    auto parsed = parse_json(body);
    if (parsed && parsed->is_object()) {
        for (const char* key : {"message", "error"}) {
            auto it = parsed->find(key);
            if (it != parsed->end() && it->is_string()) return it->get<std::string>();
        }
    }
    std::string text = body.substr(0, 200);
    for (char& ch : text)
        if (static_cast<unsigned char>(ch) < 0x20) ch = ' ';
    return text;
}

std::string plain_words_for(const HttpReply& reply) {
    switch (reply.transport) {
        case Transport::ok:
            break;
        case Transport::connect:
        case Transport::timeout:
        case Transport::other:
            return "Can't reach the server: check the Wi-Fi";
        case Transport::pin_mismatch:
        case Transport::tls:
            return "The server did not prove who it is, so nothing was sent: ask your administrator";
        case Transport::refused_url:
            return "The server address is not allowed: it must start with https://";
    }
    if (reply.status == http_status::unauthorized) return "This kiosk was removed from the service: enrol it again";
    if (reply.status == http_status::request_timeout) return "Can't reach the server: check the Wi-Fi";
    if (reply.status == http_status::too_many_requests) return "The server is busy: answers are kept and will be sent later";
    if (http_status::is_server_error(reply.status)) return "The server has a problem: answers are kept and will be sent later";
    if (reply.status == http_status::payload_too_large) return "The server refused a batch as too large";
    if (reply.status >= 400) return "The server refused the answers: " + server_message(reply.body);
    return "The server gave an answer the kiosk does not understand: answers are kept";
}

Decision decide_batch_reply(const HttpReply& reply, std::int64_t now_unix) {
    Decision d;
    if (!reply.ok()) {
        d.verdict = (reply.transport == Transport::pin_mismatch || reply.transport == Transport::tls ||
                     reply.transport == Transport::refused_url)
                        ? Verdict::stop_identity
                        : Verdict::retry_later;
        d.server_message = std::string(to_string(reply.transport)) + ": " + reply.transport_detail;
        d.plain_words = plain_words_for(reply);
        return d;
    }
    const long status = reply.status;
    if (status == http_status::ok) {
        auto results = wire::decode_results(reply.body);
        if (results) {
            d.verdict = Verdict::apply_results;
            d.results = std::move(results.value());
            return d;
        }
        // A garbled acknowledgement proves nothing: keep every row and try again.
        d.verdict = Verdict::retry_later;
        d.server_message = "unreadable results: " + results.error().message;
        HttpReply odd;
        odd.status = 299;  // a success the kiosk cannot read
        d.plain_words = plain_words_for(odd);
        return d;
    }
    d.server_message = server_message(reply.body);
    d.plain_words = plain_words_for(reply);
    if (status == http_status::unauthorized) {
        d.verdict = Verdict::stop_reenrol;
    } else if (status == http_status::payload_too_large) {
        d.verdict = Verdict::halve_batch;
    } else if (status == http_status::bad_request) {
        d.verdict = Verdict::quarantine_batch;
    } else if (status == http_status::request_timeout || status == http_status::too_many_requests || http_status::is_server_error(status)) {
        d.verdict = Verdict::retry_later;
        if (!reply.retry_after.empty()) d.retry_after_s = parse_retry_after_s(reply.retry_after, now_unix);
    } else {
        // Anything else (403, 404, 411, 415, 3xx...) is a server or deployment problem, not
        // the rows' fault: keep them and retry later rather than quarantine good answers.
        d.verdict = Verdict::retry_later;
    }
    return d;
}

RowPlan plan_rows(const std::vector<std::string>& batch_ids, const std::vector<wire::ItemResult>& results) {
    RowPlan plan;
    const std::set<std::string> in_batch(batch_ids.begin(), batch_ids.end());
    std::set<std::string> seen;
    for (const auto& r : results) {
        if (in_batch.count(r.id) == 0 || !seen.insert(r.id).second) continue;
        switch (r.status) {
            case wire::ItemStatus::stored:
            case wire::ItemStatus::duplicate:
                plan.sent.push_back(r.id);
                if (r.status == wire::ItemStatus::duplicate) ++plan.duplicates;
                break;
            case wire::ItemStatus::conflict:
                plan.quarantine.emplace_back(r.id,
                                             "conflict: the server already holds a different answer with this id" +
                                                 (r.reason.empty() ? std::string() : " (" + r.reason + ")"));
                break;
            case wire::ItemStatus::rejected:
                plan.quarantine.emplace_back(
                    r.id, "rejected: " + (r.reason.empty() ? std::string("no reason given") : r.reason));
                break;
        }
    }
    for (const auto& id : batch_ids)
        if (seen.count(id) == 0) plan.unresolved.push_back(id);
    return plan;
}

std::size_t halved(std::size_t batch_size) noexcept { return batch_size > 1 ? batch_size / 2 : 1; }

}  // namespace lp::sync
