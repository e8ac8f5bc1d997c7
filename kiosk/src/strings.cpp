#include <cstdarg>
#include <cstdio>
#include <lp/kiosk/strings.hpp>
#include <lp/shared/translations.hpp>

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
        LP_KEY(age_4_7),
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
        LP_KEY(comment_safety),
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
        LP_KEY(all_done),
        LP_KEY(who_helped),
        LP_KEY(on_my_own),
        LP_KEY(grown_up_helped),
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
        LP_KEY(staff_title),
        LP_KEY(staff_title_site),
        LP_KEY(staff_leave),
        LP_KEY(staff_server),
        LP_KEY(staff_code),
        LP_KEY(staff_enrol_go),
        LP_KEY(staff_answers_title),
        LP_KEY(staff_counts),
        LP_KEY(staff_help_waiting),
        LP_KEY(staff_held_back),
        LP_KEY(staff_problem),
        LP_KEY(staff_salvage),
        LP_KEY(staff_unsaved),
        LP_KEY(staff_retry),
        LP_KEY(staff_sending_title),
        LP_KEY(staff_enrolled_yes),
        LP_KEY(staff_enrolled_no),
        LP_KEY(staff_last_sent),
        LP_KEY(staff_never),
        LP_KEY(staff_last_problem),
        LP_KEY(staff_no_sync),
        LP_KEY(staff_sending_now),
        LP_KEY(staff_sync_now),
        LP_KEY(staff_enrol),
        LP_KEY(staff_questions_title),
        LP_KEY(staff_showing),
        LP_KEY(staff_settings_title),
        LP_KEY(staff_idle),
        LP_KEY(staff_idle_minus),
        LP_KEY(staff_idle_plus),
        LP_KEY(staff_change_pin),
        LP_KEY(staff_not_reviewed),
        LP_KEY(staff_no_key),
        LP_KEY(staff_store_still_broken),
        LP_KEY(staff_saved_some),
        LP_KEY(staff_enrolling),
        LP_KEY(staff_set_failed),
        LP_KEY(staff_now_showing),
        LP_KEY(staff_setting_failed),
        LP_KEY(staff_no_damaged),
        LP_KEY(staff_salvaged),
        LP_KEY(staff_disk_full),
        LP_KEY(staff_write_failed),
        LP_KEY(staff_damaged_store),
        LP_KEY(staff_damaged_when),
        LP_KEY(staff_damaged_held),
        LP_KEY(staff_damaged_held_at_least),
        LP_KEY(staff_damaged_back),
        LP_KEY(pin_rule),
        LP_KEY(pin_mismatch),
        LP_KEY(pin_save_failed),
        LP_KEY(pin_saved),
        LP_KEY(pin_wrong),
        LP_KEY(pin_locked),
        LP_KEY(pin_locked_soon),
        LP_KEY(pin_none),
        LP_KEY(sync_no_reach),
        LP_KEY(sync_not_proven),
        LP_KEY(sync_bad_address),
        LP_KEY(sync_removed),
        LP_KEY(sync_busy),
        LP_KEY(sync_server_problem),
        LP_KEY(sync_too_large),
        LP_KEY(sync_refused),
        LP_KEY(sync_not_understood),
        LP_KEY(sync_store_closed),
        LP_KEY(sync_code_failed),
        LP_KEY(sync_enrol_missing),
        LP_KEY(you_said),
        LP_KEY(we_did),
    };
    return k;
}
#undef LP_KEY
#undef LP_ARRAY_KEY

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

std::vector<std::string> young_persons_keys() {
    std::vector<std::string> names;
    for (const auto& k : keys()) {
        if (k.name == "staff_pin_title") break;  // the staff screens start here
        names.push_back(k.name);
    }
    names.push_back("you_said");
    names.push_back("we_did");
    return names;
}

bool is_under_8s_key(std::string_view key) {
    for (const char* k : {"age_4_7", "all_done", "who_helped", "on_my_own", "grown_up_helped", "smiley3_1", "smiley3_2",
                          "smiley3_3", "next"})
        if (key == k) return true;
    return false;
}

const char* string_value(const Strings& s, std::string_view key) {
    Strings copy = s;  // the slots hand out references into a Strings; read them from a copy
    for (const auto& k : keys())
        if (k.name == key) return k.slot(copy);
    return nullptr;
}

namespace {

/// Fills `out` from a catalogue's messages; a missing key or one with changed placeholders keeps
/// its English (and is named in the problems).
std::vector<std::string> fill_strings(const Messages& messages, Strings& out, std::deque<std::string>& storage) {
    Strings english;
    Messages reference;
    for (const auto& k : keys()) reference.emplace(k.name, k.slot(english));
    for (const auto& k : keys()) {
        auto it = messages.find(k.name);
        if (it == messages.end() || it->second.empty() ||
            placeholders_of(it->second) != placeholders_of(k.slot(english)))
            continue;
        storage.push_back(it->second);
        k.slot(out) = storage.back().c_str();
    }
    return compare_messages(reference, messages);
}

}  // namespace

std::vector<std::string> parse_catalogue(const std::string& json_text, Strings& out, std::deque<std::string>& storage) {
    auto parsed = parse_messages(json_text);
    if (!parsed) return {parsed.error().message};
    return fill_strings(*parsed, out, storage);
}

std::string format_text(const char* format, ...) {
    std::va_list args;
    va_start(args, format);
    std::va_list again;
    va_copy(again, args);
    const int n = std::vsnprintf(nullptr, 0, format, args);
    va_end(args);
    std::string out(n > 0 ? static_cast<std::size_t>(n) : 0, '\0');
    if (n > 0) std::vsnprintf(out.data(), out.size() + 1, format, again);
    va_end(again);
    return out;
}

Catalogues Catalogues::load(const std::string& assets_dir, std::vector<std::string>* problems) {
    Catalogues c;
    for (auto& file : load_message_dir(assets_dir + "/i18n/kiosk", problems)) {
        auto entry = std::make_unique<Entry>();
        for (const auto& p : fill_strings(file.messages, entry->strings, entry->storage))
            if (problems) problems->push_back(file.code + ".json: " + p);
        entry->reviewed = file.code == "en" || reviewed_by_native_speaker(file.messages);
        c.entries_[file.code] = std::move(entry);
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

std::vector<LanguageOption> Catalogues::unreviewed() const {
    std::vector<LanguageOption> out;
    for (const auto& [code, entry] : entries_)
        if (!entry->reviewed) out.push_back({code, entry->strings.language_name});
    return out;
}

std::string translate_plain_words(const Strings& s, const std::string& english) {
    using Member = const char* Strings::*;
    static const Member sentences[] = {
        &Strings::sync_no_reach,     &Strings::sync_not_proven,  &Strings::sync_bad_address,
        &Strings::sync_removed,      &Strings::sync_busy,        &Strings::sync_server_problem,
        &Strings::sync_too_large,    &Strings::sync_refused,     &Strings::sync_not_understood,
        &Strings::sync_store_closed, &Strings::sync_code_failed, &Strings::sync_enrol_missing,
        &Strings::staff_no_sync,
    };
    const Strings& en = strings_for();
    const Member* best = nullptr;
    std::size_t best_len = 0;
    for (const Member& m : sentences) {
        const std::string_view known = en.*m;
        if (known.size() > best_len && english.compare(0, known.size(), known) == 0) {
            best = &m;
            best_len = known.size();
        }
    }
    return best ? std::string(s.**best) + english.substr(best_len) : english;
}

const char* age_band_label(const Strings& s, AgeBand band) {
    switch (band) {
        case AgeBand::age_4_7:
            return s.age_4_7;
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
