#include <lp/shared/config_file.hpp>
#include <lp/shared/files.hpp>

#include <cerrno>
#include <cstdlib>
#include <sstream>

namespace lp {
namespace {

std::string trim(const std::string& s) {
    auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return {};
    auto e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

}  // namespace

Result<ConfigValues> parse_config(const std::string& text, const std::string& origin) {
    ConfigValues out;
    std::istringstream in(text);
    std::string line;
    int n = 0;
    while (std::getline(in, line)) {
        ++n;
        std::string t = trim(line);
        if (t.empty() || t[0] == '#') continue;
        auto eq = t.find('=');
        if (eq == std::string::npos)
            return Result<ConfigValues>::fail(Errc::invalid_input,
                                              origin + " line " + std::to_string(n) + ": expected 'key = value'");
        std::string key = trim(t.substr(0, eq));
        std::string value = trim(t.substr(eq + 1));
        if (key.empty())
            return Result<ConfigValues>::fail(Errc::invalid_input,
                                              origin + " line " + std::to_string(n) + ": missing key before '='");
        if (!value.empty() && value[0] == '"') {
            auto close = value.find('"', 1);
            if (close == std::string::npos)
                return Result<ConfigValues>::fail(
                    Errc::invalid_input, origin + " line " + std::to_string(n) + ": unterminated quoted value");
            value = value.substr(1, close - 1);
        } else {
            auto hash = value.find(" #");
            if (hash != std::string::npos) value = trim(value.substr(0, hash));
        }
        out[key] = value;
    }
    return out;
}

Result<ConfigValues> load_config_file(const std::string& path) {
    auto text = read_file(path);
    if (!text) return Result<ConfigValues>(text.error());
    return parse_config(*text, path);
}

Result<ConfigValues> load_config_file_if_any(const std::string& path) {
    auto values = load_config_file(path);
    if (!values && values.error().code == Errc::not_found) return ConfigValues{};
    return values;
}

Result<long long> config_int(const ConfigValues& c, const std::string& key, long long fallback) {
    auto it = c.find(key);
    if (it == c.end()) return fallback;
    errno = 0;
    char* end = nullptr;
    long long v = std::strtoll(it->second.c_str(), &end, 10);
    if (errno != 0 || end == it->second.c_str() || *end != '\0')
        return Result<long long>::fail(Errc::invalid_input,
                                       "config '" + key + "' must be a whole number, got '" + it->second + "'");
    return v;
}

Result<bool> config_bool(const ConfigValues& c, const std::string& key, bool fallback) {
    auto it = c.find(key);
    if (it == c.end()) return fallback;
    if (it->second == "true" || it->second == "yes" || it->second == "1") return true;
    if (it->second == "false" || it->second == "no" || it->second == "0") return false;
    return Result<bool>::fail(Errc::invalid_input, "config '" + key + "' must be true or false, got '" + it->second + "'");
}

std::string config_string(const ConfigValues& c, const std::string& key, const std::string& fallback) {
    auto it = c.find(key);
    return it == c.end() ? fallback : it->second;
}

std::vector<std::string> comma_list(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream list(text);
    for (std::string item; std::getline(list, item, ',');) {
        item.erase(0, item.find_first_not_of(" \t"));
        item.erase(item.find_last_not_of(" \t") + 1);
        if (!item.empty()) out.push_back(item);
    }
    return out;
}

}  // namespace lp
