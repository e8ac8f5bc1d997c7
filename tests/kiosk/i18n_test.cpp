// Translation catalogues and translated question sets: complete, consistent, round-tripped.
#include <doctest/doctest.h>

#include <algorithm>

#include <filesystem>
#include <lp/kiosk/question_source.hpp>
#include <lp/kiosk/strings.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/question_set.hpp>
#include <lp/shared/translations.hpp>
#include <nlohmann/json.hpp>
#include <set>

#include "test_util.hpp"

using namespace lp;
using namespace lp::kiosk;

namespace {
const std::string assets = std::string(LP_SOURCE_DIR) + "/assets";

std::vector<std::string> catalogue_files() {
    std::vector<std::string> files;
    for (const auto& e : std::filesystem::directory_iterator(assets + "/i18n/kiosk"))
        if (e.path().extension() == ".json") files.push_back(e.path().string());
    return files;
}
}  // namespace

TEST_CASE("every catalogue has every key, and no key that does not exist") {
    auto files = catalogue_files();
    for (const char* code : {"en", "pl", "ro", "ar", "prs", "ps", "ti"})
        CHECK_MESSAGE(std::find(files.begin(), files.end(), assets + "/i18n/kiosk/" + code + ".json") != files.end(),
                      "no catalogue ", code);
    std::set<std::string> keys;
    for (const auto& k : string_keys()) CHECK_MESSAGE(keys.insert(k).second, "duplicate key ", k);
    for (const auto& file : files) {
        auto text = read_file(file);
        REQUIRE(text);
        auto j = nlohmann::json::parse(*text);
        std::set<std::string> in_file;
        for (const auto& [k, v] : j.items()) {
            in_file.insert(k);
            CHECK_MESSAGE(v.is_string(), file, ": ", k);
        }
        CHECK_MESSAGE(in_file == keys, file, " keys differ from the kiosk's");
        Strings s;
        std::deque<std::string> storage;
        auto problems = parse_catalogue(*text, s, storage);
        for (const auto& p : problems) FAIL_CHECK(file, ": ", p);
    }
    std::vector<std::string> problems;
    Catalogues c = Catalogues::load(assets, &problems);
    CHECK(problems.empty());
}

TEST_CASE("en.json says exactly what the built-in English fallback says") {
    Strings from_file;
    std::deque<std::string> storage;
    auto text = read_file(assets + "/i18n/kiosk/en.json");
    REQUIRE(text);
    REQUIRE(parse_catalogue(*text, from_file, storage).empty());
    auto j = nlohmann::json::parse(*text);
    const Strings& builtin = strings_for();
    CHECK(std::string(from_file.welcome_title) == builtin.welcome_title);
    CHECK(std::string(from_file.help_childline) == builtin.help_childline);
    CHECK(std::string(from_file.smiley5[4]) == builtin.smiley5[4]);
    CHECK(std::string(from_file.cancel) == builtin.cancel);
}

TEST_CASE("catalogue problems are named: missing, unknown and changed placeholders") {
    Strings s;
    std::deque<std::string> storage;
    auto problems = parse_catalogue(R"({"start": "Los", "idle_body": "no number here", "made_up": "x"})", s, storage);
    auto has = [&](const std::string& needle) {
        for (const auto& p : problems)
            if (p.find(needle) != std::string::npos) return true;
        return false;
    };
    CHECK(has("missing key 'welcome_title'"));
    CHECK(has("unknown key 'made_up'"));
    CHECK(has("'idle_body' must keep the placeholders %d"));
    CHECK(std::string(s.start) == "Los");
    CHECK(std::string(s.idle_body) == strings_for().idle_body);  // a bad one keeps English
    CHECK(parse_catalogue("not json", s, storage).size() == 1);
}

TEST_CASE("the kiosk offers English, then the others by code, each named in its own script") {
    Catalogues c = Catalogues::load(assets);
    auto langs = c.languages();
    std::vector<std::string> codes, names;
    for (const auto& l : langs) {
        codes.push_back(l.code);
        names.push_back(l.name);
    }
    CHECK(codes == std::vector<std::string>{"en", "ar", "pl", "prs", "ps", "ro", "ti"});
    CHECK(names == std::vector<std::string>{"English", "\u0627\u0644\u0639\u0631\u0628\u064a\u0629", "Polski",
                                            "\u062f\u0631\u06cc", "\u067e\u069a\u062a\u0648",
                                            "Rom\xC3\xA2n\xC4\x83", "\u1275\u130d\u122d\u129b"});
    CHECK(std::string(c.get("xx").start) == "Start");  // unknown: English
}

