#pragma once
// Enrolment: trade a single-use code for a device id, token, keys and the question set.
#include <lp/shared/result.hpp>
#include <lp/client/device_config.hpp>
#include <lp/client/http_client.hpp>
#include <string>

namespace lp::sync {

struct EnrolRequest {
    std::string data_dir;
    std::string server_url;  // https://host:port (http only on loopback)
    std::string code;
    std::string name;     // shown to managers; defaults to the host name
    std::string ca_file;  // PEM of a self-signed server; copied to DIR/server-ca.pem
    /// "sha256//…" as printed by `lp-aggregator enrol-code`. With a pin and no ca_file the
    /// server is trusted by its key alone and its certificate is saved as DIR/server-ca.pem.
    std::string pin;
};

/// POSTs /api/v1/enrol and writes DIR/device.json (0600) and DIR/question-set.json. On failure
/// nothing is written and the error message is in plain words for staff (e.g. a used code is
/// invalid_input "That code did not work …", an unreachable server is network).
Result<DeviceConfig> enrol(const EnrolRequest& request, const HttpTimeouts& timeouts = {});

}  // namespace lp::sync
