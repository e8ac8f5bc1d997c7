#include <algorithm>
#include <cctype>
#include <filesystem>
#include <lp/shared/files.hpp>
#include <lp/shared/translations.hpp>
#include <nlohmann/json.hpp>

namespace lp {

Result<Messages> parse_messages(const std::string& json_text) {
    nlohmann::json j = nlohmann::json::parse(json_text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return Error{Errc::invalid_input, "not a JSON object"};
    Messages out;
    for (const auto& [key, value] : j.items()) {
        if (!value.is_string()) return Error{Errc::invalid_input, "key '" + key + "' is not a string"};
        out.emplace(key, value.get<std::string>());
    }
    return out;
}

std::string placeholders_of(std::string_view text) {
    std::string printf_like;
    std::vector<std::string> named;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 1 < text.size()) {
            printf_like += text.substr(i, 2);
            ++i;
        } else if (text[i] == '{') {
            const auto end = text.find('}', i);
            if (end == std::string_view::npos) break;
            const auto name = text.substr(i + 1, end - i - 1);
            const bool word = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
                return std::islower(static_cast<unsigned char>(c)) || c == '_';
            });
            if (word) named.emplace_back(text.substr(i, end - i + 1));
            i = end;
        }
    }
    std::sort(named.begin(), named.end());
    for (const auto& n : named) printf_like += n;
    return printf_like;
}

std::vector<std::string> compare_messages(const Messages& reference, const Messages& translation) {
    std::vector<std::string> problems;
    for (const auto& [key, text] : reference) {
        auto it = translation.find(key);
        if (it == translation.end() || it->second.empty()) {
            problems.push_back("missing key '" + key + "'");
            continue;
        }
        if (placeholders_of(it->second) != placeholders_of(text))
            problems.push_back("key '" + key + "' must keep the placeholders " + placeholders_of(text));
    }
    for (const auto& [key, text] : translation) {
        (void)text;
        if (reference.find(key) == reference.end() && !is_review_key(key))
            problems.push_back("unknown key '" + key + "'");
    }
    if (!reviewed_by_native_speaker(translation) &&
        (translation.count(review_by_key) != 0 || translation.count(review_on_key) != 0))
        problems.push_back("'" + std::string(review_by_key) + "' needs a name and '" + std::string(review_on_key) +
                           "' a date like 2026-12-07");
    return problems;
}

bool is_review_key(std::string_view key) { return key == review_by_key || key == review_on_key; }

bool reviewed_by_native_speaker(const Messages& messages) {
    auto by = messages.find(review_by_key);
    auto on = messages.find(review_on_key);
    if (by == messages.end() || on == messages.end() || by->second.find_first_not_of(' ') == std::string::npos)
        return false;
    const std::string& d = on->second;  // YYYY-MM-DD
    if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
        if (!std::isdigit(static_cast<unsigned char>(d[i]))) return false;
    return true;
}

std::vector<MessageFile> load_message_dir(const std::string& dir, std::vector<std::string>* problems) {
    std::vector<MessageFile> out;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
        if (e.path().extension() != ".json") continue;
        const std::string name = e.path().filename().string();
        auto text = read_file(e.path().string());
        auto messages = text ? parse_messages(*text) : Result<Messages>(text.error());
        if (!messages) {
            if (problems) problems->push_back(name + ": " + messages.error().message);
            continue;
        }
        out.push_back({e.path().stem().string(), std::move(*messages)});
    }
    std::sort(out.begin(), out.end(), [](const MessageFile& a, const MessageFile& b) { return a.code < b.code; });
    return out;
}

std::string fill_placeholders(std::string_view text, const std::vector<std::pair<std::string, std::string>>& values) {
    std::string out;
    out.reserve(text.size() + 32);
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '{') {
            const auto end = text.find('}', i);
            if (end != std::string_view::npos) {
                const auto name = text.substr(i + 1, end - i - 1);
                auto it = std::find_if(values.begin(), values.end(), [&](const auto& v) { return v.first == name; });
                if (it != values.end()) {
                    out += it->second;
                    i = end;
                    continue;
                }
            }
        }
        out += text[i];
    }
    return out;
}

std::string best_language(std::string_view accept_language, const std::vector<std::string>& available) {
    std::string best;
    double best_q = 0;
    std::size_t pos = 0;
    while (pos < accept_language.size()) {
        std::size_t end = accept_language.find(',', pos);
        if (end == std::string_view::npos) end = accept_language.size();
        std::string part(accept_language.substr(pos, end - pos));
        pos = end + 1;
        double q = 1.0;
        if (auto semi = part.find(';'); semi != std::string::npos) {
            auto qpos = part.find("q=", semi);
            if (qpos != std::string::npos) q = std::atof(part.c_str() + qpos + 2);
            part.resize(semi);
        }
        part.erase(std::remove(part.begin(), part.end(), ' '), part.end());
        std::transform(part.begin(), part.end(), part.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (part.empty() || q <= best_q) continue;
        const std::string primary = part.substr(0, part.find('-'));
        for (const std::string& code : available)
            if (code == part || code == primary) {
                best = code;
                best_q = q;
                break;
            }
    }
    return best;
}

}  // namespace lp
