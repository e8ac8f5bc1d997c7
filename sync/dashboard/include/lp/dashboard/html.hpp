#pragma once
// HTML building blocks: every value that reaches a page goes through escape().
#include <lp/shared/csv.hpp>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace lp::dashboard::html {

/// Escapes & < > " ' for text and attribute values; other bytes (UTF-8, emoji) pass unchanged.
std::string escape(std::string_view text);
/// Percent-encodes a query-string value (RFC 3986 unreserved characters stay).
std::string url_encode(std::string_view text);
/// "?a=1&b=2" from pairs, skipping empty values; "" when all are empty. Values are encoded,
/// and the whole string is safe to put into an href attribute (the & is escaped).
std::string query(const std::vector<std::pair<std::string, std::string>>& params);
/// Escapes a CSV field (quotes when it holds , " or a line break; neutralises = + - @ formulas).
using lp::csv_field;

}  // namespace lp::dashboard::html
