#pragma once
#include <cstdint>
#include <string>

namespace lp {

/// Seconds since the Unix epoch, UTC.
std::int64_t now_unix();
/// Rounds down to the hour, for privacy: "2026-11-25T14:00:00Z".
std::string hour_rounded_utc(std::int64_t unix_seconds);
/// ISO-8601 UTC "2026-11-25T14:03:12Z".
std::string iso_utc(std::int64_t unix_seconds);
/// Parses "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ"; -1 when malformed.
std::int64_t parse_iso_utc(const std::string& s);

}  // namespace lp
