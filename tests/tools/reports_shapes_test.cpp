// The report reader's pieces on small documents of each shape: frameworks as data, judgement rows
// and prose, page furniture, HTML, refused inputs, and the catalogue's new fields.
#include <algorithm>
#include <lp/reports/frameworks.hpp>
#include <lp/reports/furniture.hpp>
#include <lp/reports/importer.hpp>
#include <lp/reports/input.hpp>
#include <lp/reports/judgements.hpp>
#include <lp/shared/catalogue.hpp>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace {

std::vector<std::string> canonicals(const std::vector<lp::Judgement>& js) {
    std::vector<std::string> out;
    for (const auto& j : js) out.push_back(j.canonical + "=" + j.grade);
    return out;
}

// The improvement points the reader finds in `text`, in order.
std::vector<std::string> improvement_points(const std::string& text, const std::string& authority) {
    lp::reports::ImportOptions options;
    options.authority = authority;
    auto imported = lp::reports::import_document(text, authority + ".txt", options);
    REQUIRE(imported);
    std::vector<std::string> out;
    for (const auto& f : imported->findings)
        if (f.kind == "improvement") out.push_back(f.text);
    return out;
}

}  // namespace

TEST_CASE("the framework table tells SIF and the ILACS versions apart by the areas they grade") {
    using lp::reports::framework_for;
    auto id = [](const lp::reports::Framework* f) { return f == nullptr ? std::string("none") : f->id; };
    CHECK(id(framework_for(
              {"overall", "help-and-protection", "children-in-care", "adoption", "care-leavers", "leadership", "lscb"},
              2014)) == "sif-2013");
    CHECK(id(framework_for({"leadership", "help-and-protection", "children-in-care", "overall"}, 2019)) ==
          "ilacs-2018");
    CHECK(id(framework_for({"leadership", "help-and-protection", "children-in-care", "care-leavers", "overall"},
                           2024)) == "ilacs-2023");
    CHECK(id(framework_for({"leadership", "help-and-protection", "children-in-care", "care-leavers"}, 2026)) ==
          "ilacs-2026");
    CHECK(id(framework_for({}, 2020)) == "none");
    // Every framework's areas are canonical areas.
    for (const auto& f : lp::reports::frameworks())
        for (const auto& a : f.areas)
            CHECK(std::find(lp::reports::canonical_areas().begin(), lp::reports::canonical_areas().end(), a) !=
                  lp::reports::canonical_areas().end());
}

TEST_CASE("area wordings across frameworks map onto one canonical list, longest wording first") {
    using lp::reports::canonical_area;
    CHECK(canonical_area("2. Children looked after and achieving permanence") == "children-in-care");
    CHECK(canonical_area("The experiences and progress of children in care and care leavers") == "children-in-care");
    CHECK(canonical_area("The experiences and progress of care leavers") == "care-leavers");
    CHECK(canonical_area("2.1 Adoption performance") == "adoption");
    CHECK(canonical_area("Leadership, management and governance") == "leadership");
    CHECK(canonical_area("The Local Safeguarding Children Board (LSCB)") == "lscb");
    CHECK(canonical_area("OVERALL EFFECTIVENESS") == "overall");
    CHECK(canonical_area("Shopping list") == "");
}

TEST_CASE("judgement rows: wrapped names, wrapped grades, any case and quoting, sentences are not rows") {
    auto found = lp::reports::find_judgements(
        lp::reports::read_lines("1. Children who need help and protection        GOOD\n"
                                "2. Children looked after and achieving\n"
                                "permanence\n"
                                "'Requires improvement to be\n"
                                "good'\n"
                                "2.1 Adoption performance                       Outstanding\n"
                                "However, the experiences of care leavers are not yet good.\n"));
    REQUIRE(found.latest.size() == 3);
    CHECK(found.latest[0].canonical == "help-and-protection");
    CHECK(found.latest[0].grade == "Good");
    CHECK(found.latest[1].canonical == "children-in-care");
    CHECK(found.latest[1].grade == "Requires improvement to be good");
    CHECK(found.latest[1].wording == "Children looked after and achieving permanence");
    CHECK(found.latest[2].grade == "Outstanding");
}

