#include <lp/shared/csv.hpp>

namespace lp {

std::string csv_field(std::string_view text) {
    std::string value(text);
    // A spreadsheet would run a cell starting with = + - @ (or a tab or CR before one) as a
    // formula: prefix a quote.
    if (!value.empty() && std::string_view("=+-@\t\r").find(value[0]) != std::string_view::npos)
        value.insert(value.begin(), '\'');
    if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

}  // namespace lp
