#include <algorithm>
#include <lp/reports/importer.hpp>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace {

lp::reports::ImportedReport import_seed(const std::string& name) {
    return lp::test::imported(lp::test::seed(name), name, {"Kirklees", ""});
}

std::vector<const lp::Finding*> of_kind(const lp::reports::ImportedReport& r, const std::string& kind) {
    std::vector<const lp::Finding*> out;
    for (const auto& f : r.findings)
        if (f.kind == kind) out.push_back(&f);
    return out;
}

}  // namespace

TEST_CASE("the 2019 full inspection gives 4 judgements, 10 improvement points and 49 numbered paragraphs") {
    auto r = import_seed("kirklees-2019-ilacs-report.txt");
    CHECK(r.report.kind == "ilacs");
    CHECK(r.report.id == "kirklees-2019-ilacs");
    CHECK(r.report.date == "2019-06-21");
    CHECK(r.report.title == "Inspection of children's social care services");
    CHECK(r.report.sha256.size() == 64);

    REQUIRE(r.report.judgements.size() == 4);
    CHECK(r.report.judgements[0].area == "The impact of leaders on social work practice with children and families");
    CHECK(r.report.judgements[1].area == "The experiences and progress of children who need help and protection");
    CHECK(r.report.judgements[2].area == "The experiences and progress of children in care and care leavers");
    CHECK(r.report.judgements[3].area == "Overall effectiveness");
    for (const auto& j : r.report.judgements) CHECK(j.grade == "Requires improvement to be good");

    auto improve = of_kind(r, "improvement");
    REQUIRE(improve.size() == 10);
    const std::vector<std::string> areas = {
        "help and protection", "help and protection", "help and protection", "help and protection", "children in care",
        "children in care",    "care leavers",        "children in care",    "leadership",          "leadership"};
    for (std::size_t i = 0; i < improve.size(); ++i) {
        CAPTURE(improve[i]->text);
        CHECK(improve[i]->area == areas[i]);
        CHECK(improve[i]->id == "kirklees-2019-ilacs-improve-" + std::string(i < 9 ? "0" : "") + std::to_string(i + 1));
        CHECK(improve[i]->text.front() != '-');
    }
    CHECK(improve[0]->text ==
          "The quality of recording, assessments and child protection investigations so that children receive help "
          "at the earliest opportunity.");
    CHECK(improve[5]->text == "The completion of life-story work for children in care.");
    CHECK(improve[6]->text == "Care leavers' understanding of their health histories.");
    // Improvement points point at the paragraphs that say the same thing.
    CHECK(std::find(improve[3]->paragraphs.begin(), improve[3]->paragraphs.end(), 14) != improve[3]->paragraphs.end());
    CHECK(std::find(improve[9]->paragraphs.begin(), improve[9]->paragraphs.end(), 49) != improve[9]->paragraphs.end());

    auto paras = of_kind(r, "finding");
    REQUIRE(paras.size() == 49);
    for (std::size_t i = 0; i < paras.size(); ++i) {
        REQUIRE(paras[i]->paragraphs.size() == 1);
        CHECK(paras[i]->paragraphs[0] == static_cast<int>(i) + 1);
    }
    CHECK(paras[0]->area == "help and protection");
    CHECK(paras[13]->area == "help and protection");
    CHECK(paras[14]->area == "children in care");
    CHECK(paras[31]->area == "care leavers");
    CHECK(paras[34]->area == "leadership");
    CHECK(paras[48]->area == "leadership");
    // Paragraphs broken by page breaks are joined again.
    CHECK(paras[10]->text.find("moved the management of this team to children's services") != std::string::npos);
    CHECK(paras[38]->text.find("well. They have worked hard to rebuild trusting relationships and there are shared "
                               "priorities") != std::string::npos);
    // The publisher's boilerplate after the last paragraph is not a finding.
    CHECK(paras[48]->text.find("Office for Standards") == std::string::npos);
}

TEST_CASE("the 2011 letter gives its strengths, what met requirements, and six areas for development") {
    auto r = import_seed("kirklees-2011-unannounced-inspection-letter.txt");
    CHECK(r.report.kind == "letter");
    CHECK(r.report.date == "2011-08-11");
    CHECK(r.report.id == "kirklees-2011-letter");
    CHECK(r.report.title.rfind("Annual unannounced inspection of contact, referral and assessment", 0) == 0);

    auto strengths = of_kind(r, "strength");
    REQUIRE(strengths.size() == 1);
    CHECK(strengths[0]->text.rfind("Initial and core assessments completed within the children with disabilities team",
                                   0) == 0);
    CHECK(strengths[0]->id == "kirklees-2011-letter-strength-01");

    auto met = of_kind(r, "finding");
    REQUIRE(met.size() == 14);
    CHECK(met[0]->text.rfind("Decisions regarding contacts and referrals", 0) == 0);
    CHECK(met[1]->text.rfind("Cases where further enquiries need to be made", 0) == 0);  // split at inline bullet
    CHECK(met[13]->text.rfind("There is an active approach to the risk management of domestic violence", 0) == 0);

    auto dev = of_kind(r, "improvement");
    REQUIRE(dev.size() == 6);
    CHECK(dev[0]->text.rfind("The use of the CAF is still developing", 0) == 0);
    CHECK(dev[3]->text.rfind("While the majority of staff supervision", 0) == 0);
    // The continuation after a page break belongs to the fourth point.
    CHECK(dev[3]->text.find("the reasons for this are not recorded.") != std::string::npos);
    CHECK(dev[5]->text.rfind("In some cases case records are not kept up to date", 0) == 0);
    CHECK(dev[3]->area == "leadership");
    CHECK(dev[2]->area == "help and protection");
    for (const auto* f : dev) CHECK(f->text.find("Any areas for development identified above") == std::string::npos);
}