TEST_CASE("prose judgements: the latest inspection wins, the earlier one is history") {
    auto found = lp::reports::find_judgements(lp::reports::read_lines(
        "At the inspection in March 2019 overall effectiveness was judged as 'inadequate', while the experiences "
        "and progress of care leavers had been judged 'requires improvement'.\n\n"
        "The outcomes of the June 2024 inspection were:\n"
        "- overall effectiveness was judged to be \xE2\x80\x98Good\xE2\x80\x99;\n"
        "- the experiences and progress of care leavers were judged to be 'outstanding'.\n"));
    REQUIRE(found.latest.size() == 2);
    CHECK(found.latest[0].canonical == "overall");
    CHECK(found.latest[0].grade == "Good");
    CHECK(found.latest[1].grade == "Outstanding");
    REQUIRE(found.earlier.size() == 1);
    CHECK(found.earlier[0].first == "2019-03");
    REQUIRE(found.earlier[0].second.size() == 2);
    CHECK(found.earlier[0].second[0].grade == "Inadequate");
    CHECK(found.earlier[0].second[1].grade == "Requires improvement to be good");
}

TEST_CASE("page furniture goes: page numbers, running headers, copyright, contents, footnotes, hyphens") {
    const std::string pages =
        "Oldtown inspection report: May 2015\n\nContents\n\nSummary        3\nWhat needs to improve     4\n\n"
        "Page 1 of 3\n"
        "Oldtown inspection report: May 2015\n\n"
        "The Local Safeguarding Children Board1 is good. Assessments of chil-\n"
        "dren's needs are thorough.\n\n"
        "2 A footnote that explains something.\n\nPage 2 of 3\n"
        "Oldtown inspection report: May 2015\n\nLast words.\n\n\xC2\xA9 Crown copyright 2015\n\n3\n";
    std::string text = lp::reports::remove_page_furniture(pages);
    CAPTURE(text);
    lp::test::check_gone_and_kept(text, {"Page", "Oldtown inspection report", "Contents", "Crown copyright", "footnote"},
                                  {"Board is good", "children's needs are thorough", "Last words."});
}

TEST_CASE("HTML as saved from the web: navigation and scripts go, rows and list items stay lines") {
    const std::string html =
        "<html><head><title>x</title><style>p{}</style></head><body><nav><a>Home</a></nav>"
        "<script>var a = '<p>no</p>';</script><main><h2>What needs to improve?</h2>"
        "<ul><li>The quality of plans &amp; reviews</li><li>Care leavers&rsquo; housing</li></ul>"
        "<table><tr><th>Judgement</th><th>Grade</th></tr><tr><td>Overall effectiveness</td><td>Good</td></tr></table>"
        "</main><footer>Cookies</footer></body></html>";
    std::string text = lp::reports::html_to_text(html);
    CAPTURE(text);
    lp::test::check_gone_and_kept(text, {"Home", "var a", "Cookies"},
                                  {"## What needs to improve?\n", "- The quality of plans & reviews\n",
                                   "- Care leavers\xE2\x80\x99 housing\n", "Overall effectiveness | Good\n"});
}

TEST_CASE("inputs that are not readable reports get distinct errors") {
    auto message = [](const std::string& bytes, const std::string& name) {
        auto r = lp::reports::read_document_bytes(bytes, name);
        REQUIRE_FALSE(r.ok());
        return r.error().message;
    };
    CHECK(message("", "a.txt").find("empty") != std::string::npos);
    CHECK(message(std::string("\xFF\xD8\xFF\xE0\0\x10JFIF", 10), "a.pdf").find("JPEG") != std::string::npos);
    CHECK(message("%PDF-1.4\n1 0 obj\n<< /Type /Catalog", "a.pdf").find("damaged") != std::string::npos);
    CHECK(message("hello", "a.pdf").find("not a PDF") != std::string::npos);
    CHECK(lp::reports::read_document_bytes("Just text\n", "a.txt")->format == "text");
}

