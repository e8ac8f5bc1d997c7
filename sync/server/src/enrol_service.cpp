#include <lp/aggregator/enrol_service.hpp>

#include <lp/aggregator/tokens.hpp>
#include <lp/shared/json_util.hpp>

namespace lp::aggregator {

EnrolService::EnrolService(Store& store, const QuestionSetCatalog& catalog, ServerIdentity identity,
                           const Config& config)
    : store_(store),
      catalog_(catalog),
      identity_(std::move(identity)),
      config_(config),
      lockout_(config.enrol_max_failures, config.enrol_lockout_s) {}

EnrolOutcome EnrolService::enrol(const std::string& body, const std::string& remote_addr, std::int64_t now) {
    using Kind = EnrolOutcome::Kind;
    EnrolOutcome out;
    if (int wait = lockout_.locked_for(remote_addr); wait > 0) {
        out.kind = Kind::locked_out;
        out.retry_after_s = wait;
        out.message = "too many wrong enrolment codes from this address; try again in " + std::to_string(wait) +
                      " seconds";
        return out;
    }
    auto json = parse_json(body, 4);
    if (!json || !json->is_object() || !json->contains("code") || !(*json)["code"].is_string()) {
        out.kind = Kind::invalid_request;
        out.message = json ? "the body must be {\"code\": \"…\", \"name\": \"…\"}" : json.error().message;
        return out;
    }
    std::string name = "kiosk";
    if (json->contains("name")) {
        const auto& n = (*json)["name"];
        if (!n.is_string() || n.get<std::string>().empty() || n.get<std::string>().size() > 100) {
            out.kind = Kind::invalid_request;
            out.message = "'name' must be a string of 1 to 100 characters";
            return out;
        }
        name = n.get<std::string>();
    }
    std::string enrol_key;
    if (json->contains("enrol_key")) {
        const auto& k = (*json)["enrol_key"];
        if (!k.is_string() || !is_enrol_key(k.get<std::string>())) {
            out.kind = Kind::invalid_request;
            out.message = "'enrol_key' must be 64 hex characters";
            return out;
        }
        enrol_key = k.get<std::string>();
    }
    const std::string code = normalize_enrol_code((*json)["code"].get<std::string>());
    const std::string code_hash = enrol_code_hash(code);
    NewDevice device{enrol_key.empty() ? make_device_id() : device_id_for(code_hash, enrol_key), name, {}, now};
    const std::string token = enrol_key.empty() ? make_device_token() : device_token_for(code_hash, enrol_key);
    device.token_hash = device_token_hash(token);
    auto enrolled = code.empty() ? Result<Device>(Error{Errc::not_found, "malformed code"})
                                 : store_.enrol_device(code_hash, device, now);
    // Used already: by this very kiosk, whose answer was lost on the way? Then it gets its token again.
    if (!enrolled && enrolled.error().code == Errc::not_found && !code.empty() && !enrol_key.empty())
        enrolled = store_.reissue_device_token(code_hash, device.id, device.token_hash, now);
    if (!enrolled) {
        if (enrolled.error().code != Errc::not_found) {
            out.kind = Kind::failed;
            out.message = enrolled.error().message;
            return out;
        }
        lockout_.record_failure(remote_addr);
        out.kind = Kind::bad_code;
        out.message = "the enrolment code is wrong, used already or expired; ask for a new one";
        return out;
    }
    lockout_.record_success(remote_addr);
    auto set = catalog_.current_for_site(store_, enrolled->site, config_.default_question_set);
    nlohmann::json answer = {{"device_id", enrolled->id},
                             {"site", enrolled->site},
                             {"token", token},
                             {"server_public_key", identity_.sealing_public_key_b64},
                             {"tls_pin", identity_.tls_pin}};
    answer["question_set"] = set ? nlohmann::json::parse(set->json) : nlohmann::json(nullptr);
    out.kind = Kind::enrolled;
    out.device_id = enrolled->id;
    out.body_json = answer.dump();
    return out;
}

Result<std::string> issue_enrol_code(Store& store, const std::string& site, std::int64_t ttl_s, std::int64_t now) {
    const std::string code = make_enrol_code();
    if (auto s = store.add_enrol_code(enrol_code_hash(code), site, now, now + ttl_s); !s) return s.error();
    return code;
}

}  // namespace lp::aggregator
