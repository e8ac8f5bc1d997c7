#pragma once
// A site's own help contact (service name and phone), set by a manager on the dashboard and
// delivered with the question set (its "site_contact" field). The help sheet shows it between
// "staff here can help" and Childline / 999, which always stay.
#include <lp/kiosk/strings.hpp>

#include <optional>
#include <string>
#include <vector>

namespace lp::kiosk {

struct KioskSiteContact {
    std::string name;   // "Hub A duty team"
    std::string phone;  // "01484 000000"
};

/// The "site_contact" of a delivered question set's JSON text; nullopt when absent or malformed.
std::optional<KioskSiteContact> site_contact_from_json(const std::string& question_set_json);
/// Reads it from a question-set file (nullopt: no file, no field).
std::optional<KioskSiteContact> site_contact_from_file(const std::string& path);

/// The help sheet's lines in order: staff here, the site's contact ("name: phone") when set,
/// Childline, 999.
std::vector<std::string> help_lines(const Strings& s, const std::optional<KioskSiteContact>& contact);

}  // namespace lp::kiosk
