// The kiosk's own on-screen keyboard. It edits the comment through events (or a staff field
// directly), so no system keyboard or IME is ever involved.
#include <algorithm>
#include <cmath>
#include <cctype>
#include <cstdio>
#include <lp/kiosk/ui/fonts.hpp>
#include <lp/kiosk/ui/screens.hpp>
#include <lp/kiosk/ui/widgets.hpp>
#include <string>
#include <vector>

namespace lp::kiosk::ui {
namespace {

struct Key {
    std::string id;  // for hit rects: "key_a", "key_space"
    std::string label;
    std::string text;  // what it types ("" for special keys)
    float weight = 1;  // relative width
    enum Kind { type, del, shift, numbers, vowel } kind = type;  // vowel: retypes the last letter in this form
};

/// Letters with accents for a language's own row: lower and upper case (UTF-8).
struct Accent {
    const char* lower;
    const char* upper;
};
std::vector<Accent> accents_for(const std::string& language) {
    if (language == "pl")
        return {{"ą", "Ą"}, {"ć", "Ć"}, {"ę", "Ę"}, {"ł", "Ł"}, {"ń", "Ń"},
                {"ó", "Ó"}, {"ś", "Ś"}, {"ź", "Ź"}, {"ż", "Ż"}};
    if (language == "ro") return {{"ă", "Ă"}, {"â", "Â"}, {"î", "Î"}, {"ș", "Ș"}, {"ț", "Ț"}};
    return {};
}

std::vector<char32_t> to_code_points(const std::string& utf8) {
    std::vector<char32_t> out;
    for (std::size_t i = 0; i < utf8.size();) {
        unsigned char c = static_cast<unsigned char>(utf8[i]);
        int n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
        char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
        for (int k = 1; k < n && i + static_cast<std::size_t>(k) < utf8.size(); ++k)
            cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + static_cast<std::size_t>(k)]) & 0x3Fu);
        out.push_back(cp);
        i += static_cast<std::size_t>(n);
    }
    return out;
}

std::string to_utf8(char32_t cp) {
    std::string s;
    if (cp < 0x80) {
        s += static_cast<char>(cp);
    } else if (cp < 0x800) {
        s += static_cast<char>(0xC0 | (cp >> 6));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        s += static_cast<char>(0xE0 | (cp >> 12));
        s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        s += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return s;
}

std::string key_id(const std::string& utf8) {
    // Hit ids stay ASCII: the code points in hex ("key_u0628").
    std::string id = "key_u";
    char buf[16];
    for (char32_t cp : to_code_points(utf8)) {
        std::snprintf(buf, sizeof buf, "%04x", static_cast<unsigned>(cp));
        id += buf;
    }
    return id;
}

}  // namespace

std::vector<std::vector<std::string>> keyboard_script_rows(const std::string& language) {
    // Arabic letters in alphabetical order (easier to find for a child than a typist's layout),
    // each row in reading order: drawn right to left, the first letter is the rightmost key.
    std::vector<std::vector<std::string>> arabic = {{"ا", "ب", "ت", "ث", "ج", "ح", "خ", "د", "ذ"},
                                                    {"ر", "ز", "س", "ش", "ص", "ض", "ط", "ظ", "ع"},
                                                    {"غ", "ف", "ق", "ك", "ل", "م", "ن", "ه", "و", "ي"},
                                                    {"ة", "ى", "ء", "أ", "إ", "آ", "ؤ", "ئ", "؟", "،"}};
    if (language == "ar") return arabic;
    // Dari: the Persian alphabet's 32 letters in order, then hamza forms and punctuation.
    if (language == "prs")
        return {{"ا", "ب", "پ", "ت", "ث", "ج", "چ", "ح", "خ", "د"},
                {"ذ", "ر", "ز", "ژ", "س", "ش", "ص", "ض", "ط", "ظ"},
                {"ع", "غ", "ف", "ق", "ک", "گ", "ل", "م", "ن"},
                {"و", "ه", "ی", "آ", "ء", "ئ", "ؤ", "؟", "،"}};
    // Pashto: its 44 letters in order (ټ ځ څ ډ ړ ږ ښ ګ ڼ ې ۍ ...), then آ and punctuation.
    if (language == "ps")
        return {{"ا", "ب", "پ", "ت", "ټ", "ث", "ج", "ځ", "چ", "څ", "ح", "خ"},
                {"د", "ډ", "ذ", "ر", "ړ", "ز", "ژ", "ږ", "س", "ش", "ښ", "ص"},
                {"ض", "ط", "ظ", "ع", "غ", "ف", "ق", "ک", "ګ", "ل", "م", "ن"},
                {"ڼ", "و", "ه", "ۀ", "ي", "ې", "ی", "ۍ", "ئ", "آ", "؟", "،"}};
    // Tigrinya: the first form (-ä) of each consonant in the fidel's order, without the
    // letters Tigrinya no longer uses (ሠ ኀ ፀ), and punctuation: three rows of twelve (six and
    // six on a portrait screen), so with the vowel row below them the keyboard is no taller
    // than Arabic's. The vowel row turns the last letter into its other forms.
    if (language == "ti")
        return {{"ሀ", "ለ", "ሐ", "መ", "ረ", "ሰ", "ሸ", "ቀ", "ቐ", "በ", "ቨ", "ተ"},
                {"ቸ", "ነ", "ኘ", "አ", "ከ", "ኸ", "ወ", "ዐ", "ዘ", "ዠ", "የ", "ደ"},
                {"ጀ", "ገ", "ጠ", "ጨ", "ጰ", "ጸ", "ፈ", "ፐ", "።", "፣", "?", "!"}};
    return {};
}

