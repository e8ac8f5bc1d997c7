#pragma once
// Which fault (if any) hits the next request: seeded, so a failing run can be replayed.
#include <cstdint>
#include <mutex>
#include <random>
#include <string>

namespace lp::faultproxy {

enum class Fault {
    none,
    drop_request,   // close both sides part-way through the request
    drop_response,  // let the server answer, swallow the answer, close the client
    stall,          // stop forwarding for stall_ms, then close
    throttle,       // forward at a trickle for the rest of the connection
    reset,          // forward the request, then reset the client (SO_LINGER 0)
    status_500,     // answer a new connection with a raw HTTP 500 (needs the server's TLS key)
    status_503,
    status_429,
};
const char* to_string(Fault f) noexcept;
constexpr int fault_count = 9;

struct FaultRates {
    double drop_request = 0, drop_response = 0, stall = 0, throttle = 0, reset = 0, status = 0;
};

class FaultPlan {
public:
    FaultPlan(std::uint64_t seed, FaultRates rates) : rng_(seed), rates_(rates) {}
    /// Rolls for a request inside an open (passed-through) connection.
    Fault roll_request();
    /// Rolls for a new connection: one of the status faults, or none.
    Fault roll_connection();

private:
    std::mutex mu_;
    std::mt19937_64 rng_;
    FaultRates rates_;
};

}  // namespace lp::faultproxy
