#pragma once
// Small facts read from inspection wording: Ofsted grades, judgement areas, dates.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lp::reports {

/// The Ofsted grade a phrase ends with ("... requires improvement to be good"), in Ofsted's
/// wording ("Requires improvement to be good", "Inadequate", "Good", "Outstanding"); nullopt if none.
std::optional<std::string> trailing_grade(std::string_view text);

/// Finding area from a judgement title or section heading: "help and protection", "children in
/// care", "care leavers" (2023 framework's own judgement), "leadership", "overall" or "".
/// "children in care and care leavers" (2018 framework) gives "children in care".
std::string judgement_area_of(std::string_view text);

/// Canonical Ofsted title of a judgement named loosely ("overall Effectiveness" -> "Overall
/// effectiveness"); "" when the text names no judgement.
std::string canonical_judgement(std::string_view text);

/// Finding area guessed from a finding's words; "unknown" when nothing points anywhere.
std::string area_from_words(std::string_view text);

/// Every date in a line as ISO text: "10 June 2019" -> "2019-06-10", "August 2017" -> "2017-08".
std::vector<std::string> dates_in(std::string_view text);

/// The line is nothing but a date ("11 August 2011", "August 2017").
bool is_date_line(std::string_view text);

/// Lower-case slug of a name: "Kirklees Council" -> "kirklees-council".
std::string slug(std::string_view name);

}  // namespace lp::reports
