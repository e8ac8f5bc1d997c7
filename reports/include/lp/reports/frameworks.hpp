#pragma once
// Ofsted's inspection frameworks as data: which judgements each grades, and the words reports use
// for them, mapped onto one canonical list of areas so that a 2014 "children looked after and
// achieving permanence" lines up with a 2023 "children in care". A new framework is a new row in
// frameworks.cpp (kFrameworks), not new code.
#include <string>
#include <string_view>
#include <vector>

namespace lp::reports {

/// The canonical areas, in the order pages show them.
const std::vector<std::string>& canonical_areas();

struct Framework {
    std::string id;                  // "ilacs-2023": family + version
    std::string family;              // "sif" | "ilacs"
    std::string version;             // "2013", "2018", "2023", "2026", ...
    std::string name;                // as Ofsted titles it
    int from_year = 0;               // first year reports use it
    std::vector<std::string> areas;  // canonical areas it grades
};

/// Every framework, oldest first (sif-2013, ilacs-2018, ilacs-2023, ilacs-2026, ...).
const std::vector<Framework>& frameworks();
/// The framework with this id; nullptr when there is none.
const Framework* framework_by_id(std::string_view id);

/// The framework whose graded areas are exactly `areas` (canonical), preferring the one in use
/// in `year` (0 = unknown) when several fit; nullptr when none does. A SIF report is recognised
/// by its adoption/lscb rows, an ILACS 2023 one by care leavers graded on their own, 2026 by no
/// overall grade.
const Framework* framework_for(const std::vector<std::string>& areas, int year);

/// One place where words name an area: [begin, end) in the text searched.
struct AreaMatch {
    std::size_t begin = 0, end = 0;
    std::string canonical;
};

/// Every non-overlapping area wording in `text` (longest wording wins), left to right. Matching
/// is case-insensitive on ASCII; offsets are into `text` itself.
std::vector<AreaMatch> find_areas(std::string_view text);

/// The canonical area a judgement's own words name ("2. Children looked after and achieving
/// permanence" -> "children-in-care"); "" when they name none or several.
std::string canonical_area(std::string_view wording);

/// Ofsted's full title for a canonical area in a framework family, for judgements read from prose.
std::string ofsted_title(const std::string& canonical, const std::string& family);

}  // namespace lp::reports
