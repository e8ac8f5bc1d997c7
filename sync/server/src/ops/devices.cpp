#include <lp/aggregator/ops/devices.hpp>

namespace lp::aggregator::ops {

bool is_silent(const Device& d, std::int64_t now, std::int64_t silent_after_s) {
    if (d.revoked) return false;
    const std::int64_t heard = d.last_seen.value_or(d.enrolled_at);
    return now - heard > silent_after_s;
}

Result<std::vector<DeviceHealth>> device_health(Store& store, std::int64_t now, std::int64_t silent_after_s) {
    auto devices = store.list_devices();
    if (!devices) return devices.error();
    std::vector<DeviceHealth> out;
    out.reserve(devices->size());
    for (auto& d : *devices) {
        DeviceHealth h;
        h.quiet_for_s = now - d.last_seen.value_or(d.enrolled_at);
        h.silent = is_silent(d, now, silent_after_s);
        h.device = std::move(d);
        out.push_back(std::move(h));
    }
    return out;
}

}  // namespace lp::aggregator::ops
