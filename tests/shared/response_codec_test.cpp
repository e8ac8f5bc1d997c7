#include <doctest/doctest.h>
#include <lp/shared/question_set.hpp>
#include <lp/shared/response_codec.hpp>

namespace {

lp::QuestionSet small_set() {
    lp::QuestionSet s;
    s.id = "qs";
    s.version = 1;
    lp::Question q1;
    q1.id = "mood";
    q1.kind = lp::QuestionKind::smiley5;
    lp::Question q2;
    q2.id = "safe";
    q2.kind = lp::QuestionKind::yes_no;
    lp::Question q3;
    q3.id = "help";
    q3.kind = lp::QuestionKind::chips;
    q3.options = {{"housing", "Home", {}}, {"money", "Money", {}}};
    s.questions = {q1, q2, q3};
    return s;
}

lp::Response sample() {
    lp::Response r;
    r.id = "6f1c1a6e-9d7b-4c1e-8a51-0e3c2b1d4f00";
    r.seq = 7;
    r.question_set_id = "qs";
    r.question_set_version = 1;
    r.created_hour = "2026-11-25T14:00:00Z";
    r.age_band = lp::AgeBand::care_leaver_16_25;
    r.answers = {lp::Answer::of_scale("mood", 4), lp::Answer::of_choice("safe", "no"),
                 lp::Answer::of_chips("help", {"money"})};
    r.comment = "my PA never rings back 😞 <b>";
    r.needs_help = true;
    return r;
}

}  // namespace

TEST_CASE("a response survives encode and decode unchanged") {
    auto r = sample();
    r.answers.push_back(lp::Answer::rather_not_say("x"));
    auto d = lp::decode_response(lp::encode_response(r));
    REQUIRE(d);
    CHECK(d->id == r.id);
    CHECK(d->seq == 7);
    CHECK(d->age_band == lp::AgeBand::care_leaver_16_25);
    CHECK(d->answers.size() == 4);
    CHECK(d->answers[0].scale == 4);
    CHECK(d->answers[1].choice == "no");
    CHECK(d->answers[2].chips == std::vector<std::string>{"money"});
    CHECK(d->answers[3].state == lp::AnswerState::rather_not_say);
    CHECK(d->comment == r.comment);
    CHECK(d->needs_help);
}

TEST_CASE("responses are validated against their question set") {
    auto set = small_set();
    CHECK(lp::validate_response(sample(), set));
    auto r = sample();
    r.answers[0].scale = 6;
    CHECK_FALSE(lp::validate_response(r, set));
    r = sample();
    r.answers[1].choice = "maybe";
    CHECK_FALSE(lp::validate_response(r, set));
    r = sample();
    r.answers[2].chips = {"cars"};
    CHECK_FALSE(lp::validate_response(r, set));
    r = sample();
    r.answers.push_back(lp::Answer::of_scale("nope", 1));
    auto st = lp::validate_response(r, set);
    REQUIRE_FALSE(st);
    CHECK(st.error().message.find("'nope'") != std::string::npos);
    r = sample();
    r.comment = std::string(lp::max_comment_chars + 1, 'a');
    CHECK_FALSE(lp::validate_response(r, set));
    r = sample();
    r.comment = std::string("before") + '\0' + "after";
    st = lp::validate_response(r, set);
    REQUIRE_FALSE(st);
    CHECK(st.error().message.find("NUL") != std::string::npos);
    r = sample();
    r.comment = "line one\nline two \xF0\x9F\x98\x80";  // new lines and emoji are fine
    CHECK(lp::validate_response(r, set));
    for (const char* language : {"en", "pl", "ro", "en-GB", ""}) {
        r.language = language;
        CHECK_MESSAGE(lp::validate_response(r, set), language);
    }
    for (std::string language : {std::string("en\"; DROP"), std::string("e\0n", 3), std::string(36, 'a')}) {
        r.language = language;
        CHECK_FALSE(lp::validate_response(r, set));
    }
}

TEST_CASE("malformed response JSON is refused with a reason") {
    CHECK_FALSE(lp::decode_response("[]"));
    CHECK_FALSE(lp::decode_response("{\"id\": 3}"));
    CHECK_FALSE(lp::decode_response("not json"));
}

TEST_CASE("scores follow the documented scale") {
    auto set = small_set();
    CHECK(*lp::answer_score(lp::Answer::of_scale("mood", 1), set.questions[0]) == 0.0);
    CHECK(*lp::answer_score(lp::Answer::of_scale("mood", 5), set.questions[0]) == 1.0);
    CHECK(*lp::answer_score(lp::Answer::of_choice("safe", "unsure"), set.questions[1]) == 0.5);
    CHECK_FALSE(lp::answer_score(lp::Answer::skipped("mood"), set.questions[0]));
    CHECK_FALSE(lp::answer_score(lp::Answer::of_chips("help", {"money"}), set.questions[2]));
}

TEST_CASE("an answer from 4 to 7 keeps its band and 'a grown-up helped', and answers only the under-8s path") {
    auto set = small_set();
    auto r = sample();
    r.age_band = lp::AgeBand::age_4_7;
    r.assisted = true;
    r.comment.clear();
    r.answers = {lp::Answer::of_scale("mood", 3)};
    auto d = lp::decode_response(lp::encode_response(r));
    REQUIRE(d);
    CHECK(d->age_band == lp::AgeBand::age_4_7);
    CHECK(d->assisted);
    // A set without 4-7 text has no under-8s path to answer.
    auto st = lp::validate_response(*d, set);
    REQUIRE_FALSE(st);
    CHECK(st.error().message.find("no under-8s path") != std::string::npos);
    set.questions[0].text_4_7 = "Are you happy?";
    CHECK(lp::validate_response(*d, set));
    auto off_path = *d;
    off_path.answers.push_back(lp::Answer::of_choice("safe", "yes"));
    CHECK_FALSE(lp::validate_response(off_path, set));
    auto with_comment = *d;
    with_comment.comment = "hi";
    CHECK_FALSE(lp::validate_response(with_comment, set));
    // Only the under-8s path asks whether a grown-up helped.
    auto older = sample();
    older.assisted = true;
    CHECK_FALSE(lp::validate_response(older, small_set()));
    // Older responses say nothing about it and read as not assisted.
    auto plain = lp::decode_response(lp::encode_response(sample()));
    REQUIRE(plain);
    CHECK_FALSE(plain->assisted);
    CHECK(lp::encode_response(sample()).find("assisted") == std::string::npos);
}
