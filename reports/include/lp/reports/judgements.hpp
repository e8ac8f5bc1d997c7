#pragma once
// Finds Ofsted judgements (area + grade) wherever a document states them: judgement tables and
// graded headings ("2.1 Adoption performance   Outstanding", a row wrapped over lines, a grade
// wrapped as "Requires improvement to be" / "good"), and prose ("overall effectiveness was judged
// to be 'good'", "The Local Safeguarding Children Board (LSCB) is good"). Areas are mapped onto
// the canonical list (frameworks.hpp); the document's own words are kept.
#include <lp/reports/lines.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lp::reports {

struct FoundJudgement {
    std::string wording;    // the document's words for the area
    std::string canonical;  // canonical area
    std::string grade;      // Ofsted's wording of the grade
    std::string date;       // prose only: the inspection the statement is about ("2018-10", "2018"), "" if unknown
    bool row = false;       // from a table row or graded heading (else from prose)
};

struct FoundJudgements {
    std::vector<FoundJudgement> latest;  // one per canonical area, document order
    // Earlier inspections a document also reports (minutes giving the 2022 and 2024 outcomes).
    std::vector<std::pair<std::string, std::vector<FoundJudgement>>> earlier;
    bool from_table = false;  // any judgement came from a table row or graded heading
};

/// The grade named at `pos` in `text` (ASCII case-insensitive, after quotes), in Ofsted's wording;
/// `end` is set past it. nullopt when no grade starts there.
std::optional<std::string> grade_at(std::string_view text, std::size_t pos, std::size_t* end = nullptr);

/// A line that is a judgement row or graded heading, possibly wrapped over the lines after it:
/// the judgement and how many lines it took; nullopt otherwise.
std::optional<FoundJudgement> judgement_row(const std::vector<Line>& lines, std::size_t i, std::size_t* used_lines);

/// Every judgement the document states. Rows win over prose for an area; with rows present, prose
/// only adds present-tense statements ("... is good"); prose about an earlier inspection of an
/// area stated again later goes to `earlier`.
FoundJudgements find_judgements(const std::vector<Line>& lines);

}  // namespace lp::reports
