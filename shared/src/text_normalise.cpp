#include <algorithm>
#include <array>
#include <lp/shared/text_normalise.hpp>
#include <unordered_set>

namespace lp::text {
namespace {

bool is_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

bool has_vowel(std::string_view s) {
    for (char c : s)
        if (is_vowel(c)) return true;
    return false;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Latin-1 Supplement letters U+00C0..U+00FF folded to their ASCII base letter ('\0' = space).
constexpr std::array<char, 64> kLatin1 = {
    'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c',  'e', 'e', 'e', 'e', 'i', 'i', 'i',  'i',  // C0..CF
    'd', 'n', 'o', 'o', 'o', 'o', 'o', '\0', 'o', 'u', 'u', 'u', 'u', 'y', '\0', 's',  // D0..DF
    'a', 'a', 'a', 'a', 'a', 'a', 'a', 'c',  'e', 'e', 'e', 'e', 'i', 'i', 'i',  'i',  // E0..EF
    'd', 'n', 'o', 'o', 'o', 'o', 'o', '\0', 'o', 'u', 'u', 'u', 'u', 'y', '\0', 'y',  // F0..FF
};

// Decodes one UTF-8 sequence at s[i]; returns the code point (0xFFFD when malformed) and
// advances i past it. Malformed input never reads out of range.
char32_t decode(std::string_view s, std::size_t& i) {
    auto b0 = static_cast<unsigned char>(s[i]);
    int len = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 1;
    if (len == 1 || i + static_cast<std::size_t>(len) > s.size()) {
        ++i;
        return 0xFFFD;
    }
    char32_t cp = b0 & (0x3F >> (len - 1));
    for (int k = 1; k < len; ++k) {
        auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
        if ((b & 0xC0) != 0x80) {
            ++i;
            return 0xFFFD;
        }
        cp = (cp << 6) | (b & 0x3F);
    }
    i += static_cast<std::size_t>(len);
    return cp;
}

}  // namespace

std::string fold(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : static_cast<char>(c));
            ++i;
            continue;
        }
        char32_t cp = decode(text, i);
        if (cp >= 0xC0 && cp <= 0xFF) {
            char base = kLatin1[cp - 0xC0];
            out.push_back(base ? base : ' ');
        } else if (cp == 0x2018 || cp == 0x2019 || cp == 0x201B || cp == 0x2032 || cp == 0x02BC) {
            out.push_back('\'');
        } else if (cp == 0x201C || cp == 0x201D || cp == 0x201E || cp == 0x2033) {
            out.push_back('"');
        } else if (cp == 0x2010 || cp == 0x2011 || cp == 0x2012 || cp == 0x2013 || cp == 0x2014 || cp == 0x2212) {
            out.push_back('-');
        } else {
            out.push_back(' ');  // nbsp, bullets, emoji, malformed bytes
        }
    }
    return out;
}

std::vector<RawToken> split_words(std::string_view folded) {
    std::vector<RawToken> tokens;
    std::size_t i = 0;
    const std::size_t n = folded.size();
    while (i < n) {
        while (i < n && !is_alnum(folded[i])) ++i;
        if (i >= n) break;
        RawToken t;
        t.begin = i;
        while (i < n) {
            char c = folded[i];
            if (is_alnum(c)) {
                t.word.push_back(c);
                ++i;
            } else if (c == '\'' && i + 1 < n && is_alnum(folded[i + 1]) && !t.word.empty()) {
                ++i;  // "don't" -> "dont", "children's" -> "childrens"
            } else {
                break;
            }
        }
        t.end = i;
        tokens.push_back(std::move(t));
    }
    return tokens;
}

