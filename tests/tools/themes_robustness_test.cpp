#include <lp/shared/safeguarding.hpp>
#include <lp/reports/importer.hpp>
#include <lp/reports/lines.hpp>
#include <random>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace {

// Pieces that odd exports are made of: every bullet style, numbering, headings, tables, quotes,
// non-breaking spaces, stray UTF-8 continuation bytes, HTML, CR/LF, NULs and long runs.
const std::vector<std::string> kPieces = {
    "- ",
    "\xE2\x80\x93 ",
    "\xE2\x80\xA2 ",
    "\xE2\x96\xAA",
    "* ",
    "- 1. ",
    "(2) ",
    "12) ",
    "1.\t",
    "# ",
    "### ",
    "**",
    "\t",
    "   ",
    "\n",
    "\n\n\n",
    "\r\n",
    "\xC2\xA0",
    "\xE2\x80\x9C",
    "\xE2\x80\x9D",
    "\xE2\x80\x99",
    "'",
    "\"",
    "|",
    " | ",
    "<ul style=\"x\">",
    "<a href=\"y\">",
    "</a>",
    "&nbsp;",
    "&",
    "<",
    ">",
    "\x80",
    "\xBF\xBF",
    "\xF0\x9F",
    "\xE2",
    std::string(1, '\0'),
    "Strengths\n",
    "Areas for development\n",
    "What needs to improve\n",
    "Judgement\tGrade\n",
    "Overall effectiveness\tGood\n",
    "The experiences and progress of care leavers is good\n",
    "Dear Sir\n",
    "Yours sincerely\n",
    "RESOLVED:\n",
    "Areas judged to be good were:\n",
    "monitoring visit ",
    "Commissioner ",
    "requires improvement to be good",
    "judged to be 'inadequate'",
    "10 June 2019",
    "August",
    "2019",
    "care leavers",
    "children in care",
    "personal advisers",
    "a",
    "The quality of plans.",
    ";",
    " and",
    "0",
    "999999999999999999999",
    ".",
    ":",
    "(",
    ")",
    std::string(300, 'x'),
    std::string(50, '-'),
};

std::string garbage(std::mt19937& rng, std::size_t pieces) {
    std::uniform_int_distribution<std::size_t> pick(0, kPieces.size() - 1);
    std::uniform_int_distribution<int> byte(0, 255);
    std::string s;
    for (std::size_t i = 0; i < pieces; ++i) {
        if (i % 17 == 16) {
            s.push_back(static_cast<char>(byte(rng)));
        } else {
            s += kPieces[pick(rng)];
        }
    }
    return s;
}

}  // namespace

TEST_CASE("generated garbage, bullets and broken UTF-8 never crash the importer, linker or scan") {
    std::mt19937 rng(20261125);
    const auto& linker = lp::test::taxonomy_linker();
    int understood = 0;
    for (int round = 0; round < 400; ++round) {
        std::string doc = garbage(rng, 5 + static_cast<std::size_t>(round % 120));
        auto r = lp::reports::import_document(doc, "garbage.txt", {"Odd", ""});
        if (r.ok()) {
            ++understood;
            for (const auto& f : r->findings) {
                CHECK_FALSE(f.id.empty());
                CHECK_FALSE(f.text.empty());
            }
            auto c = lp::reports::build_catalogue({std::move(r).value()}, linker);
            auto json = lp::catalogue_to_json(c);  // must be valid JSON even from invalid UTF-8
            CHECK(lp::parse_catalogue(json).ok());
        } else {
            CHECK(r.error().message.find("guessed kind") != std::string::npos);
        }
        (void)linker.link(doc);
        (void)lp::scan_safeguarding(doc);
    }
    MESSAGE("garbage documents that looked like inspection material: " << understood << " of 400");
}

TEST_CASE("every bullet style and numbering is removed from the text") {
    auto lines = lp::reports::read_lines(
        "- plain dash\n\xE2\x80\x93 en dash\n\xE2\x80\xA2 round\n\t\xE2\x96\xAA square\n- 1. numbered dash\n"
        "(3) bracketed\n# Heading\n**bold** text\n  - 12. deep\n-5% is a number\n");
    REQUIRE(lines.size() >= 10);
    CHECK(lines[0].text == "plain dash");
    CHECK(lines[0].marker == "-");
    CHECK(lines[1].text == "en dash");
    CHECK(lines[2].text == "round");
    CHECK(lines[3].text == "square");
    CHECK(lines[4].text == "numbered dash");
    CHECK(lines[4].number == 1);
    CHECK(lines[5].number == 3);
    CHECK(lines[6].heading);
    CHECK(lines[6].text == "Heading");
    CHECK(lines[7].text == "bold text");
    CHECK(lines[8].number == 12);
    CHECK(lines[9].text == "-5% is a number");
    CHECK(lines[9].marker.empty());
}

TEST_CASE("a list of the letter's shape survives blank-line noise, tabs and curly quotes") {
    const std::string doc =
        "Dear Director\n\nInspection of things\n\n\n\nStrengths\n\n\n"
        "\t\xE2\x80\xA2 Children\xE2\x80\x99s views are \xE2\x80\x9C"
        "heard\xE2\x80\x9D.\n\n\n\n"
        "\t\xE2\x80\xA2 Staff know\n\n\nchildren well.\n"
        "Areas for development\n- 1. Plans lack timescales.\n- 2. Supervision is irregular.\n\nYours sincerely\n";
    const auto r = lp::test::imported(doc, "odd-letter.txt", {"Odd", "2020-01-02"});
    CHECK(r.report.date == "2020-01-02");
    CHECK(r.report.id == "odd-2020-letter");
    REQUIRE(r.findings.size() == 4);
    CHECK(r.findings[0].text == "Children\xE2\x80\x99s views are \xE2\x80\x9Cheard\xE2\x80\x9D.");
    CHECK(r.findings[1].text == "Staff know children well.");
    CHECK(r.findings[2].kind == "improvement");
    CHECK(r.findings[3].text == "Supervision is irregular.");
}
