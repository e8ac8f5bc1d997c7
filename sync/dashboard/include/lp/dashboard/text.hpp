#pragma once
// The dashboard's words, from translation catalogues: assets/i18n/dashboard/<code>.json (the same
// format and checks as the kiosk's, lp/shared/translations.hpp). English is complete and also
// compiled in, so a page always has words; another language's missing keys show in English.
// Placeholders are named: "{n} comments match". Plural forms are separate keys (_one, _other).
#include <lp/shared/translations.hpp>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lp::dashboard {

/// Values for a text's {name} placeholders.
using Vars = std::vector<std::pair<std::string, std::string>>;

/// One language's words.
class Text {
public:
    Text(std::string code, Messages messages, std::shared_ptr<const Messages> english);
    const std::string& code() const { return code_; }
    /// The words for key with placeholders filled, not escaped (for text escaped later, e.g. a
    /// page title or an SVG title). A key no catalogue has comes back as the key itself.
    std::string plain(std::string_view key, const Vars& vars = {}) const;
    /// The words for key, HTML-escaped; the placeholder values are inserted as they are, so they
    /// must be HTML already (escape data first).
    std::string html(std::string_view key, const Vars& vars = {}) const;
    /// Whether this language or English has key.
    bool has(std::string_view key) const;

private:
    const std::string* find(std::string_view key) const;
    std::string code_;
    Messages messages_;
    std::shared_ptr<const Messages> english_;
};

/// The compiled-in English catalogue (assets/i18n/dashboard/en.json at build time).
const Messages& builtin_english_messages();
/// English words from the compiled-in catalogue: for views given no language.
const Text& english_text();

struct LanguageChoice {
    std::string code;
    std::string name;  // in its own language: "Polski"
};

/// Every loaded dashboard language.
class Languages {
public:
    /// Only the compiled-in English.
    Languages();
    /// Loads DIR/*.json (e.g. assets/i18n/dashboard); DIR/en.json replaces the compiled-in English.
    /// Each catalogue's problems next to English (missing, unknown keys, placeholders) go to problems.
    static Languages load(const std::string& dir, std::vector<std::string>* problems = nullptr);
    /// The words of a language; English for one not loaded.
    const Text& get(std::string_view code) const;
    bool has(std::string_view code) const;
    /// English first, then the others by code.
    std::vector<LanguageChoice> choices() const;
    /// The language for a request: a ?lang= choice, else the lp_lang cookie, else the configured
    /// `language` (dashboard.conf), else the browser's Accept-Language, else English. Codes that
    /// are not loaded are passed over.
    std::string choose(std::string_view query, std::string_view cookie, std::string_view accept_language,
                       std::string_view configured) const;

private:
    std::map<std::string, std::unique_ptr<Text>, std::less<>> texts_;
};

}  // namespace lp::dashboard