TEST_CASE("the outcome minutes give the judgements, nine strengths and three areas for improvement") {
    auto r = import_seed("kirklees-ilacs-outcome-panel-minutes.txt");
    CHECK(r.report.kind == "minutes");
    CHECK(r.report.title == "Ofsted Inspection of Children's Services - outcome and recommendations");

    REQUIRE(r.report.judgements.size() == 5);
    int good = 0;
    for (const auto& j : r.report.judgements) {
        if (j.area == "The experiences and progress of care leavers")
            CHECK(j.grade == "Requires improvement to be good");
        else if (j.grade == "Good")
            ++good;
    }
    CHECK(good == 4);

    auto strengths = of_kind(r, "strength");
    REQUIRE(strengths.size() == 9);
    CHECK(strengths[0]->text ==
          "children were seen quickly and listened to, and kept within the family network where possible");
    CHECK(strengths[6]->text == "care leavers spoke with warmth about their relationships with personal advisors");
    CHECK(strengths[6]->area == "care leavers");
    CHECK(strengths[8]->text == "staff morale was high and staff felt valued.");

    auto improve = of_kind(r, "improvement");
    REQUIRE(improve.size() == 3);
    CHECK(improve[0]->text == "to provide more choice and availability of homes for children and care leavers");
    CHECK(improve[1]->text.rfind("to improve the quality of written records, plans and minutes", 0) == 0);
    CHECK(improve[2]->text ==
          "to improve the effectiveness of practice with every child experiencing harm from neglect and/or domestic "
          "abuse.");
    CHECK(improve[2]->area == "help and protection");
    CHECK(improve[2]->id == "kirklees-minutes-improve-03");
}

TEST_CASE("monitoring news and the commissioner's update give their bulleted findings") {
    auto news = import_seed("kirklees-monitoring-visit-news.txt");
    CHECK(news.report.kind == "monitoring");
    REQUIRE(news.findings.size() == 7);
    CHECK(news.findings[0].text ==
          "Children are being offered appropriate and timely interventions to keep them safe when they are at risk of "
          "immediate harm.");
    CHECK(news.findings[0].kind == "finding");

    auto report = import_seed("kirklees-2017-commissioner-report.txt");
    CHECK(report.report.kind == "improvement-report");
    CHECK(report.report.date == "2017-08");
    REQUIRE(report.findings.size() == 3);
    CHECK(report.findings[2].text ==
          "Management, child protection chairs and/or independent reviewing officers oversight, "
          "support and challenge.");
}

TEST_CASE("a report written with other bullets, numbering and a Markdown table reads the same") {
    const std::string doc =
        "Inspection of children's social care services\n"
        "Inspection dates: 3 March 2024 to 14 March 2024\n\n"
        "| Judgement | Grade |\n"
        "| The impact of leaders on social work practice with children and families | Good |\n"
        "| The experiences and progress of children who need help and protection | Good |\n"
        "| The experiences and progress of children in care | Requires improvement to be good |\n"
        "| The experiences and progress of care leavers | Inadequate |\n"
        "| Overall effectiveness | Requires improvement to be good |\n\n"
        "## What needs to improve?\n\n"
        "\xE2\x80\xA2 The quality of pathway plans for care leavers.\n"
        "\xE2\x80\xA2 The sufficiency of homes for children in care, so that children\n"
        "live near their families.\n\n"
        "## The experiences and progress of care leavers: inadequate\n\n"
        "1.\tPersonal advisers do not keep in touch with care leavers.\n"
        "2.\tCare leavers do not have their health histories.\n";
    const auto r = lp::test::imported(doc, "2024.txt", {"Somewhere", ""});
    CHECK(r.report.kind == "ilacs");
    CHECK(r.report.id == "somewhere-2024-ilacs");
    CHECK(r.report.date == "2024-03-14");
    REQUIRE(r.report.judgements.size() == 5);
    CHECK(r.report.judgements[3].grade == "Inadequate");
    auto improve = of_kind(r, "improvement");
    REQUIRE(improve.size() == 2);
    CHECK(improve[1]->text ==
          "The sufficiency of homes for children in care, so that children live near their families.");
    CHECK(improve[0]->area == "care leavers");
    auto paras = of_kind(r, "finding");
    REQUIRE(paras.size() == 2);
    CHECK(paras[1]->paragraphs == std::vector<int>{2});
    CHECK(paras[1]->area == "care leavers");
}