std::vector<std::string> ethiopic_forms(const std::string& letter) {
    // A syllable's seven forms are seven code points in a row: ä u i a e ə o (ለ ሉ ሊ ላ ሌ ል ሎ).
    auto cps = to_code_points(letter);
    if (cps.size() != 1 || cps[0] < 0x1200 || cps[0] > 0x135A) return {};
    const char32_t base = cps[0] - (cps[0] - 0x1200) % 8;
    std::vector<std::string> out;
    for (char32_t k = 0; k < 7; ++k) out.push_back(to_utf8(base + k));
    return out;
}

std::vector<std::string> keyboard_letters(const std::string& language) {
    std::vector<std::string> out;
    for (const auto& row : keyboard_script_rows(language)) {
        for (const auto& letter : row) {
            auto forms = ethiopic_forms(letter);
            if (forms.empty())
                out.push_back(letter);
            else
                out.insert(out.end(), forms.begin(), forms.end());  // every form the vowel row can make
        }
    }
    return out;
}

namespace {

/// One key for each ASCII character of chars, upper case when shift.
std::vector<Key> ascii_row(const char* chars, bool shift) {
    std::vector<Key> row;
    for (const char* c = chars; *c; ++c) {
        std::string t(1, shift ? static_cast<char>(std::toupper(static_cast<unsigned char>(*c))) : *c);
        row.push_back(Key{std::string("key_") + *c, t, t});
    }
    return row;
}

/// compact: numbers and emoji on a second page; accents_apart: the accent row moves there too
/// (very short screens), with "?" and "!" beside it.
std::vector<std::vector<Key>> layout(const KeyboardState& kb, bool compact, bool symbols, const Strings& s,
                                     const std::string& language, bool accents_apart = false) {
    std::vector<std::vector<Key>> rows;
    auto letters = [&](const char* chars) { return ascii_row(chars, kb.shift); };
    std::vector<Key> emoji;
    for (int i = 0; i < keyboard_emoji_count; ++i)
        emoji.push_back(Key{"emoji_" + std::to_string(i), keyboard_emoji[i], keyboard_emoji[i]});
    std::vector<Key> digits = letters("1234567890");
    if (symbols) {
        for (const char* c : {":", "/", ".", "-"}) digits.push_back(Key{std::string("key_sym") + c, c, c});
    }
    // The young person's language gets its own row of letters with accents (staff fields none).
    std::vector<Key> accents;
    if (!symbols) {
        auto list = accents_for(language);
        for (std::size_t i = 0; i < list.size(); ++i) {
            std::string t = kb.shift ? list[i].upper : list[i].lower;
            accents.push_back(Key{"acc_" + std::to_string(i), t, t});
        }
    }
    if (compact && kb.numbers) {
        // Short screens: numbers, emoji and punctuation live on their own page (staff fields: no emoji).
        if (!symbols) rows.push_back(emoji);
        rows.push_back(digits);
        std::vector<Key> punct;
        if (accents_apart && !accents.empty()) {
            punct = accents;
            for (const char* c : {"?", "!"}) punct.push_back(Key{std::string("key_p") + c, c, c});
        } else {
            for (const char* c : {".", ",", "?", "!", "'", "-", ":", "/", "(", ")"})
                punct.push_back(Key{std::string("key_p") + c, c, c});
        }
        rows.push_back(punct);
    } else {
        if (!compact && !symbols) rows.push_back(emoji);  // staff fields (addresses, codes) need none
        if (!compact) rows.push_back(digits);
        auto script = symbols ? std::vector<std::vector<std::string>>{} : keyboard_script_rows(language);
        if (!script.empty() && !kb.shift) {
            // The language's own letters; the shift key shows the Latin ones instead.
            for (const auto& r : script) {
                std::vector<Key> row;
                for (const auto& letter : r) row.push_back(Key{key_id(letter), letter, letter});
                rows.push_back(row);
            }
            if (!ethiopic_forms(script.front().front()).empty()) {
                // Ethiopic: the seven forms of the last letter typed (of አ before any), then punctuation.
                std::vector<Key> row;
                auto forms = ethiopic_forms(kb.ethiopic_base);
                for (std::size_t i = 0; i < forms.size(); ++i)
                    row.push_back(Key{"vow_" + std::to_string(i), forms[i], forms[i], 1, Key::vowel});
                rows.push_back(row);
            }
        } else {
            KeyboardState latin = kb;
            if (!script.empty()) latin.shift = false;  // Latin letters for a word like "PA", lower case
            rows.push_back(ascii_row("qwertyuiop", latin.shift));
            rows.push_back(ascii_row("asdfghjkl", latin.shift));
            std::vector<Key> last = ascii_row("zxcvbnm", latin.shift);
            last.push_back(Key{"key_comma", ",", ","});
            last.push_back(Key{"key_dot", ".", "."});
            rows.push_back(last);
        }
        if (!accents.empty() && !accents_apart) rows.push_back(accents);
    }
    std::vector<Key> bottom;
    bottom.push_back(Key{"key_shift", kb.shift ? s.unshift : s.shift, "", 1.5f, Key::shift});
    // The page key shows what is behind it: numbers, a smiley, and the first accented letter if there.
    std::string more = "123 \u263A";
    if (accents_apart && !accents.empty()) more = "123 " + accents.front().label;
    if (compact) bottom.push_back(Key{"key_numbers", kb.numbers ? "abc" : more, "", 1.8f, Key::numbers});
    bottom.push_back(Key{"key_space", s.space, " ", 4.5f});
    bottom.push_back(Key{"key_delete", s.del, "", 2.0f, Key::del});
    rows.push_back(bottom);
    return rows;
}

/// Short, wide screens: the bottom row's keys join the three rows above (delete after the first,
/// the page key after the second, shift before and space after the third), so the keys keep
/// their height with one row fewer.
std::vector<std::vector<Key>> merge_bottom_row(std::vector<std::vector<Key>> rows) {
    if (rows.size() != 4) return rows;
    std::vector<Key> bottom = rows.back();
    rows.pop_back();
    for (auto& k : bottom) {
        switch (k.kind) {
            case Key::del:
                k.weight = 1.6f;
                rows[0].push_back(k);
                break;
            case Key::numbers:
                k.weight = 1.6f;
                rows[1].push_back(k);
                break;
            case Key::shift:
                k.weight = 1.4f;
                rows[2].insert(rows[2].begin(), k);
                break;
            case Key::type:  // space
                k.weight = 2.4f;
                rows[2].push_back(k);
                break;
            case Key::vowel:  // never in the bottom row
                break;
        }
    }
    return rows;
}

/// How the keyboard is arranged: all rows, numbers and emoji on a second page, the accents
/// there too, and the bottom row merged into the others; each a step for shorter screens.
struct Arrangement {
    bool compact = false;
    bool accents_apart = false;
    bool merged = false;
};

/// The rows of one page for an arrangement, rows too wide for keys of min_w split in two.
std::vector<std::vector<Key>> arrange(const KeyboardState& kb, const Arrangement& a, bool symbols, const Strings& s,
                                      const std::string& language, float width, float gap, float min_w,
                                      bool* split = nullptr) {
    auto page = layout(kb, a.compact, symbols, s, language, a.accents_apart);
    if (a.merged) page = merge_bottom_row(std::move(page));
    std::vector<std::vector<Key>> rows;
    for (auto& row : page) {
        float weights = 0;
        for (const auto& k : row) weights += k.weight;
        if (weights * min_w + gap * (static_cast<float>(row.size()) - 1) > width && row.size() > 1) {
            // Narrow (portrait) screens: a row that cannot keep its keys min_w wide goes on two lines.
            if (split) *split = true;
            std::size_t half = (row.size() + 1) / 2;
            rows.emplace_back(row.begin(), row.begin() + static_cast<std::ptrdiff_t>(half));
            rows.emplace_back(row.begin() + static_cast<std::ptrdiff_t>(half), row.end());
        } else {
            rows.push_back(std::move(row));
        }
    }
    return rows;
}

/// The arrangement for this space: the first whose pages (letters and numbers alike) all fit
/// with keys min_key tall, else the one with the fewest rows. Decided for both pages at once, so
/// it does not flip while the young person switches pages.
Arrangement choose(const KeyboardState& kb, bool symbols, const Strings& s, const std::string& language, float width,
                   float height, float gap, float min_h, int* rows_needed = nullptr) {
    const Arrangement options[] = {
        {false, false, false}, {true, false, false}, {true, true, false}, {true, true, true}};
    Arrangement best = options[0];
    int best_rows = 1 << 20;
    for (const auto& a : options) {
        int rows = 0;
        bool split = false;
        for (bool numbers : {false, true}) {
            if (numbers && !a.compact) continue;
            KeyboardState page = kb;
            page.numbers = numbers;
            rows = std::max(rows,
                            static_cast<int>(arrange(page, a, symbols, s, language, width, gap, min_h, &split).size()));
        }
        if (a.merged && split) continue;  // merging is for wide screens only
        if (static_cast<float>(rows) * (min_h + gap) - gap <= height) {
            best = a;
            best_rows = rows;
            break;
        }
        if (rows < best_rows) {
            best = a;
            best_rows = rows;
        }
    }
    if (rows_needed) *rows_needed = best_rows;
    return best;
}

constexpr float min_key = 48;  // the kiosk's touch target, also at the largest text size

/// The keyboard's own area: narrow screens use the whole width with thin gaps.
void keyboard_span(const Metrics& m, ImVec2& min, ImVec2& max, float& gap) {
    gap = std::max(4.0f, m.gap * 0.5f);
    if ((max.x - min.x - 9 * gap) / 10 < min_key + 4) {
        min.x = 0;
        max.x = m.width;
        gap = 2;
    }
}

}  // namespace

