#pragma once
// Silent devices: enrolled, not revoked, and not heard from for longer than silent_after_h
// (a device never seen counts from its enrolment). Used by `devices`, /metrics and the dashboard.
#include <cstdint>
#include <lp/aggregator/store.hpp>
#include <vector>

namespace lp::aggregator::ops {

/// True when d has not synced within silent_after_s of now (revoked devices are never silent).
bool is_silent(const Device& d, std::int64_t now, std::int64_t silent_after_s);

struct DeviceHealth {
    Device device;
    bool silent = false;
    std::int64_t quiet_for_s = 0;  // now - (last_seen or enrolled_at)
};

/// Every device with its silence marked, in the store's order.
Result<std::vector<DeviceHealth>> device_health(Store& store, std::int64_t now, std::int64_t silent_after_s);

}  // namespace lp::aggregator::ops