TEST_CASE("a document with nothing an inspection says is refused, naming what was looked for") {
    auto r = lp::reports::import_document("Minutes of the allotments society\n\nThe hedge was trimmed.\n", "x.txt",
                                          {"X", ""});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message.find("judgement") != std::string::npos);
    CHECK(r.error().message.find("focused visit") != std::string::npos);
}

TEST_CASE("a SIF report is recognised by its structure and records its framework") {
    const std::string doc =
        "Inspection of services for children in need of help and protection, children looked after and care leavers\n"
        "and\nReview of the effectiveness of the Local Safeguarding Children Board\n\n"
        "Inspection date: 2 March 2015\n\n"
        "The overall judgement is that children's services require improvement to be good.\n\n"
        "1. Children who need help and protection       Inadequate\n"
        "2. Children looked after and achieving permanence      Good\n"
        "3. Leadership, management and governance        Requires improvement\n\n"
        "The Local Safeguarding Children Board (LSCB) is good.\n\n"
        "What does the local authority need to improve?\n\n"
        "4. Make sure that strategy discussions include the police.\n";
    const auto r = lp::test::imported(doc, "sif.txt", {"Oldtown", ""});
    CHECK(r.report.kind == "sif");
    CHECK(r.report.framework == "sif");
    CHECK(r.report.framework_version == "2013");
    CHECK(canonicals(r.report.judgements) ==
          std::vector<std::string>{"overall=Requires improvement to be good", "help-and-protection=Inadequate",
                                   "children-in-care=Good", "leadership=Requires improvement to be good", "lscb=Good"});
}

TEST_CASE("catalogues without frameworks still load, new fields round-trip") {
    auto old = lp::parse_catalogue(
        R"({"reports":[{"id":"a","kind":"ilacs","judgements":[{"area":"Overall effectiveness","grade":"Good"}]}],)"
        R"("findings":[],"themes":[],"links":[]})");
    REQUIRE(old.ok());
    CHECK(old->reports[0].framework.empty());
    CHECK(old->reports[0].judgements[0].canonical.empty());
    lp::Catalogue c;
    lp::Report r;
    r.id = "b";
    r.kind = "minutes";
    r.framework = "ilacs";
    r.framework_version = "2023";
    r.judgements.push_back(lp::Judgement{"Overall effectiveness", "Good", "overall"});
    r.history.push_back(
        lp::EarlierInspection{"2019-03", {lp::Judgement{"Overall effectiveness", "Inadequate", "overall"}}});
    c.reports.push_back(r);
    auto back = lp::parse_catalogue(lp::catalogue_to_json(c));
    REQUIRE(back.ok());
    CHECK(back->reports[0].framework_version == "2023");
    CHECK(back->reports[0].judgements[0].canonical == "overall");
    REQUIRE(back->reports[0].history.size() == 1);
    CHECK(back->reports[0].history[0].judgements[0].grade == "Inadequate");
}

