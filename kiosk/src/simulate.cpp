#include <lp/kiosk/simulate.hpp>
#include <random>

namespace lp::kiosk {
namespace {

const char* const sample_comments[] = {
    "my PA never rings back",        "I like coming here, staff are kind",
    "I want to see my brother more", "nobody told me about my health history",
    "the flat is cold and damp",     "college is going well",
    "I didn't get a say in my plan", "I feel safe where I live now",
    "help with money please",        "",
};

}  // namespace

SimulateSummary simulate_responses(KioskSession& session, int count, std::uint64_t seed, double& now) {
    std::mt19937_64 rng(seed);
    auto pick = [&](int n) { return static_cast<int>(std::uniform_int_distribution<int>(0, n - 1)(rng)); };
    auto tap = [&](UiEvent e) {
        now += 0.5;
        session.apply(e, now);
        session.poll(now);
    };
    SimulateSummary out;
    for (int i = 0; i < count; ++i) {
        const Flow& f = session.flow();
        if (f.screen() != Screen::attract) tap(ev::StartAgain{});
        tap(ev::Start{});
        static const AgeBand bands[] = {AgeBand::age_8_12, AgeBand::age_13_17, AgeBand::care_leaver_16_25,
                                        AgeBand::unsaid, AgeBand::age_4_7};
        tap(ev::ChooseAge{bands[pick(f.offers_under_8s() ? 5 : 4)]});
        bool flagged = false;
        while (f.screen() == Screen::question || f.screen() == Screen::comment) {
            const Question* q = f.current_question();
            if (!flagged && pick(40) == 0) {
                tap(ev::OpenHelp{});
                tap(ev::FlagForFollowUp{});
                tap(ev::CloseHelp{});
                flagged = true;
                ++out.help_flags;
            }
            int roll = pick(10);
            if (f.under_8s()) {  // three faces and one big Next, as on screen
                if (roll == 0)
                    tap(ev::Next{});
                else
                    tap(ev::AnswerFace{1 + pick(3)});
                continue;
            }
            if (roll == 0) {
                tap(ev::Skip{});
                continue;
            }
            if (roll == 1) {
                tap(ev::RatherNotSay{});
                continue;
            }
            switch (q->kind) {
                case QuestionKind::smiley3:
                case QuestionKind::smiley5:
                    tap(ev::AnswerScale{1 + pick(q->scale_points())});
                    break;
                case QuestionKind::yes_no: {
                    static const char* const c[] = {"yes", "unsure", "no"};
                    tap(ev::AnswerChoice{c[pick(3)]});
                    break;
                }
                case QuestionKind::chips:
                    for (const auto& o : q->options)
                        if (pick(3) == 0) tap(ev::ToggleChip{o.id});
                    tap(ev::Next{});
                    break;
                case QuestionKind::comment: {
                    std::string text = sample_comments[pick(static_cast<int>(std::size(sample_comments)))];
                    // Type it key by key, as the on-screen keyboard does.
                    for (char c : text) session.apply(ev::TypeText{std::string(1, c)}, now);
                    tap(ev::Next{});
                    break;
                }
            }
        }
        if (f.screen() == Screen::review) tap(ev::Send{f.under_8s() && pick(2) == 0});
        if (f.screen() == Screen::thank_you)
            ++out.saved;
        else if (f.screen() == Screen::save_failed)
            ++out.failed;
        tap(ev::DismissMessage{});
    }
    return out;
}

}  // namespace lp::kiosk
