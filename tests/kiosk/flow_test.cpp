#include <doctest/doctest.h>

#include <lp/kiosk/flow.hpp>

#include "test_util.hpp"

using namespace lp;
using namespace lp::kiosk;

namespace {
struct Fixture {
    QuestionSet set = test::make_set();
    Flow flow{set, FlowTiming{}};
    double now = 100;
    void to_questions(AgeBand band = AgeBand::age_13_17) {
        flow.start(now);
        flow.choose_age(band, now);
    }
    /// On the comment screen: the four questions before it skipped.
    void to_comment() {
        to_questions();
        for (int i = 0; i < 4; ++i) flow.skip(now);
    }
    void go_to(Screen target) {
        flow.start_again(now);
        if (target == Screen::attract) return;
        if (target == Screen::accessibility) return flow.open_accessibility(now);
        if (target == Screen::age_band) return flow.start(now);
        to_questions();
        while (flow.screen() != target) {
            if (flow.screen() == Screen::question)
                flow.skip(now);
            else if (flow.screen() == Screen::comment)
                flow.next(now);
            else if (flow.screen() == Screen::review) {
                REQUIRE(flow.send(now));
                flow.saved(target != Screen::save_failed, now);
            } else
                FAIL("cannot reach ", to_string(target));
        }
    }
};
}  // namespace

TEST_CASE_FIXTURE(Fixture, "a whole response walks attract, age band, every question, comment, review") {
    CHECK(flow.screen() == Screen::attract);
    flow.start(now);
    CHECK(flow.screen() == Screen::age_band);
    flow.choose_age(AgeBand::care_leaver_16_25, now);
    REQUIRE(flow.screen() == Screen::question);
    CHECK(flow.current_question()->id == "s5");
    flow.answer_scale(4, now);
    CHECK(flow.current_question()->id == "yn");
    flow.answer_choice("unsure", now);
    flow.answer_scale(3, now);
    REQUIRE(flow.current_question()->id == "ch");
    flow.toggle_chip("b");
    flow.toggle_chip("a");
    flow.toggle_chip("zzz");  // unknown options are ignored
    flow.next(now);
    REQUIRE(flow.screen() == Screen::comment);
    flow.type_text("hi ");
    flow.type_text("\xE2\x98\xBA");  // ☺
    flow.delete_char();
    flow.type_text("!");
    flow.next(now);
    REQUIRE(flow.screen() == Screen::review);
    auto r = flow.send(now);
    REQUIRE(r);
    CHECK(r->age_band == AgeBand::care_leaver_16_25);
    CHECK(r->question_set_id == "test-set");
    CHECK(r->question_set_version == 3);
    REQUIRE(r->answers.size() == 4);  // the comment travels separately
    CHECK(r->answers[0].scale == 4);
    CHECK(r->answers[1].choice == "unsure");
    CHECK(r->answers[2].scale == 3);
    CHECK(r->answers[3].chips == std::vector<std::string>{"a", "b"});  // set order, not tap order
    CHECK(r->comment == "hi !");
    CHECK_FALSE(r->needs_help);
    flow.saved(true, now);
    CHECK(flow.screen() == Screen::thank_you);
    CHECK(flow.comment().empty());
    CHECK_FALSE(flow.answer_at(0).has_value());
}

TEST_CASE_FIXTURE(Fixture, "skip and rather-not-say are recorded for every kind of question") {
    to_questions();
    flow.skip(now);
    flow.rather_not_say(now);
    flow.skip(now);
    flow.rather_not_say(now);
    REQUIRE(flow.screen() == Screen::comment);
    flow.type_text("gone");
    flow.skip(now);  // skipping the comment clears it
    REQUIRE(flow.screen() == Screen::review);
    auto r = flow.send(now);
    REQUIRE(r);
    CHECK(r->answers[0].state == AnswerState::skipped);
    CHECK(r->answers[1].state == AnswerState::rather_not_say);
    CHECK(r->answers[2].state == AnswerState::skipped);
    CHECK(r->answers[3].state == AnswerState::rather_not_say);
    CHECK(r->comment.empty());
}

TEST_CASE_FIXTURE(Fixture, "chips with nothing ticked count as skipped") {
    to_questions();
    flow.skip(now);
    flow.skip(now);
    flow.skip(now);
    flow.next(now);
    CHECK(flow.answer_at(3)->state == AnswerState::skipped);
}

