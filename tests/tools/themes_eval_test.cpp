#include <filesystem>
#include <fstream>
#include <lp/themes/eval.hpp>
#include <lp/themes/report_eval.hpp>
#include <sstream>
#include <string>
#include <unistd.h>

#include "test_support.hpp"

TEST_CASE("finding to theme links reach F1 0.8 on every labelled Kirklees finding") {
    // Findings are linked by the lexicon alone (the importer does so): the classifier learnt comments.
    auto r = lp::themes::evaluate(lp::test::source_file("tests/data/findings.jsonl"), lp::test::lexicon_linker());
    REQUIRE(r.ok());
    MESSAGE(lp::themes::format_eval(*r));
    CHECK(r->items >= 100);
    CHECK(r->theme_f1 >= 0.8);
}

TEST_CASE("comment to theme links reach F1 0.7 and the scan catches every explicit disclosure") {
    auto r = lp::themes::evaluate(lp::test::source_file("tests/data/comments.jsonl"), lp::test::taxonomy_linker());
    REQUIRE(r.ok());
    MESSAGE(lp::themes::format_eval(*r));
    CHECK(r->items >= 200);
    CHECK(r->theme_f1 >= 0.7);
    CHECK(r->sg_explicit >= 40);
    CHECK(r->sg_explicit_recall == 1.0);
    CHECK(r->sg_recall >= 0.9);  // hints ("its our secret") count too; explicit ones must all be caught
    CHECK(r->sg_negatives >= 100);
    CHECK(r->sg_fpr <= 0.15);  // reported, kept in check: staff must not drown in false alarms
}

TEST_CASE("eval reports precision, recall and the contract's last line") {
    const std::string jsonl =
        "{\"text\": \"my pa never rings back\", \"themes\": [\"personal-advisers\"], \"safeguarding\": false}\n"
        "\n"
        "{\"text\": \"he hits me\", \"themes\": [], \"safeguarding\": true}\n"
        "{\"text\": \"school is ok\", \"themes\": [\"foster-carers\"], \"safeguarding\": false}\n";
    auto r = lp::themes::evaluate(jsonl, lp::test::taxonomy_linker());
    REQUIRE(r.ok());
    CHECK(r->items == 3);
    CHECK(r->theme_tp == 1);
    CHECK(r->theme_fn == 1);
    CHECK(r->sg_positives == 1);
    CHECK(r->sg_caught == 1);
    std::string text = lp::themes::format_eval(*r);
    auto last = text.substr(text.rfind('\n', text.size() - 2) + 1);
    CHECK(last.rfind("themes_f1=", 0) == 0);
    CHECK(last.find(" safeguarding_recall=1.000 safeguarding_fpr=0.000") != std::string::npos);
}

TEST_CASE("eval reports macro F1, top-1 accuracy and the worst themes") {
    // Two themes: personal-advisers always right, foster-carers never found; one item unlabelled.
    const std::string jsonl =
        "{\"text\": \"my pa never rings back\", \"themes\": [\"personal-advisers\"]}\n"
        "{\"text\": \"my pa is sound\", \"themes\": [\"personal-advisers\"]}\n"
        "{\"text\": \"zzz qqq\", \"themes\": [\"foster-carers\"]}\n"
        "{\"text\": \"nothing to say\", \"themes\": []}\n";
    auto r = lp::themes::evaluate(jsonl, lp::test::taxonomy_linker());
    REQUIRE(r.ok());
    CHECK(r->labelled == 3);
    CHECK(r->top1_hits == 2);
    CHECK(r->top1_accuracy == doctest::Approx(2.0 / 3.0));
    CHECK(r->per_theme.at("personal-advisers").tp == 2);
    CHECK(r->per_theme.at("foster-carers").fn == 1);
    CHECK(r->macro_f1 == doctest::Approx(0.5));  // (1.0 + 0.0) / 2 themes that the labels use
    REQUIRE(r->worst.size() == 2);
    CHECK(r->worst.front() == "foster-carers");
    std::string text = lp::themes::format_eval(*r);
    CHECK(text.find("themes: micro_f1=") != std::string::npos);
    CHECK(text.find("worst: foster-carers f1=0.000 (tp=0 fp=0 fn=1)") != std::string::npos);
}

TEST_CASE("the blind evaluation split stays above its floor (a regression fails)") {
    // tests/data/linker_eval.jsonl was written blind from the theme titles and descriptions and
    // is never used to tune; these floors sit just under the figures measured in docs/themes.md.
    auto r = lp::themes::evaluate(lp::test::source_file("tests/data/linker_eval.jsonl"), lp::test::taxonomy_linker());
    REQUIRE(r.ok());
    MESSAGE(lp::themes::format_eval(*r));
    CHECK(r->items >= 200);
    CHECK(r->theme_f1 >= 0.85);   // measured 0.856
    CHECK(r->macro_f1 >= 0.86);   // measured 0.869
    CHECK(r->top1_accuracy >= 0.93);  // measured 0.941
}

TEST_CASE("eval names the line of a malformed labelled file") {
    auto r = lp::themes::evaluate("{\"text\": \"ok\", \"themes\": []}\n{not json\n", lp::test::taxonomy_linker());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.rfind("line 2:", 0) == 0);
    auto no_text = lp::themes::evaluate("{\"themes\": []}\n", lp::test::taxonomy_linker());
    REQUIRE_FALSE(no_text.ok());
    CHECK(no_text.error().message.find("needs \"text\"") != std::string::npos);
}

TEST_CASE("eval-reports fails a document that reads an improvement point its expected file does not list") {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("lp-eval-reports-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    std::ofstream(dir / "oakvale-letter.txt") << "Dear Director\n"
                                                 "Strengths\n"
                                                 "- Visits to children are regular and purposeful.\n"
                                                 "Areas for development\n"
                                                 "- The timeliness of return home interviews.\n"
                                                 "- The recording of managers' decisions on closure.\n"
                                                 "Yours sincerely\n";
    auto run = [&](const std::string& improvements) {
        std::ofstream(dir / "oakvale-letter.expected.json")
            << "{\"shape\": \"letter\", \"authority\": \"Oakvale\", \"judgements\": [], \"improvements\": ["
            << improvements << "]}";
        std::ostringstream out, err;
        int rc = lp::themes::run_eval_reports({dir.string()}, out, err);
        return std::make_pair(rc, out.str());
    };
    // Both points listed: the document passes.
    auto [ok_rc, ok_out] = run("\"return home interviews\", \"decisions on closure\"");
    CHECK(ok_rc == 0);
    CHECK(ok_out.find("unexpected_improvements=0") != std::string::npos);
    // One listed: the other is an extra, printed, and the document fails.
    auto [rc, out] = run("\"return home interviews\"");
    CHECK(rc == 1);
    CHECK(out.find("unexpected improvement point \"The recording of managers' decisions on closure.\"") !=
          std::string::npos);
    CHECK(out.find("failed=1") != std::string::npos);
    CHECK(out.find("unexpected_improvements=1") != std::string::npos);
    // --allow-failed keeps its meaning: a floor on failed documents, extras included.
    std::ostringstream out2, err2;
    CHECK(lp::themes::run_eval_reports({dir.string(), "--allow-failed", "1"}, out2, err2) == 0);
    fs::remove_all(dir);
}
