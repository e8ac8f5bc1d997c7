#include <lp/aggregator/device_auth.hpp>

#include <lp/aggregator/tokens.hpp>
#include <lp/shared/crypto.hpp>

namespace lp::aggregator {

DeviceAuthenticator::DeviceAuthenticator(Store& store, int requests_per_minute, int burst)
    : store_(store), limiter_(requests_per_minute, burst) {}

AuthOutcome DeviceAuthenticator::authenticate(const std::string& bearer_token) {
    AuthOutcome out;
    if (bearer_token.empty()) {
        out = {401, "unauthorized", "send the device token as 'Authorization: Bearer <token>'", 0, {}};
        return out;
    }
    const std::string hash = device_token_hash(bearer_token);
    auto found = store_.find_device_by_token_hash(hash);
    if (!found) {
        out = {503, "unavailable", "the device store is unavailable; retry later", 5, {}};
        return out;
    }
    // The lookup is by hash, so timing reveals nothing about the token; the compare is
    // constant-time anyway, so a future lookup by device id stays safe.
    if (!*found || !crypto::constant_time_equal((*found)->token_hash, hash)) {
        out = {401, "unauthorized", "unknown device token; enrol this kiosk again", 0, {}};
        return out;
    }
    if ((*found)->revoked) {
        out = {401, "unauthorized", "this device has been revoked; enrol it again with a new code", 0, {}};
        return out;
    }
    if (int wait = limiter_.acquire((*found)->device_id); wait > 0) {
        out = {429, "rate_limited", "too many requests from this device; retry after " + std::to_string(wait) + " s",
               wait, **found};
        return out;
    }
    out.device = **found;
    return out;
}

}  // namespace lp::aggregator
