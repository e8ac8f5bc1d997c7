#include <algorithm>
#include <filesystem>
#include <lp/kiosk/strings.hpp>
#include <lp/shared/files.hpp>
#include <nlohmann/json.hpp>

namespace lp::kiosk {
namespace {

using Slot = const char*& (*)(Strings&);

struct Key {
    std::string name;
    Slot slot;
};

#define LP_KEY(member)                                                \
    Key {                                                             \
#member, [](Strings & s) -> const char*& { return s.member; } \
    }
#define LP_ARRAY_KEY(member, i)                                                     \
    Key {                                                                           \
#member "_" #i, [](Strings & s) -> const char*& { return s.member[i - 1]; } \
    }

const std::vector<Key>& keys() {
    static const std::vector<Key> k = {
        LP_KEY(language_name),
        LP_KEY(welcome_title),
        LP_KEY(welcome_body),
        LP_KEY(start),
        LP_KEY(settings),
        LP_KEY(settings_title),
        LP_KEY(larger_text),
        LP_KEY(high_contrast),
        LP_KEY(dyslexia_font),
        LP_KEY(read_aloud),
        LP_KEY(done),
        LP_KEY(on),
        LP_KEY(off),
        LP_KEY(age_title),
        LP_KEY(age_8_12),
        LP_KEY(age_13_17),
        LP_KEY(age_16_25),
        LP_KEY(age_unsaid),
        LP_KEY(back),
        LP_KEY(skip),
        LP_KEY(rather_not_say),
        LP_KEY(next),
        LP_KEY(question_of),
        LP_ARRAY_KEY(smiley5, 1),
        LP_ARRAY_KEY(smiley5, 2),
        LP_ARRAY_KEY(smiley5, 3),
        LP_ARRAY_KEY(smiley5, 4),
        LP_ARRAY_KEY(smiley5, 5),
        LP_ARRAY_KEY(smiley3, 1),
        LP_ARRAY_KEY(smiley3, 2),
        LP_ARRAY_KEY(smiley3, 3),
        LP_KEY(yes),
        LP_KEY(unsure),
        LP_KEY(no),
        LP_KEY(pick_any),
        LP_KEY(hear_again),
        LP_KEY(comment_hint),
        LP_KEY(space),
        LP_KEY(del),
        LP_KEY(shift),
        LP_KEY(unshift),
        LP_KEY(review_title),
        LP_KEY(review_body),
        LP_KEY(send),
        LP_KEY(skipped),
        LP_KEY(not_said),
        LP_KEY(your_comment),
        LP_KEY(no_comment),
        LP_KEY(thanks_title),
        LP_KEY(thanks_body),
        LP_KEY(thanks_help),
        LP_KEY(finish),
        LP_KEY(save_failed_title),
        LP_KEY(save_failed_body),
        LP_KEY(help_button),
        LP_KEY(help_title),
        LP_KEY(help_staff),
        LP_KEY(help_childline),
        LP_KEY(help_999),
        LP_KEY(help_flag),
        LP_KEY(help_flagged),
        LP_KEY(help_close),
        LP_KEY(idle_title),
        LP_KEY(idle_body),
        LP_KEY(still_here),
        LP_KEY(start_again),
        LP_KEY(not_set_up_title),
        LP_KEY(not_set_up_body),
        LP_KEY(staff_pin_title),
        LP_KEY(staff_choose_pin),
        LP_KEY(staff_confirm_pin),
        LP_KEY(ok),
        LP_KEY(cancel),
    };
    return k;
}
#undef LP_KEY
#undef LP_ARRAY_KEY

/// printf placeholders in order ("%d%d"), so a translation cannot crash snprintf.
std::string placeholders(const char* s) {
    std::string out;
    for (const char* p = s; *p; ++p)
        if (*p == '%' && p[1]) out += std::string(1, '%') + *++p;
    return out;
}

}  // namespace

const Strings& strings_for(const char*) {
    static const Strings en;
    return en;
}

std::vector<std::string> string_keys() {
    std::vector<std::string> names;
    for (const auto& k : keys()) names.push_back(k.name);
    return names;
}

std::vector<std::string> parse_catalogue(const std::string& json_text, Strings& out, std::deque<std::string>& storage) {
    std::vector<std::string> problems;
    nlohmann::json j = nlohmann::json::parse(json_text, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return {"not a JSON object"};
    Strings english;
    for (const auto& k : keys()) {
        auto it = j.find(k.name);
        if (it == j.end() || !it->is_string() || it->get<std::string>().empty()) {
            problems.push_back("missing key '" + k.name + "'");
            continue;
        }
        storage.push_back(it->get<std::string>());
        if (placeholders(storage.back().c_str()) != placeholders(k.slot(english))) {
            problems.push_back("key '" + k.name + "' must keep the placeholders " + placeholders(k.slot(english)));
            continue;
        }
        k.slot(out) = storage.back().c_str();
    }
    for (const auto& [name, value] : j.items()) {
        (void)value;
        bool known = std::any_of(keys().begin(), keys().end(), [&](const Key& k) { return k.name == name; });
        if (!known) problems.push_back("unknown key '" + name + "'");
    }
    return problems;
}

Catalogues Catalogues::load(const std::string& assets_dir, std::vector<std::string>* problems) {
    Catalogues c;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(assets_dir + "/i18n/kiosk", ec)) {
        if (e.path().extension() != ".json") continue;
        std::string code = e.path().stem().string();
        auto text = read_file(e.path().string());
        auto entry = std::make_unique<Entry>();
        std::vector<std::string> found =
            text ? parse_catalogue(*text, entry->strings, entry->storage) : std::vector<std::string>{"unreadable"};
        if (problems)
            for (const auto& p : found) problems->push_back(e.path().filename().string() + ": " + p);
        if (!found.empty() && found.front() == "not a JSON object") continue;
        if (!text) continue;
        c.entries_[code] = std::move(entry);
    }
    return c;
}

const Strings& Catalogues::get(std::string_view code) const {
    auto it = entries_.find(code);
    if (it != entries_.end()) return it->second->strings;
    it = entries_.find(std::string_view("en"));
    return it != entries_.end() ? it->second->strings : strings_for();
}

bool Catalogues::has(std::string_view code) const { return entries_.find(code) != entries_.end(); }

std::vector<LanguageOption> Catalogues::languages() const {
    std::vector<LanguageOption> out;
    if (has("en")) out.push_back({"en", get("en").language_name});
    for (const auto& [code, entry] : entries_)
        if (code != "en") out.push_back({code, entry->strings.language_name});
    return out;
}

const char* age_band_label(const Strings& s, AgeBand band) {
    switch (band) {
        case AgeBand::age_8_12:
            return s.age_8_12;
        case AgeBand::age_13_17:
            return s.age_13_17;
        case AgeBand::care_leaver_16_25:
            return s.age_16_25;
        case AgeBand::unsaid:
            return s.age_unsaid;
    }
    return s.age_unsaid;
}

}  // namespace lp::kiosk
