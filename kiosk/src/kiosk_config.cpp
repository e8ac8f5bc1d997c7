#include <lp/kiosk/kiosk_config.hpp>
#include <lp/shared/crypto.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/json_util.hpp>
#include <sstream>

namespace lp::kiosk {

std::string config_path(const std::string& data_dir) { return data_dir + "/kiosk.conf"; }
std::string device_path(const std::string& data_dir) { return data_dir + "/device.json"; }

std::string default_config_text() {
    return R"(# Listening Post kiosk settings. Lines are "key = value"; '#' starts a comment.
# Every setting below shows its default. Remove the '#' to change one.

# Seconds without a touch before the kiosk goes back to the start and wipes the answers.
# idle_reset_s = 60
# The last part of that time shows "Are you still there?" with a countdown.
# idle_warning_s = 10
# Seconds the thank-you screen stays before the start screen comes back.
# thank_you_s = 20
# Seconds without a touch before staff mode locks itself.
# staff_idle_s = 300
# Seconds to hold the top-left corner to open staff mode.
# staff_long_press_s = 3

# Which question set to show (a file in assets/question-sets/ without ".json").
# A newer set delivered by sync (question-set.json here) wins unless you set this.
# question_set = care-leavers
# The quick path: only the set's questions marked "quick" (at most 6). Under-8s always get
# their own short path. true or false.
# quick = false

# The aggregator's public key (base64, 32 bytes) that answers are sealed to. Enrolment
# writes device.json, which wins over this. With neither, the kiosk collects nothing.
# sealing_public_key =

# Staff PIN as an argon2id hash. Set it with: lp-kiosk set-pin --data DIR
# staff_pin_hash =

# Name shown in staff mode.
# site_name =

# Program used to read questions aloud (offline).
# speech_command = espeak-ng

# Sent answers are removed from this kiosk after this many days.
# purge_sent_after_days = 30
)";
}

Result<KioskConfig> config_from_values(const ConfigValues& values) {
    KioskConfig c;
    auto num = [&](const char* key, long long& out) -> Status {
        auto v = config_int(values, key, out);
        if (!v) return v.error();
        if (*v < 0) return Status::fail(Errc::invalid_input, std::string(key) + " must not be negative");
        out = *v;
        return ok_status();
    };
    for (auto [key, out] : {std::pair<const char*, long long*>{"idle_reset_s", &c.idle_reset_s},
                            {"idle_warning_s", &c.idle_warning_s},
                            {"thank_you_s", &c.thank_you_s},
                            {"staff_idle_s", &c.staff_idle_s},
                            {"purge_sent_after_days", &c.purge_sent_after_days}}) {
        if (auto s = num(key, *out); !s) return s.error();
    }
    if (values.count("staff_long_press_s")) {
        try {
            c.staff_long_press_s = std::stod(values.at("staff_long_press_s"));
        } catch (const std::exception&) {
            return Result<KioskConfig>::fail(Errc::invalid_input, "staff_long_press_s must be a number of seconds");
        }
    }
    if (c.idle_reset_s < 5) return Result<KioskConfig>::fail(Errc::invalid_input, "idle_reset_s must be at least 5");
    if (c.idle_warning_s >= c.idle_reset_s)
        return Result<KioskConfig>::fail(Errc::invalid_input, "idle_warning_s must be less than idle_reset_s");
    c.question_set_explicit = values.count("question_set") > 0;
    c.question_set = config_string(values, "question_set", c.question_set);
    const std::string quick = config_string(values, "quick", "false");
    if (quick != "true" && quick != "false")
        return Result<KioskConfig>::fail(Errc::invalid_input, "quick must be true or false");
    c.quick = quick == "true";
    c.sealing_public_key = config_string(values, "sealing_public_key", "");
    c.staff_pin_hash = config_string(values, "staff_pin_hash", "");
    c.site_name = config_string(values, "site_name", "");
    c.speech_command = config_string(values, "speech_command", c.speech_command);
    return c;
}

Result<KioskConfig> load_or_create_config(const std::string& data_dir) {
    if (auto s = make_dirs(data_dir, 0700); !s) return s.error();
    std::string path = config_path(data_dir);
    if (!file_exists(path)) {
        if (auto s = write_file_atomic(path, default_config_text(), 0600); !s) return s.error();
    }
    auto values = load_config_file(path);
    if (!values) return values.error();
    auto c = config_from_values(*values);
    if (!c) return Result<KioskConfig>::fail(c.error().code, path + ": " + c.error().message);
    return c;
}

Status set_config_value(const std::string& path, const std::string& key, const std::string& value) {
    auto text = read_file(path);
    std::string old = text ? *text : (text.error().code == Errc::not_found ? std::string() : "");
    if (!text && text.error().code != Errc::not_found) return text.error();
    std::istringstream in(old);
    std::ostringstream out;
    std::string line;
    bool done = false;
    const std::string new_line = key + " = " + value;
    auto is_key_line = [&](const std::string& l, bool commented) {
        std::size_t i = l.find_first_not_of(" \t");
        if (i == std::string::npos) return false;
        if (commented) {
            if (l[i] != '#') return false;
            i = l.find_first_not_of(" \t", i + 1);
            if (i == std::string::npos) return false;
        }
        if (l.compare(i, key.size(), key) != 0) return false;
        std::size_t j = l.find_first_not_of(" \t", i + key.size());
        return j != std::string::npos && l[j] == '=';
    };
    // First pass: replace a live setting; if none, replace the commented default.
    std::vector<std::string> lines;
    while (std::getline(in, line)) lines.push_back(line);
    for (auto& l : lines)
        if (!done && is_key_line(l, false)) {
            l = new_line;
            done = true;
        }
    for (auto& l : lines)
        if (!done && is_key_line(l, true)) {
            l = new_line;
            done = true;
        }
    if (!done) lines.push_back(new_line);
    for (const auto& l : lines) out << l << '\n';
    return write_file_atomic(path, out.str(), 0600);
}

std::optional<SealingKey> decode_sealing_key(const std::string& base64) {
    if (base64.empty()) return std::nullopt;
    auto bytes = crypto::from_base64(base64);
    if (!bytes || bytes->size() != SealingKey().size()) return std::nullopt;
    SealingKey k{};
    std::copy(bytes->begin(), bytes->end(), k.begin());
    return k;
}

Result<std::optional<DeviceInfo>> load_device_info(const std::string& data_dir) {
    std::string path = device_path(data_dir);
    auto text = read_file(path);
    if (!text) {
        if (text.error().code == Errc::not_found) return std::optional<DeviceInfo>();
        return text.error();
    }
    auto j = parse_json(*text);
    if (!j) return Result<std::optional<DeviceInfo>>::fail(Errc::invalid_input, path + ": " + j.error().message);
    if (!j->is_object())
        return Result<std::optional<DeviceInfo>>::fail(Errc::invalid_input, path + ": not a JSON object");
    DeviceInfo d;
    if (j->contains("device_id") && (*j)["device_id"].is_string()) d.device_id = (*j)["device_id"].get<std::string>();
    if (j->contains("server_public_key") && (*j)["server_public_key"].is_string())
        d.server_public_key = decode_sealing_key((*j)["server_public_key"].get<std::string>());
    return std::optional<DeviceInfo>(std::move(d));
}

std::optional<SealingKey> resolve_sealing_key(const std::optional<DeviceInfo>& device, const KioskConfig& config) {
    if (device && device->server_public_key) return device->server_public_key;
    return decode_sealing_key(config.sealing_public_key);
}

}  // namespace lp::kiosk
