#include <lp/dashboard/html.hpp>
#include <lp/dashboard/text.hpp>

namespace lp::dashboard {

extern const char* const builtin_english_json;  // generated from en.json (dashboard_text_en.cpp)

Text::Text(std::string code, Messages messages, std::shared_ptr<const Messages> english)
    : code_(std::move(code)), messages_(std::move(messages)), english_(std::move(english)) {}

const std::string* Text::find(std::string_view key) const {
    auto it = messages_.find(key);
    if (it != messages_.end() && !it->second.empty()) return &it->second;
    if (english_) {
        auto en = english_->find(key);
        if (en != english_->end()) return &en->second;
    }
    return nullptr;
}

bool Text::has(std::string_view key) const { return find(key) != nullptr; }

std::string Text::plain(std::string_view key, const Vars& vars) const {
    const std::string* text = find(key);
    if (!text) return std::string(key);  // shows up in a page, and the pseudo-locale test catches it
    return vars.empty() ? *text : fill_placeholders(*text, vars);
}

std::string Text::html(std::string_view key, const Vars& vars) const {
    const std::string* text = find(key);
    if (!text) return html::escape(key);
    // Escaping never touches {name}, so placeholders survive it and take HTML values.
    return vars.empty() ? html::escape(*text) : fill_placeholders(html::escape(*text), vars);
}

const Messages& builtin_english_messages() {
    static const Messages english = [] {
        auto parsed = parse_messages(builtin_english_json);
        return parsed ? *parsed : Messages{};
    }();
    return english;
}

const Text& english_text() {
    static const Text text("en", {}, std::make_shared<Messages>(builtin_english_messages()));
    return text;
}

Languages::Languages() {
    texts_["en"] = std::make_unique<Text>("en", Messages{}, std::make_shared<Messages>(builtin_english_messages()));
}

Languages Languages::load(const std::string& dir, std::vector<std::string>* problems) {
    Languages out;
    auto files = load_message_dir(dir, problems);
    auto english = std::make_shared<Messages>(builtin_english_messages());
    for (const auto& f : files)
        if (f.code == "en") *english = f.messages;
    for (auto& f : files) {
        if (problems)
            for (const auto& p : compare_messages(*english, f.messages)) problems->push_back(f.code + ".json: " + p);
        out.texts_[f.code] = std::make_unique<Text>(f.code, std::move(f.messages), english);
    }
    if (!out.has("en")) out.texts_["en"] = std::make_unique<Text>("en", Messages{}, english);
    return out;
}

const Text& Languages::get(std::string_view code) const {
    auto it = texts_.find(code);
    if (it == texts_.end()) it = texts_.find(std::string_view("en"));
    return *it->second;
}

bool Languages::has(std::string_view code) const { return texts_.find(code) != texts_.end(); }

std::vector<LanguageChoice> Languages::choices() const {
    std::vector<LanguageChoice> out;
    out.push_back({"en", get("en").plain("language_name")});
    for (const auto& [code, text] : texts_)
        if (code != "en") out.push_back({code, text->plain("language_name")});
    return out;
}

std::string Languages::choose(std::string_view query, std::string_view cookie, std::string_view accept_language,
                              std::string_view configured) const {
    if (has(query)) return std::string(query);
    if (has(cookie)) return std::string(cookie);
    if (has(configured)) return std::string(configured);
    std::vector<std::string> codes;
    for (const auto& [code, text] : texts_) {
        (void)text;
        codes.push_back(code);
    }
    std::string browser = best_language(accept_language, codes);
    return browser.empty() ? std::string("en") : browser;
}

}  // namespace lp::dashboard