TEST_CASE("a file that is not inspection material says which kind was guessed and what was missing") {
    auto r = lp::reports::import_document("Shopping list\n\nmilk\neggs\n", "list.txt", {"X", ""});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == lp::Errc::invalid_input);
    CHECK(r.error().message.find("guessed kind 'other'") != std::string::npos);
    CHECK(r.error().message.find("What needs to improve") != std::string::npos);

    auto letter = lp::reports::import_document("Dear Ms Smith\n\nThank you for your letter.\n\nYours sincerely\n",
                                              "letter.txt", {"X", ""});
    REQUIRE_FALSE(letter.ok());
    CHECK(letter.error().message.find("guessed kind 'letter'") != std::string::npos);
    CHECK(letter.error().message.find("Strengths") != std::string::npos);
}

TEST_CASE("the catalogue makes report ids unique and links every finding it can") {
    std::vector<lp::reports::ImportedReport> reports = {import_seed("kirklees-monitoring-visit-news.txt"),
                                                       import_seed("kirklees-monitoring-visit-news.txt")};
    auto c = lp::reports::build_catalogue(std::move(reports), lp::test::lexicon_linker());
    REQUIRE(c.reports.size() == 2);
    CHECK(c.reports[0].id == "kirklees-monitoring");
    CHECK(c.reports[1].id == "kirklees-monitoring-2");
    CHECK(c.findings[7].id == "kirklees-monitoring-2-finding-01");
    CHECK(c.findings[7].report == "kirklees-monitoring-2");
    CHECK(c.themes.size() == lp::test::lexicon_linker().taxonomy().themes.size());
    CHECK_FALSE(c.links.empty());
    for (const auto& l : c.links) {
        CHECK(l.score > 0);
        CHECK_FALSE(l.matched.empty());
    }
    // And it survives a round trip through JSON.
    auto back = lp::parse_catalogue(lp::catalogue_to_json(c));
    REQUIRE(back.ok());
    CHECK(back->findings.size() == c.findings.size());
    CHECK(back->links.size() == c.links.size());
    CHECK(back->findings[0].text == c.findings[0].text);
}

TEST_CASE("the checked-in Kirklees catalogue is what the importer makes from the seeds") {
    auto checked_in = lp::parse_catalogue(lp::test::source_file("assets/themes/kirklees.json"));
    REQUIRE(checked_in.ok());
    std::vector<lp::reports::ImportedReport> reports;
    for (const char* name : {"kirklees-2011-unannounced-inspection-letter.txt", "kirklees-2017-commissioner-report.txt",
                             "kirklees-2019-ilacs-report.txt", "kirklees-ilacs-outcome-panel-minutes.txt",
                             "kirklees-monitoring-visit-news.txt"})
        reports.push_back(import_seed(name));
    auto fresh = lp::reports::build_catalogue(std::move(reports), lp::test::lexicon_linker());
    CHECK_MESSAGE(lp::catalogue_to_json(fresh) == lp::catalogue_to_json(*checked_in),
                  "run `tools/lp themes` to regenerate assets/themes/kirklees.json");
}

TEST_CASE("an Ofsted monitoring letter in prose is recognised by its title and keeps its findings") {
    const std::string doc =
        "12 February 2020\n\n"
        "Ms A Director\nDirector of Children's Services\nSomewhere Council\n\n"
        "Dear Ms Director\n\n"
        "Monitoring visit to Somewhere children's services\n\n"
        "This letter summarises what inspectors found when they visited Somewhere children's services on 21 and 22\n"
        "January 2020. The visit was the second since the local authority was judged inadequate.\n\n"
        "Headline findings\n\n"
        "Care leavers now have personal advisers who keep in touch, but pathway plans are not\n"
        "updated often enough.\n\n"
        "Too many children still go missing from care without a return home interview.\n\n"
        "Yours sincerely\n\nA Inspector\nHer Majesty's Inspector\n";
    CHECK(lp::reports::guess_kind(doc) == "monitoring");
    const auto r = lp::test::imported(doc, "monitoring-letter.txt", {"Somewhere", ""});
    CHECK(r.report.kind == "monitoring");
    CHECK(r.report.date == "2020-02-12");
    REQUIRE(r.findings.size() == 2);
    CHECK(r.findings[0].text ==
          "Care leavers now have personal advisers who keep in touch, but pathway plans are not updated often enough.");
    CHECK(r.findings[0].area == "care leavers");
    CHECK(r.findings[1].id == "somewhere-2020-monitoring-finding-02");
    auto links = lp::test::lexicon_linker().link(r.findings[1].text);
    REQUIRE_FALSE(links.empty());
    CHECK(links[0].id == "missing-from-care");
}
