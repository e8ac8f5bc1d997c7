#pragma once
// lp-loadgen: many simulated kiosks against a real aggregator (or nginx in front of several).
// Every kiosk enrols with a single-use code, seals responses with the server's key, and sends
// its outbox through the real sync library (lp::sync::SyncEngine) on a schedule; every
// acknowledgement is checked, and the store itself is read at the end to prove nothing was
// lost or stored twice.
#include <lp/shared/result.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace lp::loadgen {

struct Options {
    std::string server_url;          // https://127.0.0.1:PORT (loopback only)
    std::string ca_file;             // the server's certificate (self-signed)
    std::vector<std::string> codes;  // one enrolment code per kiosk
    std::string work_dir;            // per-kiosk device.json etc. live here
    int kiosks = 1000;
    int responses_per_kiosk = 10;
    int create_every_ms = 1000;      // a kiosk saves one response this often
    int sync_every_ms = 2000;        // and syncs its outbox at most this often
    int batch_size = 100;
    int threads = 16;                // kiosks are simulated by this many workers
    int duration_s = 300;            // hard limit on the whole run
    std::string verify_store;        // store spec to read back at the end ("" = skip)
    std::string verify_base_dir;     // resolves a relative sqlite: path
    // Mints a fresh code when an enrolment reply was lost and the retry finds the code used
    // up (a code is single-use by design); staff would do the same. Empty: count a failure.
    std::function<Result<std::string>()> replacement_code;
};

struct Report {
    std::int64_t kiosks_enrolled = 0;
    std::int64_t enrol_failures = 0;
    std::int64_t codes_replaced = 0;  // enrolment replies lost in transit, retried with a new code
    std::int64_t sent = 0;          // responses created and queued
    std::int64_t acknowledged = 0;  // distinct responses the server acknowledged (stored or duplicate)
    std::int64_t reacknowledged = 0;  // an id acknowledged again (never expected)
    std::int64_t rejected = 0;      // quarantined after a refusal
    std::int64_t pending = 0;       // still unacknowledged at the end
    std::int64_t batches = 0;
    std::map<std::string, std::int64_t> errors;  // failed sync passes by kind
    double p50_ms = 0, p95_ms = 0, p99_ms = 0, max_ms = 0;  // per batch, as the kiosk sees it
    double enrol_s = 0, sync_s = 0;  // wall time of the two phases
    double responses_per_s = 0;      // acknowledged / sync_s
    bool verified = false;           // the store was read back
    std::int64_t in_store = 0;       // rows of our kiosks in the store
    std::int64_t lost = 0;           // acknowledged but not in the store
    std::int64_t duplicated = 0;     // in the store more than once (same sealed bytes) or unknown extras
    std::string verify_error;
    bool timed_out = false;

    /// True when nothing was lost, duplicated, left pending or failed to enrol.
    bool clean() const;
};

/// Runs the whole simulation; never throws.
Report run(const Options& options);

/// The report as one JSON object.
std::string to_json(const Report& r, const Options& o);
/// The report as a few human-readable lines.
std::string to_text(const Report& r);

}  // namespace lp::loadgen
