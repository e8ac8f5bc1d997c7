#pragma once
// Helpers for the lp-themes tests: seed documents and labelled data from the source tree.
#include <doctest/doctest.h>

#include <lp/reports/importer.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/linker.hpp>
#include <lp/shared/theme_model.hpp>
#include <initializer_list>
#include <string>

namespace lp::test {

inline std::string source_file(const std::string& relative) {
    auto text = lp::read_file(std::string(LP_SOURCE_DIR) + "/" + relative);
    REQUIRE_MESSAGE(text.ok(), relative);
    return *text;
}

inline std::string seed(const std::string& name) { return source_file("assets/reports/kirklees/" + name); }

inline const lp::Linker& taxonomy_linker() {
    static const lp::Linker linker = [] {
        auto l = lp::load_theme_linker(std::string(LP_SOURCE_DIR) + "/assets/themes/taxonomy.json");
        REQUIRE_MESSAGE(l.ok(), (l.ok() ? "" : l.error().message));
        return std::move(l).value();
    }();
    return linker;
}

inline const lp::Linker& lexicon_linker() {
    static const lp::Linker linker = [] {
        auto l = lp::Linker::from_taxonomy_file(std::string(LP_SOURCE_DIR) + "/assets/themes/taxonomy.json");
        REQUIRE_MESSAGE(l.ok(), (l.ok() ? "" : l.error().message));
        return std::move(l).value();
    }();
    return linker;
}

/// doc imported as source_name, REQUIREd to succeed (with the importer's reason when not).
inline lp::reports::ImportedReport imported(const std::string& doc, const std::string& source_name,
                                            const lp::reports::ImportOptions& options) {
    auto r = lp::reports::import_document(doc, source_name, options);
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message));
    return std::move(r).value();
}

/// CHECKs that no piece of gone is left in text and every piece of kept is, naming any that fails.
inline void check_gone_and_kept(const std::string& text, std::initializer_list<const char*> gone,
                                std::initializer_list<const char*> kept) {
    for (const char* g : gone) CHECK_MESSAGE(text.find(g) == std::string::npos, "still there: " << g);
    for (const char* k : kept) CHECK_MESSAGE(text.find(k) != std::string::npos, "lost: " << k);
}

}  // namespace lp::test
