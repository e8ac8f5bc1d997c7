#include <algorithm>
#include <cctype>
#include <set>
#include <lp/dashboard/report_import.hpp>
#include <lp/reports/importer.hpp>
#include <lp/reports/input.hpp>
#include <lp/shared/linker.hpp>

namespace lp::dashboard {

bool is_catalogue_json(const std::string& path) {
    return path.size() >= 5 && path.compare(path.size() - 5, 5, ".json") == 0;
}

std::string authority_from_file_name(const std::string& path) {
    const auto slash = path.find_last_of('/');
    std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
    const auto end = name.find_first_of("-_. ");
    name = name.substr(0, end);
    if (!name.empty()) name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    return name;
}

Result<Catalogue> catalogue_from_files(const std::vector<std::string>& files, const std::string& taxonomy_path,
                                       const std::string& authority) {
    using R = Result<Catalogue>;
    if (files.empty()) return R::fail(Errc::invalid_input, "no catalogue or report files given");
    std::size_t json = 0;
    for (const auto& f : files) json += is_catalogue_json(f) ? 1 : 0;
    if (json == 1 && files.size() == 1) return load_catalogue_file(files.front());
    if (json > 0)
        return R::fail(Errc::invalid_input,
                       "give either one catalogue .json or the text of reports, not both (or two catalogues)");

    auto linker = Linker::from_taxonomy_file(taxonomy_path);
    if (!linker) return linker.error();
    std::vector<reports::ImportedReport> reports;
    for (const auto& path : files) {
        auto doc = reports::read_document(path);  // PDF, HTML, text or Markdown
        if (!doc) return doc.error();
        auto imported = reports::import_document(doc->text, path, reports::ImportOptions{authority, ""});
        if (!imported) return R::fail(Errc::invalid_input, imported.error().message);
        reports.push_back(std::move(imported).value());
    }
    return reports::build_catalogue(std::move(reports), *linker);
}

Result<Catalogue> catalogue_from_upload(const std::string& bytes, const std::string& file_name,
                                        const std::string& authority, const Linker& linker) {
    using R = Result<Catalogue>;
    auto doc = reports::read_document_bytes(bytes, file_name);
    if (!doc) return doc.error();
    auto imported = reports::import_document(doc->text, file_name, reports::ImportOptions{authority, ""});
    if (!imported) return R::fail(Errc::invalid_input, imported.error().message);
    const auto& r = imported->report;
    const bool has_points = std::any_of(imported->findings.begin(), imported->findings.end(),
                                        [](const Finding& f) { return f.kind == "improvement"; });
    if (r.kind == "other" && r.judgements.empty() && !has_points)
        return R::fail(Errc::invalid_input,
                       file_name +
                           ": no judgement and no improvement point was recognised, only loose bullet points. Looked "
                           "for: a SIF or ILACS judgements table or graded headings; judgements in prose; a \"What "
                           "needs to improve\" / \"Areas for improvement\" list; a focused visit, monitoring visit or "
                           "joint targeted area inspection letter");
    std::vector<reports::ImportedReport> one;
    one.push_back(std::move(imported).value());
    return reports::build_catalogue(std::move(one), linker);
}

Catalogue merge_report(Catalogue current, const Catalogue& upload) {
    std::set<std::string> replaced, gone_findings;
    for (const auto& r : upload.reports) replaced.insert(r.id);
    for (const auto& f : current.findings)
        if (replaced.count(f.report)) gone_findings.insert(f.id);
    auto& reps = current.reports;
    reps.erase(std::remove_if(reps.begin(), reps.end(), [&](const Report& r) { return replaced.count(r.id) > 0; }),
               reps.end());
    auto& fins = current.findings;
    fins.erase(std::remove_if(fins.begin(), fins.end(), [&](const Finding& f) { return gone_findings.count(f.id) > 0; }),
               fins.end());
    auto& links = current.links;
    links.erase(std::remove_if(links.begin(), links.end(),
                               [&](const FindingLink& l) { return gone_findings.count(l.finding) > 0; }),
                links.end());
    reps.insert(reps.end(), upload.reports.begin(), upload.reports.end());
    fins.insert(fins.end(), upload.findings.begin(), upload.findings.end());
    links.insert(links.end(), upload.links.begin(), upload.links.end());
    std::set<std::string> themes;
    for (const auto& t : current.themes) themes.insert(t.id);
    for (const auto& t : upload.themes)
        if (themes.insert(t.id).second) current.themes.push_back(t);
    return current;
}

}  // namespace lp::dashboard
