#include <lp/shared/cli.hpp>

#include <cerrno>
#include <cstdlib>
#include <iostream>

namespace lp::cli {

std::optional<std::string> Args::get(const std::string& name) const {
    auto it = options.find(name);
    if (it == options.end()) return std::nullopt;
    return it->second;
}

std::string Args::require(const std::string& name) const {
    auto v = get(name);
    if (!v) throw UsageError("missing " + name);
    return *v;
}

long long Args::get_int(const std::string& name, long long fallback, long long lo, long long hi) const {
    auto v = get(name);
    if (!v) return fallback;
    errno = 0;
    char* end = nullptr;
    long long n = std::strtoll(v->c_str(), &end, 10);
    if (errno != 0 || end == v->c_str() || *end != '\0' || n < lo || n > hi)
        throw UsageError(name + " must be a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) +
                         ", got '" + *v + "'");
    return n;
}

Args parse(int argc, char** argv, int first, const std::set<std::string>& value_options,
           const std::set<std::string>& flag_options) {
    Args a;
    for (int i = first; i < argc; ++i) {
        std::string s = argv[i];
        if (s.rfind("--", 0) == 0 && s.size() > 2) {
            std::string value;
            bool inline_value = false;
            auto eq = s.find('=');
            if (eq != std::string::npos) {
                value = s.substr(eq + 1);
                s = s.substr(0, eq);
                inline_value = true;
            }
            if (value_options.count(s)) {
                if (!inline_value) {
                    if (i + 1 >= argc) throw UsageError(s + " needs a value");
                    value = argv[++i];
                }
                a.options[s] = value;
            } else if (flag_options.count(s) && !inline_value) {
                a.flags.insert(s);
            } else {
                throw UsageError("unknown option " + s);
            }
        } else {
            a.positionals.push_back(s);
        }
    }
    return a;
}

int exit_for_exception(const std::string& command) {
    try {
        throw;
    } catch (const UsageError& e) {
        std::cerr << command << ": " << e.what() << "\n";
        return 2;
    } catch (const std::exception& e) {
        std::cerr << command << ": " << e.what() << "\n";
        return 1;
    }
}

}  // namespace lp::cli
