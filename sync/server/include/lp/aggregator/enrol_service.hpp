#pragma once
// Enrolment: staff create single-use codes with the CLI; a kiosk trades one for a device id
// and bearer token. Failed attempts are counted per address and lock it out.
#include <lp/aggregator/config.hpp>
#include <lp/aggregator/question_sets.hpp>
#include <lp/aggregator/rate_limiter.hpp>
#include <lp/aggregator/store.hpp>

#include <string>

namespace lp::aggregator {

struct EnrolOutcome {
    enum class Kind { enrolled, invalid_request, bad_code, locked_out, failed };
    Kind kind = Kind::failed;
    std::string message;     // for everything but enrolled
    int retry_after_s = 0;   // locked_out
    std::string body_json;   // enrolled: the answer for the kiosk (docs/formats.md)
    std::string device_id;
};

/// What the server tells a kiosk about itself at enrolment.
struct ServerIdentity {
    std::string sealing_public_key_b64;
    std::string tls_pin;  // "sha256//…"
};

class EnrolService {
public:
    EnrolService(Store& store, const QuestionSetCatalog& catalog, ServerIdentity identity, const Config& config);

    /// Handles an enrol request body from remote_addr.
    EnrolOutcome enrol(const std::string& body, const std::string& remote_addr, std::int64_t now);

private:
    Store& store_;
    const QuestionSetCatalog& catalog_;
    ServerIdentity identity_;
    const Config& config_;
    FailureLockout lockout_;
};

/// Creates a code for site valid for ttl_s seconds and returns it (CLI enrol-code).
Result<std::string> issue_enrol_code(Store& store, const std::string& site, std::int64_t ttl_s, std::int64_t now);

}  // namespace lp::aggregator
