#pragma once
// Config files are "key = value" lines; '#' starts a comment; values may be "quoted".
#include <lp/shared/result.hpp>

#include <map>
#include <string>

namespace lp {

using ConfigValues = std::map<std::string, std::string>;

/// Parses config text; a malformed line gives invalid_input naming the line number.
Result<ConfigValues> parse_config(const std::string& text, const std::string& origin = "config");
/// Reads and parses a config file; a missing file gives not_found.
Result<ConfigValues> load_config_file(const std::string& path);

/// Typed lookups that fall back to a default and report a bad value as invalid_input.
Result<long long> config_int(const ConfigValues& c, const std::string& key, long long fallback);
Result<bool> config_bool(const ConfigValues& c, const std::string& key, bool fallback);
std::string config_string(const ConfigValues& c, const std::string& key, const std::string& fallback);

}  // namespace lp
