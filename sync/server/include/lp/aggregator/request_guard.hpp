#pragma once
// A per-connection guard below HTTP: counts the TLS bytes a client sends for one request and
// the time since the request's first byte, and cuts the connection when either goes past its
// bound. httplib 0.11 reads every header line before any handler runs and has no limit on
// their number nor on the total time a request may take (its timeouts are per read), so a
// header flood or a byte-a-second trickle would otherwise hold memory and a worker at will.
#include <cstddef>
#include <cstdint>

struct ssl_ctx_st;
struct ssl_st;

namespace lp::aggregator {

struct RequestGuardLimits {
    std::size_t max_request_bytes = 0;  // headers + body as received (TLS record payloads)
    std::size_t max_upload_bytes = 0;   // the same, for a request a route has let grow (see below)
    int request_deadline_s = 0;         // from a request's first byte to its last
};

/// Installs the guard on every connection of ctx. limits must outlive the context.
void install_request_guard(ssl_ctx_st& ctx, const RequestGuardLimits* limits);

/// Lets the connection's current request grow to max_upload_bytes. Called once its headers
/// name a route that takes large bodies, so a header flood is still cut at the small bound.
void allow_large_request(const ssl_st* ssl);

/// Starts counting afresh for the connection's next request (call when a request is done).
void reset_request_guard(const ssl_st* ssl);

/// Number of connections the guard has cut since the process started.
std::uint64_t request_guard_cuts();

}  // namespace lp::aggregator