TEST_CASE_FIXTURE(Fixture, "back goes one step at a time and keeps earlier answers") {
    to_questions();
    flow.answer_scale(5, now);
    flow.answer_choice("no", now);
    CHECK(flow.question_index() == 2);
    flow.back(now);
    CHECK(flow.question_index() == 1);
    CHECK(flow.answer_at(0)->scale == 5);
    CHECK(flow.answer_at(1)->choice == "no");
    flow.back(now);
    flow.back(now);
    CHECK(flow.screen() == Screen::age_band);
    flow.back(now);
    CHECK(flow.screen() == Screen::attract);
}

TEST_CASE_FIXTURE(Fixture, "back from review returns to the comment, and review can jump to a question") {
    to_comment();
    flow.next(now);
    REQUIRE(flow.screen() == Screen::review);
    flow.back(now);
    CHECK(flow.screen() == Screen::comment);
    flow.next(now);
    flow.edit_question(1, now);
    CHECK(flow.screen() == Screen::question);
    CHECK(flow.question_index() == 1);
    flow.answer_choice("yes", now);
    CHECK(flow.screen() == Screen::review);  // changing one answer returns to review
    CHECK(flow.answer_at(1)->choice == "yes");
}

TEST_CASE_FIXTURE(Fixture, "chips ticked before stay ticked when coming back") {
    to_questions();
    for (int i = 0; i < 3; ++i) flow.skip(now);
    flow.toggle_chip("c");
    flow.next(now);
    flow.back(now);
    CHECK(flow.chip_draft() == std::vector<std::string>{"c"});
}

TEST_CASE_FIXTURE(Fixture, "out-of-range answers are ignored") {
    to_questions();
    flow.answer_scale(6, now);
    flow.answer_scale(0, now);
    flow.answer_choice("maybe", now);
    CHECK(flow.question_index() == 0);
    CHECK_FALSE(flow.answer_at(0).has_value());
}

TEST_CASE_FIXTURE(Fixture, "idle: warning in the last seconds, then reset wipes every answer") {
    to_questions();
    flow.answer_scale(2, now);
    flow.open_help(now);
    flow.close_help(now);
    CHECK_FALSE(flow.idle_warning(now + 49));
    CHECK(flow.idle_warning(now + 50.5));
    CHECK(flow.idle_seconds_left(now + 50.5) == 10);
    flow.tick(now + 55);
    CHECK(flow.screen() == Screen::question);
    unsigned session = flow.session_number();
    flow.tick(now + 60);
    CHECK(flow.screen() == Screen::attract);
    CHECK(flow.session_number() == session + 1);
    CHECK_FALSE(flow.answer_at(0).has_value());
    CHECK_FALSE(flow.age_band().has_value());
}

TEST_CASE_FIXTURE(Fixture, "'still here' restarts the idle timer") {
    to_questions();
    flow.still_here(now + 55);
    flow.tick(now + 70);
    CHECK(flow.screen() == Screen::question);
    CHECK_FALSE(flow.idle_warning(now + 70));
}

TEST_CASE_FIXTURE(Fixture, "idle reset also wipes the comment and accessibility settings") {
    flow.open_accessibility(now);
    AccessibilitySettings a;
    a.larger_text = true;
    flow.set_accessibility(a);
    flow.close_accessibility(now);
    to_comment();
    flow.type_text("secret");
    flow.tick(now + 61);
    CHECK(flow.comment().empty());
    CHECK_FALSE(flow.accessibility().larger_text);
}

TEST_CASE_FIXTURE(Fixture, "start again wipes at once from any young person's screen") {
    for (Screen target : {Screen::age_band, Screen::question, Screen::comment, Screen::review}) {
        go_to(target);
        REQUIRE(flow.screen() == target);
        flow.start_again(now);
        CHECK(flow.screen() == Screen::attract);
        CHECK_FALSE(flow.answer_at(0).has_value());
    }
}

TEST_CASE_FIXTURE(Fixture, "the thank-you screen returns to attract by itself") {
    to_comment();
    flow.next(now);
    REQUIRE(flow.send(now));
    flow.saved(true, now);
    flow.tick(now + 19);
    CHECK(flow.screen() == Screen::thank_you);
    flow.tick(now + 21);
    CHECK(flow.screen() == Screen::attract);
}

