#pragma once
// Every word the young person sees, in plain words (reading age about 9). The words come from
// translation catalogues, assets/i18n/kiosk/<language>.json (one key per member below); the
// English here is only the fallback for a missing file and must match en.json.
#include <deque>
#include <lp/shared/model.hpp>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lp::kiosk {

struct Strings {
    const char* language_name = "English";  // the language's own name, on its button
    // Attract
    const char* welcome_title = "Have your say";
    const char* welcome_body = "Tell us what is good and what could be better. You don't give your name.";
    const char* start = "Start";
    const char* settings = "Make it easier to read";
    // Accessibility
    const char* settings_title = "Make it easier to read";
    const char* larger_text = "Bigger text";
    const char* high_contrast = "Strong colours";
    const char* dyslexia_font = "Easier letters";
    const char* read_aloud = "Read it out loud";
    const char* done = "Done";
    const char* on = "On";
    const char* off = "Off";
    // Age band
    const char* age_title = "How old are you?";
    const char* age_4_7 = "4 to 7";
    const char* age_8_12 = "8 to 12";
    const char* age_13_17 = "13 to 17";
    const char* age_16_25 = "Care leaver (16 to 25)";
    const char* age_unsaid = "I'd rather not say";
    // Questions
    const char* back = "Back";
    const char* skip = "Skip";
    const char* rather_not_say = "Rather not say";
    const char* next = "Next";
    const char* question_of = "Question %d of %d";
    const char* smiley5[5] = {"Really bad", "Bad", "OK", "Good", "Really good"};
    const char* smiley3[3] = {"Bad", "OK", "Good"};
    const char* yes = "Yes";
    const char* unsure = "Not sure";
    const char* no = "No";
    const char* pick_any = "Tap all that fit, then Next.";
    const char* hear_again = "Read it again";
    // Comment
    const char* comment_hint = "Type here with the keys below. You can leave it empty.";
    // Shown before the comment box: what happens if a young person writes that someone hurts them.
    const char* comment_safety =
        "A grown-up reads every message. If someone is hurting you, they may need to act to keep you safe. "
        "They will not know who you are.";
    const char* space = "space";
    const char* del = "delete";
    const char* shift = "ABC";
    const char* unshift = "abc";
    // Review
    const char* review_title = "Ready to send?";
    const char* review_body = "Here is what you said. Tap one to change it.";
    const char* send = "Send";
    const char* skipped = "Skipped";
    const char* not_said = "Rather not say";
    const char* your_comment = "Your message";
    const char* no_comment = "No message";
    // The end of the under-8s path: either button sends
    const char* all_done = "All done!";
    const char* who_helped = "Did a grown-up help you?";
    const char* on_my_own = "I did it on my own";
    const char* grown_up_helped = "A grown-up helped me";
    // Thank you
    const char* thanks_title = "Thank you!";
    const char* thanks_body =
        "Your answers are saved, without your name. The people who run services read what young "
        "people say. They use it to make things better.";
    const char* thanks_help = "You asked to talk to someone. Please tell a member of staff now, so they can help.";
    const char* finish = "Finish";
    // Save failed
    const char* save_failed_title = "Sorry, something went wrong";
    const char* save_failed_body =
        "We couldn't save this, please tell a member of staff. Your answers are kept safe here "
        "until they fix it.";
    // Help
    const char* help_button = "I need to talk to someone";
    const char* help_title = "Help is here";
    const char* help_staff = "Staff here can help you now. Go and find someone who works here.";
    const char* help_childline = "Childline: 0800 1111. Free, any time, day or night.";
    const char* help_999 = "If someone is hurt or in danger, call 999.";
    const char* help_flag = "Ask staff to talk to me";
    const char* help_flagged = "Done. Staff will see that you want to talk. You can also tell them now.";
    const char* help_close = "Go back";
    // Idle
    const char* idle_title = "Are you still there?";
    const char* idle_body = "We will start again in %d seconds, and clear your answers.";
    const char* still_here = "I'm still here";
    const char* start_again = "Start again";
    // Not set up
    const char* not_set_up_title = "This kiosk is not ready yet";
    const char* not_set_up_body = "A member of staff needs to set it up.";
    // Staff
    const char* staff_pin_title = "Staff PIN";
    const char* staff_choose_pin = "Choose a staff PIN (4 to 8 numbers)";
    const char* staff_confirm_pin = "Type the new PIN again";
    const char* ok = "OK";
    const char* cancel = "Cancel";
    // Staff screen (printf placeholders: a translation keeps them, in the same order)
    const char* staff_title = "Staff";
    const char* staff_title_site = "Staff \xE2\x80\x94 %s";
    const char* staff_leave = "Lock and leave";
    const char* staff_server = "Server: %s";
    const char* staff_code = "Code: %s";
    const char* staff_enrol_go = "Enrol";
    const char* staff_answers_title = "Answers on this kiosk";
    const char* staff_counts = "Stored: %d    Waiting to send: %d    Sent: %d    Held back: %d";
    const char* staff_help_waiting = "Asked to talk to someone: %d (waiting to send)";
    const char* staff_held_back = "Held back %s";
    const char* staff_problem = "Problem: %s";
    const char* staff_salvage = "Bring answers back";
    const char* staff_unsaved = "%d answers could not be saved and are kept in memory.";
    const char* staff_retry = "Try saving again";
    const char* staff_sending_title = "Sending";
    const char* staff_enrolled_yes = "Enrolled: yes";
    const char* staff_enrolled_no = "Enrolled: no";
    const char* staff_last_sent = "Last sent: %s";
    const char* staff_never = "never";
    const char* staff_last_problem = "Last problem: %s";
    const char* staff_no_sync = "Sending answers is not part of this kiosk program yet.";
    const char* staff_sending_now = "Sending now: %d%%";
    const char* staff_sync_now = "Sync now";
    const char* staff_enrol = "Enrol this kiosk";
    const char* staff_questions_title = "Questions";
    const char* staff_showing = "Showing: %s (version %d)";
    const char* staff_settings_title = "Settings";
    const char* staff_idle = "Start again after %d seconds without a touch";
    const char* staff_idle_minus = "-10 s";
    const char* staff_idle_plus = "+10 s";
    const char* staff_change_pin = "Change PIN";
    const char* staff_not_reviewed = "Not yet reviewed by a native speaker: %s";
    // Staff messages (after a staff action)
    const char* staff_no_key = "This kiosk has no key to lock answers with yet. Enrol it first.";
    const char* staff_store_still_broken = "Still can't open the answer store: %s";
    const char* staff_saved_some = "Saved %d. Still waiting: %d.";
    const char* staff_enrolling = "Enrolling...";
    const char* staff_set_failed = "Could not change the question set: %s";
    const char* staff_now_showing = "Now showing: %s";
    const char* staff_setting_failed = "Could not save the setting: %s";
    const char* staff_no_damaged = "There is no damaged answer store to bring answers back from.";
    const char* staff_salvaged = "Brought back %d answers (%d were back already, %d were damaged and left out).";
    const char* staff_disk_full = "The disk is full. Answers are kept in memory until you free some space.";
    const char* staff_write_failed = "The answers could not be written (%s). They are kept in memory.";
    const char* staff_damaged_store = "The answer store was damaged, so a new one was started. Details:";
    const char* staff_damaged_when = "On %s the answer store was damaged, so a new one was started.";
    const char* staff_damaged_held = "Answers in the old file: %d (not sent yet: %d).";
    const char* staff_damaged_held_at_least = "Answers in the old file: at least %d (not sent yet: %d).";
    const char* staff_damaged_back = "Answers brought back so far: %d.";
    // Staff PIN messages
    const char* pin_rule = "Use 4 to 8 numbers.";
    const char* pin_mismatch = "The two PINs were different. Try again.";
    const char* pin_save_failed = "Could not save the PIN: %s";
    const char* pin_saved = "The new PIN is saved.";
    const char* pin_wrong = "Wrong PIN. %d tries left.";
    const char* pin_locked = "Too many wrong tries. Try again in 5 minutes.";
    const char* pin_locked_soon = "Too many wrong tries. Try again in a few minutes.";
    const char* pin_none = "No PIN yet. Choose one.";
    // Sync's own sentences (lp_sync_client writes them in English; translate_plain_words() swaps
    // them). A sentence ending in ':' is followed by details that stay as they are.
    const char* sync_no_reach = "Can't reach the server: check the Wi-Fi";
    const char* sync_not_proven = "The server did not prove who it is, so nothing was sent: ask your administrator";
    const char* sync_bad_address = "The server address is not allowed: it must start with https://";
    const char* sync_removed = "This kiosk was removed from the service: enrol it again";
    const char* sync_busy = "The server is busy: answers are kept and will be sent later";
    const char* sync_server_problem = "The server has a problem: answers are kept and will be sent later";
    const char* sync_too_large = "The server refused a batch as too large";
    const char* sync_refused = "The server refused the answers:";
    const char* sync_not_understood = "The server gave an answer the kiosk does not understand: answers are kept";
    const char* sync_store_closed = "The kiosk cannot open its answers store:";
    const char* sync_code_failed =
        "That code did not work (it may be used up or expired): ask for a new one. Server said:";
    const char* sync_enrol_missing = "Enrolling is not part of this kiosk program yet.";
    // "You said, we did" on the attract screen
    const char* you_said = "You said: %s";
    const char* we_did = "We did: %s";
};

