#pragma once
// Config files are "key = value" lines; '#' starts a comment; values may be "quoted".
#include <lp/shared/result.hpp>

#include <map>
#include <string>
#include <vector>

namespace lp {

using ConfigValues = std::map<std::string, std::string>;

/// Parses config text; a malformed line gives invalid_input naming the line number.
Result<ConfigValues> parse_config(const std::string& text, const std::string& origin = "config");
/// Reads and parses a config file; a missing file gives not_found.
Result<ConfigValues> load_config_file(const std::string& path);
/// As load_config_file, but a missing file reads as no settings, so every default applies.
Result<ConfigValues> load_config_file_if_any(const std::string& path);

/// Typed lookups that fall back to a default and report a bad value as invalid_input.
Result<long long> config_int(const ConfigValues& c, const std::string& key, long long fallback);
Result<bool> config_bool(const ConfigValues& c, const std::string& key, bool fallback);
std::string config_string(const ConfigValues& c, const std::string& key, const std::string& fallback);
/// A comma-separated list ("a, b,,c") as its items: each trimmed of spaces and tabs, empty ones left out.
std::vector<std::string> comma_list(const std::string& text);

}  // namespace lp
