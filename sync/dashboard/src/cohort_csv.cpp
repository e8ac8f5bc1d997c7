#include <lp/dashboard/cohort_csv.hpp>
#include <map>
#include <tuple>

namespace lp::dashboard {
namespace {

constexpr int max_listed_errors = 20;

/// Splits one CSV line (RFC 4180 quoting, no line breaks inside fields). false on a bad quote.
bool split_line(const std::string& line, std::vector<std::string>& fields) {
    fields.assign(1, "");
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                fields.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                fields.back() += c;
            }
        } else if (c == '"' && fields.back().empty()) {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else {
            fields.back() += c;
        }
    }
    return !quoted;
}

std::string trim(const std::string& s) {
    const auto a = s.find_first_not_of(" \t");
    if (a == std::string::npos) return "";
    return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

}  // namespace

Result<std::vector<Cohort>> parse_cohort_csv(const std::string& text) {
    std::vector<Cohort> rows;
    std::vector<std::string> errors;
    std::map<std::tuple<std::string, std::string, std::string>, int> seen;  // group → line
    std::size_t pos = 0;
    int line_no = 0;
    bool header_seen = false;
    auto error = [&](const std::string& m) { errors.push_back("line " + std::to_string(line_no) + ": " + m); };
    while (pos <= text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string::npos) end = text.size();
        std::string line = text.substr(pos, end - pos);
        pos = end + 1;
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // a spreadsheet's BOM
        if (trim(line).empty()) continue;
        std::vector<std::string> f;
        if (!header_seen) {
            header_seen = true;
            if (!split_line(line, f) || f.size() != 4 || trim(f[0]) != "quarter" || trim(f[1]) != "site" ||
                trim(f[2]) != "age_band" || trim(f[3]) != "size")
                return Error{Errc::invalid_input, "line " + std::to_string(line_no) + ": the first line must be '" +
                                                      cohort_csv_header + "'"};
            continue;
        }
        if (!split_line(line, f)) {
            error("a quoted field is not closed");
            continue;
        }
        if (f.size() != 4) {
            error("expected 4 fields (quarter,site,age_band,size), found " + std::to_string(f.size()));
            continue;
        }
        Cohort c{trim(f[0]), trim(f[1]), trim(f[2]), -1};
        const std::string size = trim(f[3]);
        if (size.empty() || size.size() > 9 || size.find_first_not_of("0123456789") != std::string::npos) {
            error("size '" + size + "' is not a whole number");
            continue;
        }
        c.size = std::stoll(size);
        if (auto s = check_cohort(c); !s) {
            error(s.error().message);
            continue;
        }
        auto [it, fresh] = seen.emplace(std::make_tuple(c.quarter, c.site, c.age_band), line_no);
        if (!fresh) {
            error("the same quarter, site and age band as line " + std::to_string(it->second));
            continue;
        }
        rows.push_back(std::move(c));
    }
    if (!header_seen) return Error{Errc::invalid_input, std::string("the file is empty; its first line must be '") +
                                                            cohort_csv_header + "'"};
    if (!errors.empty()) {
        std::string m = std::to_string(errors.size()) + (errors.size() == 1 ? " bad row" : " bad rows") +
                        ", nothing imported:";
        for (std::size_t i = 0; i < errors.size() && i < max_listed_errors; ++i) m += "\n  " + errors[i];
        if (errors.size() > max_listed_errors) m += "\n  ...";
        return Error{Errc::invalid_input, m};
    }
    return rows;
}

}  // namespace lp::dashboard
