#pragma once
// Safe JSON parsing for untrusted input: bounded nesting, no exceptions across the boundary.
#include <lp/shared/result.hpp>

#include <nlohmann/json.hpp>

#include <string_view>

namespace lp {

/// Parses JSON text, refusing nesting deeper than max_depth and invalid UTF-8.
/// The error message says what was wrong and where (byte offset).
Result<nlohmann::json> parse_json(std::string_view text, int max_depth = 32);

/// True when s is a non-empty id of a-z, 0-9 and '-' (at most max_len characters).
bool is_slug(std::string_view s, std::size_t max_len = 64);

}  // namespace lp
