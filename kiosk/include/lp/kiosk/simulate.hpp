#pragma once
// Synthetic young people: taps random answers through the same events, flow and store as the
// touch screen. Used by `lp-kiosk simulate`, the demo and load tests.
#include <cstdint>
#include <lp/kiosk/session.hpp>

namespace lp::kiosk {

struct SimulateSummary {
    int saved = 0;   // reached the thank-you screen
    int failed = 0;  // reached the "couldn't save" screen
    int help_flags = 0;
};

/// Runs `count` sessions with a seeded random generator; `now` advances a little per tap.
SimulateSummary simulate_responses(KioskSession& session, int count, std::uint64_t seed, double& now);

}  // namespace lp::kiosk
