#pragma once
// The pseudo-language's markers: every catalogue string shows as [[…]] in the "qps" language, so
// a test can take the marked parts out and see what was drawn or written without the catalogue.
// Shared by the kiosk's and the dashboard's i18n tests.
#include <string>

namespace lp::testing {

/// Text with the [[…]] parts (nested too) taken out. keep_inside: a character kept even inside
/// them (0: none).
inline std::string without_markers(const std::string& text, char keep_inside = 0) {
    std::string out;
    int depth = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text.compare(i, 2, "[[") == 0) {
            ++depth;
            ++i;
        } else if (depth > 0 && text.compare(i, 2, "]]") == 0) {
            --depth;
            ++i;
        } else if (depth == 0 || (keep_inside != 0 && text[i] == keep_inside)) {
            out += text[i];
        }
    }
    return out;
}

}  // namespace lp::testing