TEST_CASE("every language but English is marked not yet reviewed until its catalogue names a reviewer and a date") {
    Catalogues c = Catalogues::load(assets);
    std::vector<std::string> unreviewed;
    for (const auto& l : c.unreviewed()) unreviewed.push_back(l.code);
    // No shipped translation has had a native speaker's review recorded yet.
    CHECK(unreviewed == std::vector<std::string>{"ar", "pl", "prs", "ps", "ro", "ti"});

    Messages m{{"start", "Start"}};
    CHECK_FALSE(reviewed_by_native_speaker(m));
    m[review_by_key] = "Somebody Real";
    CHECK_FALSE(reviewed_by_native_speaker(m));  // no date yet
    m[review_on_key] = "7 December";
    CHECK_FALSE(reviewed_by_native_speaker(m));  // not YYYY-MM-DD
    Messages english{{"start", "Start"}};
    auto problems = compare_messages(english, m);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].find("reviewed_on") != std::string::npos);
    m[review_on_key] = "2026-12-07";
    CHECK(reviewed_by_native_speaker(m));
    CHECK(compare_messages(english, m).empty());  // optional keys, not "unknown"
    m[review_by_key] = " ";
    CHECK_FALSE(reviewed_by_native_speaker(m));

    // A reviewed catalogue drops off the staff screen's list.
    test::TempDir dir;
    REQUIRE(std::filesystem::create_directories(dir.path() + "/i18n/kiosk"));
    std::filesystem::copy_file(assets + "/i18n/kiosk/en.json", dir.path() + "/i18n/kiosk/en.json");
    auto ti = read_file(assets + "/i18n/kiosk/ti.json");
    REQUIRE(ti);
    std::string reviewed = *ti;
    reviewed.insert(reviewed.find('{') + 1, R"( "reviewed_by": "A Reviewer", "reviewed_on": "2026-12-07",)");
    REQUIRE(write_file_atomic(dir.path() + "/i18n/kiosk/ti.json", reviewed, 0644));
    REQUIRE(write_file_atomic(dir.path() + "/i18n/kiosk/ps.json", *read_file(assets + "/i18n/kiosk/ps.json"), 0644));
    std::vector<std::string> problems_loading;
    Catalogues two = Catalogues::load(dir.path(), &problems_loading);
    CHECK(problems_loading.empty());
    REQUIRE(two.unreviewed().size() == 1);
    CHECK(two.unreviewed()[0].code == "ps");
}

TEST_CASE("every shipped question set has every language it declares, and the kiosk has words for them") {
    Catalogues c = Catalogues::load(assets);
    for (const char* id : {"care-leavers", "children-in-care"}) {
        auto set = load_question_set(assets_set_path(assets, id));
        REQUIRE_MESSAGE(set, (set ? "" : set.error().message));
        CHECK(set->languages == std::vector<std::string>{"en", "pl", "ro", "ar", "prs", "ps", "ti"});
        for (const auto& m : set->missing_translations()) FAIL_CHECK(id, ": ", m);
        for (const auto& l : set->languages) CHECK_MESSAGE(c.has(l), id, " declares ", l);
        // A translated text really is different from the English one.
        const Question& q = set->questions.front();
        CHECK(set->text_for(q, AgeBand::age_8_12, "pl") != q.text_8_12);
        CHECK(set->text_for(q, AgeBand::age_8_12, "ro") != q.text_8_12);
        for (const char* l : {"ar", "prs", "ps", "ti"}) CHECK(set->text_for(q, AgeBand::age_8_12, l) != q.text_8_12);
        CHECK(set->text_for(q, AgeBand::age_8_12, "en") == q.text_8_12);
    }
}

TEST_CASE("translations survive question_set_to_json (the aggregator sends sets to kiosks)") {
    auto set = load_question_set(assets_set_path(assets, "care-leavers"));
    REQUIRE(set);
    auto again = parse_question_set(question_set_to_json(*set), "round trip");
    REQUIRE_MESSAGE(again, (again ? "" : again.error().message));
    REQUIRE(again->translations.size() == set->translations.size());
    REQUIRE(again->translations.size() >= 3);
    for (const auto& [lang, qs] : set->translations)
        for (const auto& [qid, t] : qs) {
            const auto& u = again->translations.at(lang).at(qid);
            CHECK(u.text_8_12 == t.text_8_12);
            CHECK(u.text_13_17 == t.text_13_17);
            CHECK(u.text_16_25 == t.text_16_25);
            CHECK(u.options == t.options);
        }
    const Question* chips = set->find("help-with");
    REQUIRE(chips);
    CHECK(again->option_label(*chips, chips->options.front(), "pl") == "Mieszkanie");
}

TEST_CASE("bad translations are refused with a message naming the problem, a set without them still loads") {
    const std::string base =
        R"({"id": "t", "version": 1, "languages": ["en", "pl"], "questions": [
             {"id": "q1", "kind": "yes_no", "text": {"8-12": "a", "13-17": "b", "16-25": "c"}},
             {"id": "c", "kind": "chips", "options": [{"id": "x", "label": "X"}, {"id": "y", "label": "Y"}],
              "text": {"8-12": "a", "13-17": "b", "16-25": "c"}}])";
    CHECK(parse_question_set(base + "}", "f.json"));
    auto with = [&](const std::string& tr) {
        return parse_question_set(base + R"(, "translations": )" + tr + "}", "f.json");
    };
    auto good = with(R"({"pl": {"q1": {"8-12": "A", "13-17": "B", "16-25": "C"}}})");
    REQUIRE(good);
    CHECK_FALSE(good->missing_translations().empty());  // question c is not in Polish yet
    struct Bad {
        const char* json;
        const char* message;
    };
    for (const Bad& b :
         {Bad{R"({"de": {}})", "must be listed in 'languages'"},
          Bad{R"({"pl": {"nope": {"8-12": "A", "13-17": "B", "16-25": "C"}}})", "no such question"},
          Bad{R"({"pl": {"q1": {"8-12": "A", "13-17": "B"}}})", "no text for age band 16-25"},
          Bad{R"({"pl": {"c": {"8-12": "A", "13-17": "B", "16-25": "C", "options": {"z": "Z"}}}})", "no option 'z'"}}) {
        auto r = with(b.json);
        REQUIRE_FALSE(r);
        CHECK_MESSAGE(r.error().message.find(b.message) != std::string::npos, r.error().message);
        CHECK(r.error().message.find("f.json") != std::string::npos);
    }
}
