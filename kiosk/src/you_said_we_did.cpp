#include <lp/kiosk/you_said_we_did.hpp>
#include <lp/shared/files.hpp>
#include <nlohmann/json.hpp>

namespace lp::kiosk {

std::string you_said_we_did_file(const std::string& data_dir) { return data_dir + "/you-said-we-did.json"; }

std::vector<YouSaidWeDid> load_you_said_we_did(const std::string& data_dir, std::size_t limit) {
    std::vector<YouSaidWeDid> out;
    auto text = read_file(you_said_we_did_file(data_dir));
    if (!text) return out;
    const auto j = nlohmann::json::parse(*text, nullptr, false);
    if (j.is_discarded() || !j.is_object() || !j.contains("replies") || !j["replies"].is_array()) return out;
    for (const auto& r : j["replies"]) {
        if (out.size() == limit) break;
        if (!r.is_object()) continue;
        const std::string said = r.value("young_title", std::string());
        const std::string did = r.value("text", std::string());
        // A reply without its theme's words would read "You said ... We did ..." with a gap.
        if (said.empty() || did.empty()) continue;
        out.push_back({said, did});
    }
    return out;
}

}  // namespace lp::kiosk
