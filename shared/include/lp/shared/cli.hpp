#pragma once
// Tiny argument parser shared by every binary: "--name value", "--flag", positionals.
// Usage errors are reported as UsageError; mains print one line and exit 2.
#include <map>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace lp::cli {

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

struct Args {
    std::map<std::string, std::string> options;  // "--data" -> "DIR"
    std::set<std::string> flags;                 // "--help"
    std::vector<std::string> positionals;

    bool has(const std::string& flag) const { return flags.count(flag) > 0 || options.count(flag) > 0; }
    std::optional<std::string> get(const std::string& name) const;
    /// Throws UsageError "missing --name" when absent.
    std::string require(const std::string& name) const;
    /// Parses an integer option within [lo, hi]; throws UsageError naming the option otherwise.
    long long get_int(const std::string& name, long long fallback, long long lo, long long hi) const;
};

/// Parses argv[first..]; value_options take a value, flag_options do not; anything else
/// starting with "--" is a UsageError ("unknown option --x").
Args parse(int argc, char** argv, int first, const std::set<std::string>& value_options,
           const std::set<std::string>& flag_options);

/// The exit code of a command that threw: call it inside `catch (...)`. Prints
/// "command: what" to stderr and returns 2 for a UsageError, 1 for any other std::exception;
/// rethrows anything else.
int exit_for_exception(const std::string& command);

}  // namespace lp::cli
