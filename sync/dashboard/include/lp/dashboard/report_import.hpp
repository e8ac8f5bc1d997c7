#pragma once
// import-report's inputs: one catalogue JSON (lp-themes import) or inspection reports (PDF, HTML,
// text, Markdown), read in-process by lp::reports' reader and linked with the taxonomy.
#include <lp/shared/catalogue.hpp>
#include <lp/shared/linker.hpp>
#include <lp/shared/result.hpp>
#include <string>
#include <vector>

namespace lp::dashboard {

/// True when `path` names a catalogue JSON (ends in .json), not a report's text.
bool is_catalogue_json(const std::string& path);

/// "kirklees-2019-ilacs-report.txt" -> "Kirklees": the authority when none is given.
std::string authority_from_file_name(const std::string& path);

/// The catalogue from `files`: a single .json is loaded as it is; otherwise every file is read
/// as a report's text and the catalogue built with `taxonomy_path`'s linker. invalid_input when
/// .json and text are mixed, or a report has none of the structure the importer knows (naming
/// the file); no catalogue is built while any report fails.
Result<Catalogue> catalogue_from_files(const std::vector<std::string>& files, const std::string& taxonomy_path,
                                       const std::string& authority);

/// One uploaded report's bytes (PDF, HTML, text or Markdown) read into a one-report catalogue,
/// its findings linked with `linker`. invalid_input when the file cannot be read (scanned,
/// encrypted, damaged, empty, an image) or nothing an inspection says was recognised: the
/// message names what was looked for. A findings-only "other" is refused too: an upload must
/// hold a judgement, an improvement point, or be a recognised letter or visit.
Result<Catalogue> catalogue_from_upload(const std::string& bytes, const std::string& file_name,
                                        const std::string& authority, const Linker& linker);

/// `current` with the report of `upload` added, or replacing the report of the same id (its
/// findings and links go with it); themes `current` lacks are added.
Catalogue merge_report(Catalogue current, const Catalogue& upload);

}  // namespace lp::dashboard