TEST_CASE_FIXTURE(Fixture, "a failed save shows the sorry screen") {
    to_comment();
    flow.next(now);
    REQUIRE(flow.send(now));
    CHECK_FALSE(flow.send(now));  // no double send while saving
    flow.saved(false, now);
    CHECK(flow.screen() == Screen::save_failed);
}

TEST_CASE_FIXTURE(Fixture, "help opens from every young person's screen and flags once") {
    const Screen screens[] = {Screen::attract, Screen::accessibility, Screen::age_band,  Screen::question,
                              Screen::comment, Screen::review,        Screen::thank_you, Screen::save_failed};
    for (Screen target : screens) {
        go_to(target);
        REQUIRE(flow.screen() == target);
        flow.open_help(now);
        CHECK(flow.help_open());
        auto help_only = flow.flag_for_follow_up(now);
        REQUIRE(help_only);
        CHECK(help_only->needs_help);
        CHECK(help_only->answers.empty());
        CHECK_FALSE(flow.flag_for_follow_up(now));  // once per session
        flow.close_help(now);
        CHECK_FALSE(flow.help_open());
        CHECK(flow.screen() == target);
    }
}

TEST_CASE_FIXTURE(Fixture, "a flagged session's final response carries needs_help") {
    to_questions();
    flow.open_help(now);
    REQUIRE(flow.flag_for_follow_up(now));
    flow.close_help(now);
    for (int i = 0; i < 4; ++i) flow.skip(now);
    flow.next(now);
    auto r = flow.send(now);
    REQUIRE(r);
    CHECK(r->needs_help);
    flow.saved(true, now);
    CHECK(flow.thanked_with_help());  // the thank-you says to go and tell staff
    CHECK_FALSE(flow.help_flagged());
    flow.start_again(now);
    CHECK_FALSE(flow.thanked_with_help());
}

TEST_CASE("without a sealing key the kiosk shows 'not set up' and collects nothing") {
    QuestionSet set = test::make_set();
    Flow flow(set, FlowTiming{}, false);
    CHECK(flow.screen() == Screen::not_set_up);
    flow.start(0);
    CHECK(flow.screen() == Screen::not_set_up);
    flow.open_help(0);
    CHECK(flow.help_open());
    CHECK_FALSE(flow.flag_for_follow_up(0));  // nowhere to store it, but help still shows
    flow.close_help(0);
    flow.open_staff_pin(0);
    CHECK(flow.screen() == Screen::staff_pin);
    flow.back(0);
    CHECK(flow.screen() == Screen::not_set_up);
    flow.set_set_up(true, 0);
    CHECK(flow.screen() == Screen::attract);
}

TEST_CASE_FIXTURE(Fixture, "staff mode opens only from attract and locks itself when idle") {
    to_questions();
    flow.open_staff_pin(now);
    CHECK(flow.screen() == Screen::question);
    flow.start_again(now);
    flow.open_staff_pin(now);
    REQUIRE(flow.screen() == Screen::staff_pin);
    flow.staff_unlocked(now);
    REQUIRE(flow.screen() == Screen::staff);
    flow.start_again(now);  // a young person's "start again" does not apply here
    CHECK(flow.screen() == Screen::staff);
    flow.tick(now + 100);
    CHECK(flow.screen() == Screen::staff);
    flow.tick(now + 301);
    CHECK(flow.screen() == Screen::attract);
}

TEST_CASE_FIXTURE(Fixture, "the comment is limited to 2000 characters, counted as characters") {
    to_comment();
    for (int i = 0; i < 2100; ++i) flow.type_text("\xE2\x98\xBA");
    CHECK(flow.comment().size() == 2000 * 3);
    for (int i = 0; i < 2000; ++i) flow.delete_char();
    CHECK(flow.comment().empty());
    flow.delete_char();  // deleting from empty is harmless
}

TEST_CASE_FIXTURE(Fixture, "deadlines tell the loop when to wake") {
    CHECK(flow.seconds_until_next_deadline(now) > 1000);  // attract: sleep
    to_questions();
    CHECK(flow.seconds_until_next_deadline(now) == doctest::Approx(50));
    CHECK(flow.seconds_until_next_deadline(now + 52.25) == doctest::Approx(0.75));
}

TEST_CASE_FIXTURE(Fixture, "the unsaid band is shown the 13-17 wording") {
    to_questions(AgeBand::unsaid);
    CHECK(flow.current_question()->text_for(flow.age_band_or_unsaid()) == "teen s5");
}
