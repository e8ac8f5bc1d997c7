#include <lp/shared/json_util.hpp>

#include <sstream>

namespace lp {
namespace {

// Nesting is checked before parsing so a hostile body cannot make the parser build a deep tree.
bool depth_within(std::string_view text, int max_depth) {
    int depth = 0;
    bool in_string = false, escaped = false;
    for (char c : text) {
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
            continue;
        }
        if (c == '"') in_string = true;
        else if (c == '[' || c == '{') {
            if (++depth > max_depth) return false;
        } else if (c == ']' || c == '}') --depth;
    }
    return true;
}

}  // namespace

Result<nlohmann::json> parse_json(std::string_view text, int max_depth) {
    if (!depth_within(text, max_depth))
        return Result<nlohmann::json>::fail(Errc::invalid_input,
                                            "JSON is nested more than " + std::to_string(max_depth) + " levels deep");
    try {
        return nlohmann::json::parse(text.begin(), text.end());
    } catch (const nlohmann::json::parse_error& e) {
        return Result<nlohmann::json>::fail(Errc::invalid_input,
                                            "not valid JSON at byte " + std::to_string(e.byte) + ": " +
                                                std::string(e.what()).substr(std::string(e.what()).find(':') + 2));
    } catch (const nlohmann::json::exception& e) {
        // e.g. out_of_range for a number such as 1e999
        return Result<nlohmann::json>::fail(Errc::invalid_input, std::string("JSON value not accepted: ") + e.what());
    }
}

bool is_slug(std::string_view s, std::size_t max_len) {
    if (s.empty() || s.size() > max_len) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

std::string to_json_list(const std::vector<std::string>& v) { return nlohmann::json(v).dump(); }

std::vector<std::string> from_json_list(const std::string& text) {
    auto j = nlohmann::json::parse(text, nullptr, false);
    std::vector<std::string> out;
    if (j.is_array())
        for (const auto& e : j)
            if (e.is_string()) out.push_back(e.get<std::string>());
    return out;
}

Status for_each_json_line(const std::string& jsonl, const std::function<void(const nlohmann::json&)>& each) {
    std::istringstream in(jsonl);
    std::size_t number = 0;
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        try {
            each(nlohmann::json::parse(line));
        } catch (const std::exception& e) {
            return Error{Errc::invalid_input, "line " + std::to_string(number) + ": " + e.what()};
        }
    }
    return ok_status();
}

}  // namespace lp
