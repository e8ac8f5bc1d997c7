#include <algorithm>
#include <lp/shared/files.hpp>
#include <lp/shared/json_util.hpp>
#include <lp/client/device_config.hpp>

namespace lp::sync {

std::string device_config_path(const std::string& data_dir) { return data_dir + "/device.json"; }
std::string question_set_path(const std::string& data_dir) { return data_dir + "/question-set.json"; }
std::string question_set_etag_path(const std::string& data_dir) { return data_dir + "/question-set.etag"; }

std::optional<std::array<std::uint8_t, crypto::public_key_bytes>> DeviceConfig::sealing_key() const {
    auto bytes = crypto::from_base64(server_public_key);
    if (!bytes || bytes->size() != crypto::public_key_bytes) return std::nullopt;
    std::array<std::uint8_t, crypto::public_key_bytes> key{};
    std::copy(bytes->begin(), bytes->end(), key.begin());
    return key;
}

Result<DeviceConfig> load_device_config(const std::string& data_dir) {
    const std::string path = device_config_path(data_dir);
    auto text = read_file(path);
    if (!text) return text.error();
    auto json = parse_json(*text);
    if (!json || !json->is_object())
        return Result<DeviceConfig>::fail(Errc::invalid_input, path + " is damaged: enrol again");
    DeviceConfig c;
    auto get = [&](const char* key, std::string& out, bool required) {
        auto it = json->find(key);
        if (it != json->end() && it->is_string()) {
            out = it->get<std::string>();
            return true;
        }
        return !required;
    };
    if (!get("device_id", c.device_id, true) || !get("server_url", c.server_url, true) ||
        !get("token", c.token, true) || !get("server_public_key", c.server_public_key, true) ||
        !get("tls_pin", c.tls_pin, false) || !get("ca_file", c.ca_file, false))
        return Result<DeviceConfig>::fail(Errc::invalid_input, path + " misses a field: enrol again");
    return c;
}

Status save_device_config(const std::string& data_dir, const DeviceConfig& c) {
    nlohmann::json j = {{"device_id", c.device_id}, {"server_url", c.server_url},
                        {"token", c.token},         {"server_public_key", c.server_public_key},
                        {"tls_pin", c.tls_pin},     {"ca_file", c.ca_file}};
    return write_file_atomic(device_config_path(data_dir), j.dump(2) + "\n", 0600);
}

}  // namespace lp::sync
