#include "fault_plan.hpp"

#include <lp/shared/enum_names.hpp>

namespace lp::faultproxy {

const char* to_string(Fault f) noexcept {
    static constexpr const char* names[] = {"none",  "drop_request", "drop_response", "stall",     "throttle",
                                            "reset", "status_500",   "status_503",    "status_429"};
    return enum_name(f, names, "none");
}

Fault FaultPlan::roll_request() {
    std::lock_guard<std::mutex> lock(mu_);
    double r = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
    const std::pair<double, Fault> table[] = {{rates_.drop_request, Fault::drop_request},
                                              {rates_.drop_response, Fault::drop_response},
                                              {rates_.stall, Fault::stall},
                                              {rates_.throttle, Fault::throttle},
                                              {rates_.reset, Fault::reset}};
    for (const auto& [p, fault] : table) {
        if (r < p) return fault;
        r -= p;
    }
    return Fault::none;
}

Fault FaultPlan::roll_connection() {
    std::lock_guard<std::mutex> lock(mu_);
    const double r = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
    if (r >= rates_.status) return Fault::none;
    switch (std::uniform_int_distribution<int>(0, 2)(rng_)) {
        case 0:
            return Fault::status_500;
        case 1:
            return Fault::status_503;
        default:
            return Fault::status_429;
    }
}

}  // namespace lp::faultproxy