std::string stem(std::string_view word) {
    std::string w(word);
    if (w.size() <= 3) return w;
    // Plurals.
    if (ends_with(w, "sses")) {
        w.resize(w.size() - 2);
    } else if (ends_with(w, "ies") && w.size() > 4) {
        w.resize(w.size() - 3);
        w.push_back('y');
    } else if (w.back() == 's' && !ends_with(w, "ss") && !ends_with(w, "us") && !ends_with(w, "is")) {
        w.pop_back();
    }
    // Verb endings.
    bool stripped = false;
    if (ends_with(w, "ing") && w.size() >= 6 && has_vowel(std::string_view(w).substr(0, w.size() - 3))) {
        w.resize(w.size() - 3);
        stripped = true;
    } else if (ends_with(w, "ed") && !ends_with(w, "eed") && w.size() >= 5 &&
               has_vowel(std::string_view(w).substr(0, w.size() - 2))) {
        w.resize(w.size() - 2);
        stripped = true;
    } else if (ends_with(w, "ly") && w.size() >= 6) {
        w.resize(w.size() - 2);
    }
    bool undoubled = false;
    if (stripped && w.size() >= 3) {
        char a = w[w.size() - 1], b = w[w.size() - 2];
        if (a == b && !is_vowel(a) && a != 'l' && a != 's' && a != 'z') {
            w.pop_back();  // running -> run
            undoubled = true;
        }
    }
    if (stripped && !undoubled && w.size() == 3 && !is_vowel(w[0]) && is_vowel(w[1]) && !is_vowel(w[2]) &&
        w[2] != 'w' && w[2] != 'x') {
        w.push_back('e');  // moved/moving -> move, noted -> note (so "note" never becomes "not")
    } else if (!stripped && w.size() >= 5 && w.back() == 'e' && !is_vowel(w[w.size() - 2])) {
        w.pop_back();  // house/housing -> hous, change/changed -> chang
    }
    return w;
}

const std::unordered_map<std::string, std::vector<std::string>>& builtin_synonyms() {
    static const std::unordered_map<std::string, std::vector<std::string>> table = {
        {"im", {"i", "am"}},
        {"ive", {"i", "have"}},
        {"id", {"i", "would"}},
        {"ill", {"i", "will"}},
        {"dont", {"do", "not"}},
        {"doesnt", {"does", "not"}},
        {"didnt", {"did", "not"}},
        {"cant", {"can", "not"}},
        {"cannot", {"can", "not"}},
        {"wont", {"will", "not"}},
        {"isnt", {"is", "not"}},
        {"aint", {"is", "not"}},
        {"wasnt", {"was", "not"}},
        {"werent", {"were", "not"}},
        {"arent", {"are", "not"}},
        {"havent", {"have", "not"}},
        {"hasnt", {"has", "not"}},
        {"wouldnt", {"would", "not"}},
        {"couldnt", {"could", "not"}},
        {"shouldnt", {"should", "not"}},
        {"dnt", {"do", "not"}},
        {"dosnt", {"does", "not"}},
        {"u", {"you"}},
        {"ya", {"you"}},
        {"ur", {"your"}},
        {"r", {"are"}},
        {"n", {"and"}},
        {"nd", {"and"}},
        {"coz", {"because"}},
        {"cos", {"because"}},
        {"cuz", {"because"}},
        {"bc", {"because"}},
        {"idk", {"i", "do", "not", "know"}},
        {"dunno", {"do", "not", "know"}},
        {"wanna", {"want", "to"}},
        {"wana", {"want", "to"}},
        {"gonna", {"going", "to"}},
        {"gona", {"going", "to"}},
        {"gotta", {"got", "to"}},
        {"ppl", {"people"}},
        {"pple", {"people"}},
        {"noone", {"no", "one"}},
        {"no1", {"no", "one"}},
        {"nobdy", {"nobody"}},
        {"rly", {"really"}},
        {"realy", {"really"}},
        {"wen", {"when"}},
        {"wot", {"what"}},
        {"wat", {"what"}},
        {"tho", {"though"}},
        {"thru", {"through"}},
        {"myslf", {"myself"}},
        {"meself", {"myself"}},
        {"mysef", {"myself"}},
        {"plz", {"please"}},
        {"pls", {"please"}},
        {"sum1", {"someone"}},
        {"some1", {"someone"}},
        {"any1", {"anyone"}},
        {"every1", {"everyone"}},
        {"b4", {"before"}},
        {"2day", {"today"}},
        {"2moro", {"tomorrow"}},
        {"gr8", {"great"}},
        {"l8r", {"later"}},
        {"wiv", {"with"}},
        {"wid", {"with"}},
        {"da", {"the"}},
        {"dat", {"that"}},
        {"dis", {"this"}},
        {"sed", {"said"}},
        {"wer", {"were"}},
        {"mi", {"my"}},
        {"ma", {"my"}},
    };
    return table;
}