/// The built-in English strings (the fallback when no catalogue is loaded).
const Strings& strings_for(const char* language = "en");

/// Every catalogue key, e.g. "welcome_title", "smiley5_1".
std::vector<std::string> string_keys();

/// The keys a young person reads (everything before the staff screens), in catalogue order.
std::vector<std::string> young_persons_keys();
/// The keys only the under-8s path shows (their limit is the 4-7 one), e.g. "grown_up_helped".
bool is_under_8s_key(std::string_view key);
/// A string by catalogue key; nullptr for an unknown key.
const char* string_value(const Strings& s, std::string_view key);

/// Fills `out` from one catalogue's JSON (strings kept alive in `storage`). Returns the problems:
/// bad JSON, missing keys (left as they were), keys that do not exist, %d placeholders that
/// differ from English.
std::vector<std::string> parse_catalogue(const std::string& json_text, Strings& out, std::deque<std::string>& storage);

struct LanguageOption {
    std::string code;  // "pl"
    std::string name;  // "Polski"
};

/// All loaded kiosk catalogues.
class Catalogues {
public:
    /// Loads every DIR/i18n/kiosk/*.json. A catalogue's problems are appended to `problems`
    /// (its missing keys show in English); a file that is not JSON is left out.
    static Catalogues load(const std::string& assets_dir, std::vector<std::string>* problems = nullptr);
    /// The strings for a language; English for one that is not loaded.
    const Strings& get(std::string_view code) const;
    bool has(std::string_view code) const;
    /// English first, then the others by code.
    std::vector<LanguageOption> languages() const;
    /// The languages whose catalogue has no native speaker's review recorded (reviewed_by and
    /// reviewed_on), by code; English, the source, is never among them.
    std::vector<LanguageOption> unreviewed() const;

private:
    struct Entry {
        std::deque<std::string> storage;
        Strings strings;
        bool reviewed = false;
    };
    std::map<std::string, std::unique_ptr<Entry>, std::less<>> entries_;
};

/// A catalogue text with its printf placeholders filled (the catalogue check keeps them as in
/// English, so the arguments always match).
std::string format_text(const char* format, ...) __attribute__((format(printf, 1, 2)));

/// A sentence from sync (English, e.g. "Can't reach the server: check the Wi-Fi") in s's words:
/// a known sentence at the start is swapped, details after it stay; an unknown one stays English.
std::string translate_plain_words(const Strings& s, const std::string& english);

/// Label of an age band, e.g. "13 to 17".
const char* age_band_label(const Strings& s, AgeBand band);

}  // namespace lp::kiosk