TEST_CASE("'improved from X to Y' and 'remained X' give the latest grade and the one before") {
    auto found = lp::reports::find_judgements(lp::reports::read_lines(
        "Report of the Director to the Scrutiny Panel, 9 July 2024\n\n"
        "The previous inspection took place in March 2022. At the inspection in May 2024, overall effectiveness "
        "improved from requires improvement to be good to good. The experiences and progress of children who need "
        "help and protection remained good, and the experiences and progress of children in care continued to be "
        "judged outstanding.\n"));
    REQUIRE(found.latest.size() == 3);
    CHECK(found.latest[0].canonical == "overall");
    CHECK(found.latest[0].grade == "Good");
    REQUIRE(found.earlier.size() == 1);
    CHECK(found.earlier[0].first.substr(0, 4) == "2022");
    REQUIRE(found.earlier[0].second.size() == 3);
    CHECK(found.earlier[0].second[0].canonical == "overall");
    CHECK(found.earlier[0].second[0].grade == "Requires improvement to be good");
    CHECK(found.earlier[0].second[1].grade == "Good");
    CHECK(found.earlier[0].second[2].grade == "Outstanding");
}

TEST_CASE("a wrapped prose line that starts with a list heading's word is not a list") {
    // PDF text keeps the line breaks and drops the blank line before the heading: "weaknesses and
    // have plans ..." continues a paragraph; it is not a "Weaknesses" heading over the next line.
    const std::string report =
        "Inspection of Eastholm children's social care services\n"
        "Judgement | Grade\n"
        "The impact of leaders on social work practice with children and families | Good\n"
        "The experiences and progress of children who need help and protection | Good\n"
        "The experiences and progress of children in care and care leavers | Good\n"
        "Overall effectiveness | Good\n\n"
        "Leaders know the service well. Leaders understand these\n"
        "weaknesses and have plans to address them, but some of these plans\n"
        "were only agreed shortly before the inspection.\n"
        "What needs to improve in this local authority?\n"
        "- The timeliness of permanence planning for children in care.\n"
        "- The consistency of care plans across the teams.\n";
    lp::reports::ImportOptions options;
    options.authority = "Eastholm";
    auto imported = lp::reports::import_document(report, "eastholm.txt", options);
    REQUIRE(imported);
    std::vector<std::string> improvements;
    for (const auto& f : imported->findings)
        if (f.kind == "improvement") improvements.push_back(f.text);
    CHECK(improvements == std::vector<std::string>{"The timeliness of permanence planning for children in care.",
                                                   "The consistency of care plans across the teams."});
}

TEST_CASE("a judgement table with the grade column first reads like one with it last") {
    auto found = lp::reports::find_judgements(lp::reports::read_lines(
        "| Grade | Area |\n|---|---|\n"
        "| Inadequate | Overall effectiveness |\n"
        "| Requires improvement to be good | The experiences and progress of children who need help and protection |\n"
        "| Good | The experiences and progress of care leavers |\n"));
    std::vector<std::string> got;
    for (const auto& j : found.latest) got.push_back(j.canonical + "=" + j.grade);
    CHECK(got == std::vector<std::string>{"overall=Inadequate", "help-and-protection=Requires improvement to be good",
                                          "care-leavers=Good"});
}

TEST_CASE("a graded section heading wrapped over two lines ends the list before it") {
    // PDF text: an unbulleted "What needs to improve?" list, a page break, then the first graded
    // section's heading wrapped so that its grade sits on a lower-case second line.
    const std::string report =
        "Inspection of Westbury children's social care services\n"
        "Judgement | Grade\n"
        "The impact of leaders on social work practice with children and families | Good\n"
        "The experiences and progress of children who need help and protection | Requires improvement to be good\n"
        "The experiences and progress of children in care | Good\n"
        "The experiences and progress of care leavers | Good\n"
        "Overall effectiveness | Good\n\n"
        "What needs to improve?\n"
        " The speed with which strategy meetings are held when risk\n"
        "rises for a child.\n"
        " The recording of why a case is closed after an assessment.\n\n\n\n"
        "The experiences and progress of children who need help and\n"
        "protection: requires improvement to be good\n"
        "1. Families who ask for early support are seen quickly by a\n"
        "small team of family workers.\n"
        "2. Out-of-hours social workers act promptly when a child is at risk.\n";
    CHECK(improvement_points(report, "Westbury") ==
          std::vector<std::string>{
              "The speed with which strategy meetings are held when risk rises for a child.",
              "The recording of why a case is closed after an assessment."});
    // The wrapped heading still opens its section: its paragraphs are help-and-protection findings.
    lp::reports::ImportOptions options;
    options.authority = "Westbury";
    auto imported = lp::reports::import_document(report, "westbury.txt", options);
    REQUIRE(imported);
    std::size_t in_section = 0;
    for (const auto& f : imported->findings)
        if (f.kind == "finding" && f.area == "help and protection") ++in_section;
    CHECK(in_section == 2);
}

