#pragma once
// The kiosk's data dir: kiosk.conf (key = value, every default written commented on first
// start), device.json (written by sync at enrolment; the kiosk only reads it) and the sealing
// key that follows from them.
#include <lp/kiosk/outbox.hpp>
#include <lp/shared/config_file.hpp>
#include <lp/shared/result.hpp>
#include <optional>
#include <string>

namespace lp::kiosk {

struct KioskConfig {
    long long idle_reset_s = 60;
    long long idle_warning_s = 10;
    long long thank_you_s = 20;
    long long staff_idle_s = 300;
    double staff_long_press_s = 3;
    std::string question_set = "care-leavers";
    bool question_set_explicit = false;  // true when kiosk.conf names one (staff chose it)
    bool quick = false;                  // ask only the set's "quick" questions (at most 6)
    std::string sealing_public_key;      // base64 of 32 bytes; device.json wins
    std::string staff_pin_hash;          // argon2id string from hash_password
    std::string site_name;
    std::string speech_command = "espeak-ng";
    long long purge_sent_after_days = 30;
};

std::string config_path(const std::string& data_dir);
std::string device_path(const std::string& data_dir);

/// The commented defaults written to a new kiosk.conf.
std::string default_config_text();
/// Builds a config from parsed values; invalid_input naming the key for bad numbers.
Result<KioskConfig> config_from_values(const ConfigValues& values);
/// Creates DIR (0700) and kiosk.conf if missing, then loads it.
Result<KioskConfig> load_or_create_config(const std::string& data_dir);
/// Sets one key in a config file, replacing "key = ..." or "# key = ..." or appending.
/// The file is rewritten atomically; comments and other keys stay as they were.
Status set_config_value(const std::string& path, const std::string& key, const std::string& value);

/// What the kiosk reads from device.json (written by the sync helper at enrolment).
struct DeviceInfo {
    std::string device_id;
    std::optional<SealingKey> server_public_key;
};
/// nullopt when device.json does not exist; invalid_input when it is not valid JSON.
Result<std::optional<DeviceInfo>> load_device_info(const std::string& data_dir);

/// Decodes a base64 public key; nullopt unless it is exactly 32 bytes.
std::optional<SealingKey> decode_sealing_key(const std::string& base64);
/// The key responses are sealed to: device.json's server_public_key first, else the config's
/// sealing_public_key; nullopt means "not set up yet".
std::optional<SealingKey> resolve_sealing_key(const std::optional<DeviceInfo>& device, const KioskConfig& config);

}  // namespace lp::kiosk
