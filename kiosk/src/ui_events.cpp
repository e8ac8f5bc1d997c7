#include <lp/kiosk/ui_events.hpp>

namespace lp::kiosk {

const char* event_name(const UiEvent& e) noexcept {
    static const char* const names[] = {
        "Start",
        "OpenAccessibility",
        "SetAccessibility",
        "CloseAccessibility",
        "ChooseAge",
        "AnswerScale",
        "AnswerChoice",
        "ToggleChip",
        "Next",
        "Skip",
        "RatherNotSay",
        "Back",
        "EditQuestion",
        "TypeText",
        "DeleteChar",
        "Send",
        "StartAgain",
        "OpenHelp",
        "FlagForFollowUp",
        "CloseHelp",
        "StillHere",
        "ReadAloudAgain",
        "DismissMessage",
        "StaffGesture",
        "PinDigit",
        "PinDelete",
        "PinSubmit",
        "PinCancel",
        "LeaveStaff",
        "SyncNow",
        "Enrol",
        "ChooseQuestionSet",
        "RetryUnsaved",
        "ChangeIdleReset",
        "ChangePin",
        "SetLanguage",
        "SalvageDamaged",
        "AnswerFace",
    };
    static_assert(sizeof(names) / sizeof(names[0]) == std::variant_size_v<UiEvent>, "one name per event");
    return names[e.index()];
}

}  // namespace lp::kiosk