TEST_CASE("'with a focus on:' is what a visit looked at and 'should focus on:' is what to improve") {
    const std::string letter =
        "Dear Ms Hale\n"
        "# Monitoring visit to Brookfield children's services\n"
        "Inspectors looked at the help given to young people leaving care, with a focus on:\n"
        "- young people who live in supported lodgings\n"
        "- the planning for young people turning 18\n"
        "# Areas for improvement\n"
        "- The range of homes offered to young people at 18.\n"
        "- How quickly personal advisers are allocated.\n"
        "Yours sincerely\n";
    CHECK(improvement_points(letter, "Brookfield") ==
          std::vector<std::string>{"The range of homes offered to young people at 18.",
                                   "How quickly personal advisers are allocated."});
    const std::string minutes =
        "Minutes of the Children's Scrutiny Panel\n"
        "Present: Councillors Amin, Boyd and Clarke\n"
        "Overall effectiveness was judged to be good.\n"
        "The inspectors said the council should focus on:\n"
        "- the timeliness of health assessments for children in care\n"
        "- the take-up of return home interviews\n";
    CHECK(improvement_points(minutes, "Brookfield") ==
          std::vector<std::string>{"the timeliness of health assessments for children in care",
                                   "the take-up of return home interviews"});
}

TEST_CASE("a council paper's recommendation to its readers is not an improvement point") {
    // Both ways a paper puts its decision to councillors: "X is asked to:" with a list, and a
    // resolution starting "That ...". Ofsted's own points, above them, are kept.
    const std::string paper =
        "Report to the Children's Overview Committee\n"
        "Report author: Service Manager, Quality\n"
        "Overall effectiveness was judged to be good.\n"
        "Inspectors asked the council to improve:\n"
        "- the speed of reviews for children placed with family members\n"
        "- the quality of chronologies in the disabled children's team\n\n"
        "Recommendation\n"
        "The Committee is asked to:\n"
        "- note the judgements in the inspection report;\n"
        "- agree to receive the action plan in the spring.\n";
    CHECK(improvement_points(paper, "Brookfield") ==
          std::vector<std::string>{"the speed of reviews for children placed with family members",
                                   "the quality of chronologies in the disabled children's team"});
    const std::string resolution =
        "Report to the Children's Overview Committee\n"
        "Overall effectiveness was judged to be good.\n"
        "Inspectors asked the council to improve:\n"
        "- the speed of reviews for children placed with family members\n\n"
        "Recommendations\n\n"
        "That members welcome the outcome of the inspection and thank the staff involved.\n";
    CHECK(improvement_points(resolution, "Brookfield") ==
          std::vector<std::string>{"the speed of reviews for children placed with family members"});
}

TEST_CASE("a council paper's own heading ends an unbulleted list of improvement points") {
    const std::string paper =
        "Report to the Children's Overview Committee\n"
        "Wards affected: all\n"
        "Overall effectiveness was judged to be requires improvement to be good.\n\n"
        "Areas for improvement\n"
        "The timeliness of initial health assessments.\n"
        "The support given to carers who look after a relative's child.\n\n"
        "Contact officer: Head of Safeguarding, extension 4410\n";
    CHECK(improvement_points(paper, "Brookfield") ==
          std::vector<std::string>{"The timeliness of initial health assessments.",
                                   "The support given to carers who look after a relative's child."});
}
