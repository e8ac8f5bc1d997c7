#pragma once
// What enrolment gives a kiosk, kept in DIR/device.json (mode 0600: it holds the token).
#include <array>
#include <lp/shared/crypto.hpp>
#include <lp/shared/result.hpp>
#include <string>

namespace lp::sync {

struct DeviceConfig {
    std::string device_id;
    std::string server_url;
    std::string token;
    std::string server_public_key;  // base64 of the aggregator's 32-byte sealing key
    std::string tls_pin;            // "sha256//<base64>"
    std::string ca_file;            // "" = system trust store

    /// The sealing key decoded; nullopt when server_public_key is not 32 bytes of base64.
    std::optional<std::array<std::uint8_t, crypto::public_key_bytes>> sealing_key() const;
};

std::string device_config_path(const std::string& data_dir);
std::string question_set_path(const std::string& data_dir);
std::string question_set_etag_path(const std::string& data_dir);

/// Reads DIR/device.json; not_found when the kiosk is not enrolled, invalid_input when damaged.
Result<DeviceConfig> load_device_config(const std::string& data_dir);
/// Writes DIR/device.json atomically with mode 0600.
Status save_device_config(const std::string& data_dir, const DeviceConfig& config);

}  // namespace lp::sync
