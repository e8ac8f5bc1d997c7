#pragma once
// Bearer-token authentication of kiosks plus their per-device rate limit.
#include <lp/aggregator/rate_limiter.hpp>
#include <lp/shared/http_status.hpp>
#include <lp/aggregator/store.hpp>

#include <string>

namespace lp::aggregator {

struct AuthOutcome {
    int status = http_status::ok;  // 200 ok, 401 unknown/revoked, 429 rate limited, 503 store failed
    std::string error_code;
    std::string message;
    int retry_after_s = 0;
    DeviceAuth device;
};

class DeviceAuthenticator {
public:
    DeviceAuthenticator(Store& store, int requests_per_minute, int burst);

    /// Checks a bearer token (hash lookup, constant-time compare) and takes a rate-limit token.
    AuthOutcome authenticate(const std::string& bearer_token);

private:
    Store& store_;
    RateLimiter limiter_;
};

}  // namespace lp::aggregator
