#pragma once
// The loaded inspection catalogue arranged for pages: themes grouped by judgement area, each
// with its findings (and their reports), plus the questions that count toward each theme.
#include <lp/shared/catalogue.hpp>
#include <lp/shared/model.hpp>
#include <map>
#include <string>
#include <vector>

namespace lp::dashboard {

struct ThemeFinding {
    const Finding* finding = nullptr;
    const Report* report = nullptr;
    double score = 0.0;
    std::vector<std::string> matched;
};

struct LinkedQuestion {
    std::string question_set;
    const Question* question = nullptr;
};

struct ThemeEntry {
    CatalogueTheme theme;
    std::string
        area;  // judgement area key: care leavers | children in care | help and protection | leadership | unknown
    std::vector<ThemeFinding> findings;
    std::vector<LinkedQuestion> questions;
};

struct AreaGroup {
    std::string key;
    std::string title;  // e.g. "The experiences and progress of care leavers"
    std::vector<const ThemeEntry*> themes;
};

class CatalogueIndex {
public:
    CatalogueIndex() = default;
    /// Arranges catalogue and question sets; themes keep the catalogue's order inside an area.
    CatalogueIndex(Catalogue catalogue, std::vector<QuestionSet> question_sets);
    CatalogueIndex(const CatalogueIndex&) = delete;
    CatalogueIndex& operator=(const CatalogueIndex&) = delete;

    const std::vector<AreaGroup>& groups() const { return groups_; }
    /// nullptr when the id is not a theme of the catalogue.
    const ThemeEntry* find(const std::string& theme_id) const;
    const std::vector<ThemeEntry>& themes() const { return themes_; }
    const std::vector<QuestionSet>& question_sets() const { return question_sets_; }
    const Catalogue& catalogue() const { return catalogue_; }
    /// Title of a theme id, or the id itself when unknown.
    std::string title_of(const std::string& theme_id) const;

private:
    Catalogue catalogue_;
    std::vector<QuestionSet> question_sets_;
    std::vector<ThemeEntry> themes_;
    std::vector<AreaGroup> groups_;
};

/// Human title of a judgement area key ("care leavers" → "The experiences and progress of care leavers").
std::string area_title(const std::string& key);

}  // namespace lp::dashboard
