#pragma once
// The JSON plaintext of one response, the thing sealed on the kiosk (docs/formats.md).
#include <lp/shared/model.hpp>
#include <lp/shared/result.hpp>

#include <string>
#include <string_view>

namespace lp {

constexpr std::size_t max_comment_chars = 2000;

/// Encodes a response as compact JSON.
std::string encode_response(const Response& response);
/// Decodes and checks field types; invalid_input with a message naming the bad field.
Result<Response> decode_response(std::string_view json_text);
/// Checks answers against their question set: known question ids, values allowed for the kind,
/// comment length. invalid_input naming the question on failure.
Status validate_response(const Response& response, const QuestionSet& set);

}  // namespace lp
