#include <lp/shared/catalogue.hpp>
#include <lp/shared/files.hpp>
#include <nlohmann/json.hpp>

namespace lp {
namespace {

using nlohmann::json;

std::string str(const json& j, const char* key, const std::string& where) {
    if (!j.contains(key) || !j[key].is_string())
        throw std::invalid_argument(where + ": \"" + key + "\" must be a string");
    return j[key].get<std::string>();
}

const json& arr(const json& j, const char* key, const std::string& where) {
    static const json empty = json::array();
    if (!j.contains(key)) return empty;
    if (!j[key].is_array()) throw std::invalid_argument(where + ": \"" + key + "\" must be an array");
    return j[key];
}

Catalogue from_json(const json& doc) {
    if (!doc.is_object()) throw std::invalid_argument("catalogue must be a JSON object");
    Catalogue c;
    for (const auto& r : arr(doc, "reports", "catalogue")) {
        Report rep;
        rep.id = str(r, "id", "report");
        const std::string where = "report " + rep.id;
        rep.authority = r.value("authority", "");
        rep.kind = str(r, "kind", where);
        rep.date = r.value("date", "");
        rep.title = r.value("title", "");
        rep.sha256 = r.value("sha256", "");
        for (const auto& jg : arr(r, "judgements", where))
            rep.judgements.push_back(
                Judgement{str(jg, "area", where), str(jg, "grade", where), jg.value("canonical", "")});
        // Fields added with frameworks; catalogues written before them still load.
        rep.framework = r.value("framework", "");
        rep.framework_version = r.value("framework_version", "");
        if (r.contains("history") && r["history"].is_array()) {
            for (const auto& h : r["history"]) {
                EarlierInspection e;
                e.date = h.value("date", "");
                for (const auto& jg : arr(h, "judgements", where))
                    e.judgements.push_back(
                        Judgement{str(jg, "area", where), str(jg, "grade", where), jg.value("canonical", "")});
                rep.history.push_back(std::move(e));
            }
        }
        c.reports.push_back(std::move(rep));
    }
    for (const auto& f : arr(doc, "findings", "catalogue")) {
        Finding fi;
        fi.id = str(f, "id", "finding");
        const std::string where = "finding " + fi.id;
        fi.report = str(f, "report", where);
        fi.kind = str(f, "kind", where);
        fi.area = f.value("area", "unknown");
        fi.text = str(f, "text", where);
        for (const auto& p : arr(f, "paragraphs", where)) {
            if (!p.is_number_integer()) throw std::invalid_argument(where + ": paragraphs must be integers");
            fi.paragraphs.push_back(p.get<int>());
        }
        c.findings.push_back(std::move(fi));
    }
    for (const auto& t : arr(doc, "themes", "catalogue"))
        c.themes.push_back(CatalogueTheme{str(t, "id", "theme"), t.value("title", ""), t.value("young_title", "")});
    for (const auto& l : arr(doc, "links", "catalogue")) {
        FindingLink link;
        link.finding = str(l, "finding", "link");
        link.theme = str(l, "theme", "link " + link.finding);
        link.score = l.value("score", 0.0);
        for (const auto& m : arr(l, "matched", "link " + link.finding))
            if (m.is_string()) link.matched.push_back(m.get<std::string>());
        c.links.push_back(std::move(link));
    }
    return c;
}

}  // namespace

Result<Catalogue> parse_catalogue(const std::string& json_text) {
    try {
        return from_json(json::parse(json_text));
    } catch (const std::exception& e) {
        return Result<Catalogue>::fail(Errc::invalid_input, std::string("catalogue: ") + e.what());
    }
}

Result<Catalogue> load_catalogue_file(const std::string& path) {
    return parse_file(path, parse_catalogue);
}

std::string catalogue_to_json(const Catalogue& c, int indent) {
    json doc = json::object();
    doc["reports"] = json::array();
    for (const auto& r : c.reports) {
        json jr = {
            {"id", r.id},         {"authority", r.authority},   {"kind", r.kind}, {"date", r.date}, {"title", r.title},
            {"sha256", r.sha256}, {"judgements", json::array()}};
        auto judgement = [](const Judgement& g) {
            json j = {{"area", g.area}, {"grade", g.grade}};
            if (!g.canonical.empty()) j["canonical"] = g.canonical;
            return j;
        };
        for (const auto& g : r.judgements) jr["judgements"].push_back(judgement(g));
        if (!r.framework.empty()) {
            jr["framework"] = r.framework;
            jr["framework_version"] = r.framework_version;
        }
        if (!r.history.empty()) {
            jr["history"] = json::array();
            for (const auto& h : r.history) {
                json jh = {{"date", h.date}, {"judgements", json::array()}};
                for (const auto& g : h.judgements) jh["judgements"].push_back(judgement(g));
                jr["history"].push_back(std::move(jh));
            }
        }
        doc["reports"].push_back(std::move(jr));
    }
    doc["findings"] = json::array();
    for (const auto& f : c.findings)
        doc["findings"].push_back({{"id", f.id},
                                   {"report", f.report},
                                   {"kind", f.kind},
                                   {"area", f.area},
                                   {"text", f.text},
                                   {"paragraphs", f.paragraphs}});
    doc["themes"] = json::array();
    for (const auto& t : c.themes)
        doc["themes"].push_back({{"id", t.id}, {"title", t.title}, {"young_title", t.young_title}});
    doc["links"] = json::array();
    for (const auto& l : c.links)
        doc["links"].push_back(
            {{"finding", l.finding}, {"theme", l.theme}, {"score", l.score}, {"matched", l.matched}});
    // Replace invalid UTF-8 rather than throw: source text can hold anything.
    return doc.dump(indent, ' ', false, json::error_handler_t::replace) + "\n";
}

std::string judgements_to_json(const std::vector<Judgement>& judgements) {
    json j = json::array();
    for (const auto& g : judgements) {
        json e = {{"area", g.area}, {"grade", g.grade}};
        if (!g.canonical.empty()) e["canonical"] = g.canonical;  // the area across frameworks
        j.push_back(std::move(e));
    }
    return j.dump();
}

std::vector<Judgement> judgements_from_json(const std::string& json_text) {
    std::vector<Judgement> out;
    auto j = json::parse(json_text, nullptr, false);
    if (!j.is_array()) return out;
    for (const auto& e : j)
        if (e.is_object()) out.push_back({e.value("area", ""), e.value("grade", ""), e.value("canonical", "")});
    return out;
}

std::string paragraphs_to_json(const std::vector<int>& paragraphs) { return json(paragraphs).dump(); }

std::vector<int> paragraphs_from_json(const std::string& json_text) {
    std::vector<int> out;
    auto j = json::parse(json_text, nullptr, false);
    if (!j.is_array()) return out;
    for (const auto& e : j)
        if (e.is_number_integer()) out.push_back(e.get<int>());
    return out;
}

}  // namespace lp
