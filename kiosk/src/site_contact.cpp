#include <lp/kiosk/site_contact.hpp>
#include <lp/shared/files.hpp>

#include <nlohmann/json.hpp>

namespace lp::kiosk {

std::optional<KioskSiteContact> site_contact_from_json(const std::string& question_set_json) {
    auto j = nlohmann::json::parse(question_set_json, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("site_contact")) return std::nullopt;
    const auto& c = j["site_contact"];
    if (!c.is_object() || !c.contains("name") || !c.contains("phone") || !c["name"].is_string() ||
        !c["phone"].is_string())
        return std::nullopt;
    KioskSiteContact out{c["name"].get<std::string>(), c["phone"].get<std::string>()};
    if (out.name.empty() && out.phone.empty()) return std::nullopt;
    return out;
}

std::optional<KioskSiteContact> site_contact_from_file(const std::string& path) {
    auto text = read_file(path);
    if (!text) return std::nullopt;
    return site_contact_from_json(*text);
}

std::vector<std::string> help_lines(const Strings& s, const std::optional<KioskSiteContact>& contact) {
    std::vector<std::string> out{s.help_staff};
    if (contact) out.push_back(contact->name.empty() ? contact->phone
                                                     : contact->phone.empty() ? contact->name
                                                                              : contact->name + ": " + contact->phone);
    out.push_back(s.help_childline);
    out.push_back(s.help_999);
    return out;
}

}  // namespace lp::kiosk