float keyboard_min_height(const FrameInput& in, float left, float right, bool with_symbols) {
    ImVec2 min(left, 0), max(right, 0);
    float gap = 0;
    keyboard_span(in.metrics, min, max, gap);
    int rows = 0;
    choose(KeyboardState{}, with_symbols, in.strings, in.flow.language(), max.x - min.x, 0, gap, min_key, &rows);
    return static_cast<float>(rows) * (min_key + gap) - gap;
}

void draw_keyboard(const FrameInput& in, UiState& st, KeyboardState& kb, ImVec2 min, ImVec2 max, UiEvents& out,
                   std::string* target, bool with_symbols) {
    const Metrics& m = in.metrics;
    float avail_h = max.y - min.y;
    float gap = 0;
    keyboard_span(m, min, max, gap);
    const Strings& labels = in.strings;
    const Arrangement a = choose(kb, with_symbols, labels, in.flow.language(), max.x - min.x, avail_h, gap, min_key);
    auto rows = arrange(kb, a, with_symbols, labels, in.flow.language(), max.x - min.x, gap, min_key);
    float n = static_cast<float>(rows.size());
    // Fill the space, but never run past it (the footer is below), nor under the touch target.
    float key_h = std::max(min_key, std::floor(std::min(96.0f, (avail_h - gap * (n - 1)) / n)));
    float total_h = key_h * n + gap * (n - 1);
    // Whole pixels: a key at y 401.3 would measure 47.99 px high in floats.
    float y = std::round(min.y + std::max(0.0f, avail_h - total_h));
    // Large text on a short screen: letters that would not fit the keys come from the small font.
    ImFont* key_font = in.fonts.body->FontSize <= key_h - 4 ? in.fonts.body : in.fonts.small;
    ImFont* emoji_font = in.fonts.emoji->FontSize <= key_h - 4 ? in.fonts.emoji : key_font;
    // Rows of letters keep the same key size: that of the longest row of up to ten keys.
    std::size_t cols = 1;
    for (const auto& row : rows)
        if (row.size() <= 10) cols = std::max(cols, row.size());
    float width = max.x - min.x;
    for (const auto& row : rows) {
        float weights = 0;
        for (const auto& k : row) weights += k.weight;
        // Rows of letters keep the same key size; shorter rows are centred.
        const float fc = static_cast<float>(cols);
        float unit =
            std::min((width - gap * (static_cast<float>(row.size()) - 1)) / weights,
                     (width - gap * (fc - 1)) / fc * (row.size() > cols ? fc / static_cast<float>(row.size()) : 1.0f));
        float row_w = unit * weights + gap * (static_cast<float>(row.size()) - 1);
        float x = min.x + std::max(0.0f, (width - row_w) * 0.5f);
        for (const auto& k : row) {
            float w = unit * k.weight;
            bool is_emoji = k.id.rfind("emoji_", 0) == 0;
            ImFont* font = is_emoji ? emoji_font : key_font;
            ButtonStyle style = (k.kind == Key::shift && kb.shift) || (k.kind == Key::numbers && kb.numbers)
                                    ? ButtonStyle::selected
                                    : ButtonStyle::plain;
            // Very short keys: the label drawn smaller still, so it stays inside its key.
            float px = std::min(font->FontSize, key_h * 0.8f);
            float tw = font->CalcTextSizeA(px, 1e9f, 0.0f, k.label.c_str()).x;
            float room = w - 2 * std::min(m.body_px * 0.5f, key_h * 0.12f) - 4;  // big_button's padding
            // Never under 24 px, the kiosk's smallest text (the weights leave room for that).
            if (tw > room) px = std::max(std::min(font->FontSize, 24.0f), px * room / tw);
            if (big_button(in, st, k.id.c_str(), k.label.c_str(), ImVec2(x, y), ImVec2(w, key_h), style, Icon::none,
                           font, px)) {
                switch (k.kind) {
                    case Key::vowel:
                        // Another form of the letter just typed replaces it (ለ, then ሉ: "ሉ").
                        if (kb.retype_last && !target) out.push_back(ev::DeleteChar{});
                        if (!target) out.push_back(ev::TypeText{k.text});
                        kb.retype_last = !target;
                        break;
                    case Key::type:
                        if (target)
                            *target += k.text;
                        else
                            out.push_back(ev::TypeText{k.text});
                        kb.retype_last = !ethiopic_forms(k.text).empty();
                        if (kb.retype_last) kb.ethiopic_base = k.text;
                        if (kb.shift && ((k.text.size() == 1 && std::isalpha(static_cast<unsigned char>(k.text[0]))) ||
                                         k.id.rfind("acc_", 0) == 0))
                            kb.shift = false;  // one capital, like a phone keyboard
                        break;
                    case Key::del:
                        kb.retype_last = false;
                        if (target) {
                            if (!target->empty()) {
                                std::size_t i = target->size();
                                do {
                                    --i;
                                } while (i > 0 && (static_cast<unsigned char>((*target)[i]) & 0xC0) == 0x80);
                                target->erase(i);
                            }
                        } else {
                            out.push_back(ev::DeleteChar{});
                        }
                        break;
                    case Key::shift:
                        kb.shift = !kb.shift;
                        break;
                    case Key::numbers:
                        kb.numbers = !kb.numbers;
                        break;
                }
                if (!target) {
                    // Keys are taps too: keep the idle timer fresh even for shift.
                    if (k.kind == Key::shift || k.kind == Key::numbers) out.push_back(ev::StillHere{});
                }
            }
            x += w + gap;
        }
        y += std::round(key_h + gap);
    }
}

}  // namespace lp::kiosk::ui
