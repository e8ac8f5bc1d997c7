#pragma once
// Accessibility choices a young person makes on the attract screen. They last for one
// person's session only and are wiped with the answers.

namespace lp::kiosk {

struct AccessibilitySettings {
    bool larger_text = false;
    bool high_contrast = false;
    bool dyslexia_font = false;  // OpenDyslexic
    bool read_aloud = false;     // espeak-ng reads each question

    bool operator==(const AccessibilitySettings& o) const {
        return larger_text == o.larger_text && high_contrast == o.high_contrast && dyslexia_font == o.dyslexia_font &&
               read_aloud == o.read_aloud;
    }
    bool operator!=(const AccessibilitySettings& o) const { return !(*this == o); }
};

}  // namespace lp::kiosk
