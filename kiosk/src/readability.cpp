#include <algorithm>
#include <cctype>
#include <cstdio>
#include <lp/kiosk/readability.hpp>

// The formula is the Flesch-Kincaid grade level:
//   grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59
// from J. P. Kincaid, R. P. Fishburne, R. L. Rogers and B. S. Chissom, "Derivation of new
// readability formulas (Automated Readability Index, Fog Count and Flesch Reading Ease Formula)
// for Navy enlisted personnel", Research Branch Report 8-75, Naval Technical Training Command,
// 1975. A US school grade maps to a reading age of grade + 5.

namespace lp::kiosk {
namespace {

bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

std::string letters_only(std::string_view word) {
    std::string w;
    for (char c : word)
        if (std::isalpha(static_cast<unsigned char>(c))) w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return w;
}

bool ends_with(const std::string& s, std::string_view tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

int syllables_of_part(const std::string& w) {
    if (w.empty()) return 0;
    int groups = 0;
    bool in_vowels = false;
    for (char c : w) {
        bool v = is_vowel(c);
        if (v && !in_vowels) ++groups;
        in_vowels = v;
    }
    // A silent final e ("live", "name"), but "-le" after a consonant is its own syllable ("little").
    if (groups > 1 && ends_with(w, "e") && !ends_with(w, "ee") && !ends_with(w, "ye") &&
        !(ends_with(w, "le") && w.size() > 2 && !is_vowel(w[w.size() - 3])))
        --groups;
    // "-ed" is silent except after t or d ("helped" 1, "wanted" 2); "-es" only sounds after a hiss.
    else if (groups > 1 && ends_with(w, "ed") && w.size() > 3 && w[w.size() - 3] != 't' && w[w.size() - 3] != 'd' &&
             !is_vowel(w[w.size() - 3]))
        --groups;
    else if (groups > 1 && ends_with(w, "es") && w.size() > 3 && !is_vowel(w[w.size() - 3])) {
        char h = w[w.size() - 3];
        bool hiss = h == 's' || h == 'x' || h == 'z' || ends_with(w, "ches") || ends_with(w, "shes") ||
                    ends_with(w, "ges") || ends_with(w, "ces");
        if (!hiss) --groups;
    }
    return std::max(1, groups);
}

std::vector<std::string> split_words(std::string_view text) {
    std::vector<std::string> words;
    std::string cur;
    for (char c : text) {
        if (std::isspace(static_cast<unsigned char>(c)) || c == '/' || c == '(' || c == ')') {
            if (!cur.empty()) words.push_back(cur);
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!cur.empty()) words.push_back(cur);
    // A token with no letter or digit ("-", "—") is punctuation, not a word.
    words.erase(std::remove_if(words.begin(), words.end(),
                               [](const std::string& w) {
                                   return std::none_of(w.begin(), w.end(), [](char c) {
                                       return std::isalnum(static_cast<unsigned char>(c)) || c == '%';
                                   });
                               }),
                words.end());
    return words;
}

bool ends_sentence(const std::string& word) {
    std::string w = word;
    while (!w.empty() && (w.back() == '"' || w.back() == '\'' || w.back() == ')')) w.pop_back();
    return !w.empty() && (w.back() == '.' || w.back() == '!' || w.back() == '?' || w.back() == ':');
}

const ReadingLimit limits[] = {
    // band, max grade, max words a sentence, max syllables a word in short texts, min words scored
    {"4-7", 3.0, 10, 2, 4},
    {"8-12", 4.0, 15, 3, 5},
    {"13-17", 6.0, 15, 4, 5},
    {"16-25", 7.0, 15, 4, 5},
};

}  // namespace

int english_syllables(std::string_view word) {
    // Hyphenated words ("grown-ups") are two words said together.
    int total = 0;
    std::size_t start = 0;
    while (start <= word.size()) {
        std::size_t dash = word.find('-', start);
        std::string_view part = word.substr(start, dash == std::string_view::npos ? std::string_view::npos : dash - start);
        total += syllables_of_part(letters_only(part));
        if (dash == std::string_view::npos) break;
        start = dash + 1;
    }
    return std::max(1, total);
}

ReadabilityScore score_english(std::string_view text) {
    ReadabilityScore s;
    int in_sentence = 0;
    for (const auto& w : split_words(text)) {
        int syl = english_syllables(w);
        ++s.words;
        ++in_sentence;
        s.syllables += syl;
        s.longest_word_syllables = std::max(s.longest_word_syllables, syl);
        if (ends_sentence(w)) {
            ++s.sentences;
            s.longest_sentence_words = std::max(s.longest_sentence_words, in_sentence);
            in_sentence = 0;
        }
    }
    if (in_sentence > 0) {
        ++s.sentences;
        s.longest_sentence_words = std::max(s.longest_sentence_words, in_sentence);
    }
    if (s.words > 0)
        s.grade = 0.39 * s.words / s.sentences + 11.8 * s.syllables / s.words - 15.59;
    return s;
}

const ReadingLimit& reading_limit(std::string_view band) {
    for (const auto& l : limits)
        if (band == l.band) return l;
    return limits[1];
}

ReadingCheck check_reading(std::string where, std::string_view band, std::string_view text) {
    ReadingCheck c{std::move(where), std::string(band), std::string(text), score_english(text), {}};
    const ReadingLimit& l = reading_limit(band);
    char buf[160];
    if (c.score.longest_sentence_words > l.max_sentence_words) {
        std::snprintf(buf, sizeof buf, "a sentence of %d words (at most %d for %s)", c.score.longest_sentence_words,
                      l.max_sentence_words, l.band);
        c.problem = buf;
    } else if (c.score.words >= l.min_scored_words && c.score.grade > l.max_grade) {
        std::snprintf(buf, sizeof buf, "grade %.1f, reading age %.0f (at most grade %.0f for %s)", c.score.grade,
                      c.score.grade + 5, l.max_grade, l.band);
        c.problem = buf;
    } else if (c.score.words < l.min_scored_words && c.score.longest_word_syllables > l.max_word_syllables) {
        std::snprintf(buf, sizeof buf, "a word of %d syllables in a short text (at most %d for %s)",
                      c.score.longest_word_syllables, l.max_word_syllables, l.band);
        c.problem = buf;
    }
    return c;
}

std::vector<ReadingCheck> check_question_set(const QuestionSet& set) {
    std::vector<ReadingCheck> out;
    for (const auto& q : set.questions) {
        const std::string where = set.id + ": " + q.id;
        if (!q.text_4_7.empty()) out.push_back(check_reading(where + " (4-7)", "4-7", q.text_4_7));
        out.push_back(check_reading(where + " (8-12)", "8-12", q.text_8_12));
        out.push_back(check_reading(where + " (13-17)", "13-17", q.text_13_17));
        out.push_back(check_reading(where + " (16-25)", "16-25", q.text_16_25));
        // Chip labels are the same for every band, so the youngest band's limit applies.
        for (const auto& o : q.options)
            out.push_back(check_reading(where + " option " + o.id, q.text_4_7.empty() ? "8-12" : "4-7", o.label));
    }
    return out;
}

std::vector<ReadingCheck> check_kiosk_strings(const Strings& english) {
    std::vector<ReadingCheck> out;
    for (const auto& key : young_persons_keys()) {
        const char* text = string_value(english, key);
        if (!text) continue;
        out.push_back(check_reading("kiosk: " + key, is_under_8s_key(key) ? "4-7" : "8-12", text));
    }
    return out;
}

}  // namespace lp::kiosk
