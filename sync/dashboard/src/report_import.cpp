#include <cctype>
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

}  // namespace lp::dashboard