SynonymMap make_synonyms(const std::map<std::string, std::string>& extra) {
    SynonymMap map = builtin_synonyms();
    for (const auto& [key, value] : extra) {
        std::string k = fold(key);
        auto key_words = split_words(k);
        if (key_words.size() != 1) continue;
        std::vector<std::string> words;
        for (auto& t : split_words(fold(value))) words.push_back(std::move(t.word));
        if (words.empty()) continue;
        map[key_words[0].word] = std::move(words);
    }
    return map;
}

void add_surface_word(const std::vector<Token>& tokens, std::string_view folded, const std::string& stem,
                      std::vector<std::string>& words) {
    for (const auto& t : tokens)
        if (t.stem == stem) {
            std::string word(folded.substr(t.surface_begin, t.surface_end - t.surface_begin));
            if (std::find(words.begin(), words.end(), word) == words.end()) words.push_back(std::move(word));
            return;
        }
}

std::vector<Token> tokenise(std::string_view folded, const SynonymMap& synonyms) {
    std::vector<Token> out;
    auto raw = split_words(folded);
    out.reserve(raw.size() + 4);
    for (const auto& t : raw) {
        auto it = synonyms.find(t.word);
        if (it == synonyms.end()) {
            out.push_back(Token{stem(t.word), t.begin, t.end});
        } else {
            for (const auto& w : it->second) out.push_back(Token{stem(w), t.begin, t.end});
        }
    }
    return out;
}

namespace {

// Words the speller must never "correct": short, frequent English words that sit one edit
// away from lexicon words (would/world, there/three, ...).
const std::vector<const char*>& common_words_list() {
    static const std::vector<const char*> words = {
        "would",     "could",    "should",  "there",    "their",    "these",     "those",    "about",      "which",
        "other",     "after",    "again",   "never",    "really",   "think",     "thing",    "great",      "where",
        "while",     "every",    "people",  "always",   "things",   "because",   "before",   "though",     "through",
        "sometimes", "better",   "little",  "mother",   "father",   "person",    "school",   "friend",     "family",
        "happy",     "pretty",   "though",  "should",   "change",   "minute",    "second",   "number",     "around",
        "almost",    "another",  "anyone",  "someone",  "nothing",  "something", "anything", "everything", "getting",
        "months",    "month",    "weeks",   "hours",    "proper",   "please",    "thanks",   "course",     "cause",
        "actual",    "actually", "honest",  "honestly", "moment",   "little",    "enough",   "worker",     "worked",
        "working",   "works",    "workers", "staying",  "starting", "started",   "stated",   "listen",     "letter",
        "better",    "bitter",   "butter",  "matter",   "latter",   "hitter",    "sister",   "brother",    "mister",
        "posted",    "poster",   "roster",  "hosted",   "housed",   "treat",     "treated",  "treats",     "cheat",
        "breath",    "heart",    "reset",   "start",    "starts",   "smart",     "sport",    "sports",
    };
    return words;
}

const std::unordered_set<std::string>& common_stems() {
    static const std::unordered_set<std::string> stems = [] {
        std::unordered_set<std::string> out;
        for (const char* w : common_words_list()) out.insert(stem(w));
        return out;
    }();
    return stems;
}

}  // namespace

void Speller::add(const std::string& s) {
    known_.emplace(s, s);
    if (s.size() < min_length_) return;
    for (std::size_t i = 0; i < s.size(); ++i) {
        std::string d = s;
        d.erase(i, 1);
        deletes_.emplace(std::move(d), s);
    }
}

std::string Speller::correct(const std::string& s) const {
    if (s.size() < min_length_ || known_.count(s) > 0 || common_stems().count(s) > 0) return {};
    // The writer left a letter out: s is a deletion variant of a known stem.
    if (auto it = deletes_.find(s); it != deletes_.end()) return it->second;
    for (std::size_t i = 0; i < s.size(); ++i) {
        std::string d = s;
        d.erase(i, 1);
        if (auto it = known_.find(d); it != known_.end() && d.size() >= min_length_) return it->second;  // extra letter
        if (auto it = deletes_.find(d); it != deletes_.end()) {
            // Substitution or transposition: same length; keep the first letter to stay cautious.
            if (it->second.size() == s.size() && it->second[0] == s[0]) return it->second;
        }
    }
    return {};
}

}  // namespace lp::text
