#pragma once
// Safe JSON parsing for untrusted input: bounded nesting, no exceptions across the boundary.
#include <lp/shared/result.hpp>

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace lp {

/// Parses JSON text, refusing nesting deeper than max_depth and invalid UTF-8.
/// The error message says what was wrong and where (byte offset).
Result<nlohmann::json> parse_json(std::string_view text, int max_depth = 32);

/// Calls each with every non-blank line of a JSON Lines text, parsed. Stops at the first line
/// that is not JSON or that each throws for: invalid_input "line N: " and what was wrong.
Status for_each_json_line(const std::string& jsonl, const std::function<void(const nlohmann::json&)>& each);

/// True when s is a non-empty id of a-z, 0-9 and '-' (at most max_len characters).
bool is_slug(std::string_view s, std::size_t max_len = 64);

/// A list of strings as JSON text, for a database column.
std::string to_json_list(const std::vector<std::string>& v);
/// The strings of a JSON array; anything else (or a non-string element) is left out.
std::vector<std::string> from_json_list(const std::string& text);

}  // namespace lp
