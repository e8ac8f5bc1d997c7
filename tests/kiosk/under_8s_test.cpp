// The under-8s path and the quick path, drawn headless and driven by taps through the session.
#include <lp/kiosk/kiosk_config.hpp>
#include <lp/shared/crypto.hpp>
#include <lp/shared/response_codec.hpp>

#include "headless.hpp"

using namespace lp;
using namespace lp::kiosk;
using namespace lp::kiosk::test_ui;

namespace {

void use_set(Headless& h, const char* id, bool quick = false) {
    REQUIRE(set_config_value(config_path(h.dir.path()), "question_set", id));
    if (quick) REQUIRE(set_config_value(config_path(h.dir.path()), "quick", "true"));
    h.reopen();
}

Response only_response(Headless& h) {
    const std::string plain = test::only_sealed_text(*h.session->outbox(), h.keys);
    auto r = decode_response(plain);
    REQUIRE(r);
    return *r;
}

const Answer* answer_to(const Response& r, const std::string& q) {
    for (const auto& a : r.answers)
        if (a.question == q) return &a;
    return nullptr;
}

}  // namespace

TEST_CASE("an under-8 goes from the attract screen to Thank you in 7 taps, read aloud, helped by a grown-up") {
    Headless h(1280, 800);
    use_set(h, "children-in-care");
    int taps = 0;
    auto tap = [&](const char* id) {
        h.tap(id);
        ++taps;
    };
    tap("start");
    tap("age_4_7");
    REQUIRE(h.screen() == Screen::question);
    CHECK(h.session->flow().accessibility().read_aloud);  // on from the start
    CHECK(h.session->flow().question_count() <= 5);
    CHECK(h.has("read_again"));
    tap("scale_3");  // feel-safe (yes/no): the happy face is "yes"
    tap("scale_1");  // home (smiley3)
    tap("scale_2");  // listened-to (smiley5): the middle face is 3
    tap("scale_3");  // family-contact (smiley3)
    REQUIRE(h.screen() == Screen::review);
    tap("send_grown_up_helped");
    CHECK(h.screen() == Screen::thank_you);
    CHECK(taps <= 7);
    Response r = only_response(h);
    CHECK(r.age_band == AgeBand::age_4_7);
    CHECK(r.assisted);
    CHECK(r.answers.size() == 4);  // only the under-8s path's questions, no skips for the others
    REQUIRE(answer_to(r, "feel-safe"));
    CHECK(answer_to(r, "feel-safe")->choice == "yes");
    CHECK(answer_to(r, "home")->scale == 1);
    CHECK(answer_to(r, "listened-to")->scale == 3);
    CHECK(answer_to(r, "family-contact")->scale == 3);
    CHECK_FALSE(answer_to(r, "school"));
}

TEST_CASE("the under-8s screens have three faces and one big Next, no Back and no rather-not-say") {
    Headless h(1280, 800);
    use_set(h, "children-in-care");
    h.tap("start");
    h.tap("age_4_7");
    CHECK(h.has("scale_1"));
    CHECK(h.has("scale_3"));
    CHECK_FALSE(h.has("scale_4"));
    CHECK_FALSE(h.has("back"));
    CHECK_FALSE(h.has("rather_not_say"));
    CHECK_FALSE(h.has("skip"));
    REQUIRE(h.has("next"));
    h.tap("next");  // moves on without a face: a skip
    CHECK(h.session->flow().question_index() == 1);
    while (h.screen() == Screen::question) h.tap("next");
    REQUIRE(h.screen() == Screen::review);
    h.tap("send_on_my_own");
    Response r = only_response(h);
    CHECK_FALSE(r.assisted);
    CHECK(answer_to(r, "feel-safe")->state == AnswerState::skipped);
}

TEST_CASE("a set with no 4-7 text does not offer the 4 to 7 band") {
    Headless h(1280, 800);  // care-leavers
    h.tap("start");
    CHECK(h.has("age_8_12"));
    CHECK_FALSE(h.has("age_4_7"));
    h.session->apply(ev::ChooseAge{AgeBand::age_4_7}, h.now);
    CHECK(h.screen() == Screen::age_band);
}

TEST_CASE("a site that chooses the quick path asks at most 6 questions and records only those") {
    Headless h(1280, 800);
    use_set(h, "children-in-care", true);
    h.tap("start");
    h.tap("age_13_17");
    CHECK(h.session->flow().question_count() == 6);
    int guard = 0;
    while ((h.screen() == Screen::question || h.screen() == Screen::comment) && guard++ < 10) h.tap("skip");
    REQUIRE(h.screen() == Screen::review);
    h.tap("send");
    Response r = only_response(h);
    CHECK(r.answers.size() == 5);  // the comment travels on its own
    CHECK_FALSE(r.assisted);
    CHECK_FALSE(answer_to(r, "advocate"));
}

TEST_CASE("the under-8s screens fit and keep 48 px targets in every language at both text sizes") {
    const ImVec2 sizes[] = {{800, 480}, {1280, 800}, {480, 800}};
    for (const char* lang : {"en", "pl", "ro", "ar", "prs", "ps", "ti"})
        for (bool larger : {false, true})
            for (ImVec2 size : sizes) {
                Headless h(size.x, size.y);
                use_set(h, "children-in-care");
                std::string tag = std::string(lang) + " " + std::to_string(int(size.x)) + "x" +
                                  std::to_string(int(size.y)) + (larger ? " larger" : "");
                h.session->apply(ev::SetLanguage{lang}, h.now);
                AccessibilitySettings a;
                a.larger_text = larger;
                h.session->apply(ev::SetAccessibility{a}, h.now);
                h.tap("start");
                check_layout(h, tag + " age band");
                h.tap("age_4_7");
                auto targets = [&](const std::string& where) {
                    check_layout(h, where);
                    for (const auto& r : h.st.hits) {
                        INFO(where, " ", r.id);
                        CHECK(r.max.x - r.min.x >= 48);
                        CHECK(r.max.y - r.min.y >= 48);
                    }
                };
                while (h.screen() == Screen::question) {
                    targets(tag + " " + h.session->flow().current_question()->id);
                    h.tap("scale_2");
                }
                targets(tag + " all done");
            }
}
