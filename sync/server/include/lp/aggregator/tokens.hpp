#pragma once
// Secrets handed to kiosks: enrolment codes (typed by staff) and device bearer tokens.
// Only SHA-256 hashes of either are ever stored.
#include <cstdint>
#include <string>
#include <string_view>

namespace lp::aggregator {

/// Letters and digits nobody confuses on a touch screen (no 0/O, 1/I/L, 5/S, 2/Z, 8/B).
inline constexpr std::string_view enrol_code_alphabet = "34679ACDEFGHJKMNPQRTUVWXY";
inline constexpr std::size_t enrol_code_length = 10;

/// A new random enrolment code, e.g. "AC7F-KM9QRT" without the dash: "AC7FKM9QRT".
std::string make_enrol_code();
/// Upper-cases and drops spaces and dashes, so "ac7f-km9 qrt" matches; "" when a character is
/// outside the alphabet or the length is wrong.
std::string normalize_enrol_code(std::string_view typed);
/// Hash under which a (normalized) code is stored.
std::string enrol_code_hash(std::string_view normalized_code);

/// 32 random bytes as 64 hex characters.
std::string make_device_token();
/// Hash under which a token is stored (SHA-256 hex).
std::string device_token_hash(std::string_view token);
/// "dev-" followed by 16 random hex characters.
std::string make_device_id();
/// The device id a kiosk gets when it sends its enrolment key with a code: the same kiosk asking
/// again with the same code (its first answer lost) is the same device. "dev-" + 16 hex.
std::string device_id_for(std::string_view code_hash, std::string_view enrol_key);
// The token of a keyed enrolment is derived too, so every retry of it gets the same token: two
// retries whose answers cross on a slow network cannot leave the kiosk holding a dead token.
// Only the kiosk knows its key, and the id (sent in every batch) is a different hash of it.
std::string device_token_for(std::string_view code_hash, std::string_view enrol_key);
/// An enrolment key as kiosks send it: 64 hex characters (32 random bytes kept by the kiosk).
bool is_enrol_key(std::string_view key);

}  // namespace lp::aggregator
