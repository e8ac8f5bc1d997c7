#pragma once
// Translation catalogues: one JSON object per language, {"key": "text"}, in a folder such as
// assets/i18n/kiosk/ or assets/i18n/dashboard/ (the file name is the language code: pl.json).
// The kiosk and the dashboard both read their catalogues through these functions, so the rules
// (every key everywhere, no unknown keys, placeholders kept) are the same for both.
#include <lp/shared/result.hpp>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lp {

/// One language's texts by key.
using Messages = std::map<std::string, std::string, std::less<>>;

/// Parses one catalogue: a JSON object whose values are strings. invalid_input when it is not.
Result<Messages> parse_messages(const std::string& json_text);

/// A text's placeholders, so a translation can be checked to keep them: printf ones in order
/// ("%d%s", "%%" too), then named ones sorted ("{n}{site}"), since word order may change.
std::string placeholders_of(std::string_view text);

/// A translation's optional review record: the native speaker who checked it and when
/// ("reviewed_by": "A. Name", "reviewed_on": "2026-12-07"). Until both are set the language is
/// marked "not yet reviewed by a native speaker" where staff choose languages.
inline constexpr const char* review_by_key = "reviewed_by";
inline constexpr const char* review_on_key = "reviewed_on";
/// The key is one of the two review keys (optional in every catalogue).
bool is_review_key(std::string_view key);
/// Both review keys are set: a name, and a date written YYYY-MM-DD.
bool reviewed_by_native_speaker(const Messages& messages);

/// What is wrong with `translation` next to the reference language: missing or empty keys, keys
/// the reference has not (the review keys are optional), changed placeholders, a review record
/// with only one half or a date not written YYYY-MM-DD. Each problem names the key.
std::vector<std::string> compare_messages(const Messages& reference, const Messages& translation);

struct MessageFile {
    std::string code;  // "pl", from pl.json
    Messages messages;
};

/// Every DIR/*.json, sorted by code. A file that is not a catalogue is named in `problems` and left out.
std::vector<MessageFile> load_message_dir(const std::string& dir, std::vector<std::string>* problems = nullptr);

/// Named placeholders filled in: "{n} comments" with {{"n", "3"}} is "3 comments". Names not in
/// `values` stay as they are.
std::string fill_placeholders(std::string_view text, const std::vector<std::pair<std::string, std::string>>& values);

/// The best of `available` codes for an Accept-Language header ("pl-PL,pl;q=0.9,en;q=0.5"):
/// the highest q first, "pl-PL" also matching "pl". "" when none matches.
std::string best_language(std::string_view accept_language, const std::vector<std::string>& available);

}  // namespace lp
