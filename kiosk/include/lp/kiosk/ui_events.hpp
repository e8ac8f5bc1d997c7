#pragma once
// Small events the screens emit. They are applied in one place (KioskSession::apply) after the
// widgets are drawn. The simulator emits the same events, so it runs the same code as touches.
#include <cstddef>
#include <lp/kiosk/accessibility.hpp>
#include <lp/shared/model.hpp>
#include <string>
#include <variant>
#include <vector>

namespace lp::kiosk::ev {

struct Start {};
struct OpenAccessibility {};
struct SetAccessibility {
    AccessibilitySettings settings;
};
struct CloseAccessibility {};
struct SetLanguage {
    std::string code;  // "pl"
};
struct ChooseAge {
    AgeBand band;
};
struct AnswerScale {
    int value;
};
struct AnswerFace {
    int face;  // under-8s: 1 bad, 2 OK, 3 good
};
struct AnswerChoice {
    std::string choice;
};  // "yes" | "unsure" | "no"
struct ToggleChip {
    std::string option_id;
};
struct Next {};
struct Skip {};
struct RatherNotSay {};
struct Back {};
struct EditQuestion {
    std::size_t index;
};
struct TypeText {
    std::string utf8;
};
struct DeleteChar {};
struct Send {
    bool assisted = false;  // under-8s: "A grown-up helped me" (the other button is "I did it on my own")
};
struct StartAgain {};
struct OpenHelp {};
struct FlagForFollowUp {};
struct CloseHelp {};
struct StillHere {};
struct ReadAloudAgain {};
struct DismissMessage {};  // thank-you / sorry screen "Done"

// Staff
struct StaffGesture {};  // long-press in the corner finished
struct PinDigit {
    char digit;
};
struct PinDelete {};
struct PinSubmit {};
struct PinCancel {};
struct LeaveStaff {};
struct SyncNow {};
struct Enrol {
    std::string server_url;
    std::string code;
};
struct ChooseQuestionSet {
    std::string id;
};
struct RetryUnsaved {};
struct SalvageDamaged {};  // copy readable answers back from a damaged old database
struct ChangeIdleReset {
    int delta_s;
};
struct ChangePin {};  // start choosing a new PIN

}  // namespace lp::kiosk::ev

namespace lp::kiosk {

using UiEvent =
    std::variant<ev::Start, ev::OpenAccessibility, ev::SetAccessibility, ev::CloseAccessibility, ev::ChooseAge,
                 ev::AnswerScale, ev::AnswerChoice, ev::ToggleChip, ev::Next, ev::Skip, ev::RatherNotSay, ev::Back,
                 ev::EditQuestion, ev::TypeText, ev::DeleteChar, ev::Send, ev::StartAgain, ev::OpenHelp,
                 ev::FlagForFollowUp, ev::CloseHelp, ev::StillHere, ev::ReadAloudAgain, ev::DismissMessage,
                 ev::StaffGesture, ev::PinDigit, ev::PinDelete, ev::PinSubmit, ev::PinCancel, ev::LeaveStaff,
                 ev::SyncNow, ev::Enrol, ev::ChooseQuestionSet, ev::RetryUnsaved, ev::ChangeIdleReset, ev::ChangePin,
                 ev::SetLanguage, ev::SalvageDamaged, ev::AnswerFace>;

using UiEvents = std::vector<UiEvent>;

/// Event name for logs and tests, e.g. "AnswerScale".
const char* event_name(const UiEvent& e) noexcept;

}  // namespace lp::kiosk
