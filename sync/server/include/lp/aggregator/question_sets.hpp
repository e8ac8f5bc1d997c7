#pragma once
// The question sets the server knows (loaded from assets/question-sets/) and which one each
// site should show.
#include <lp/aggregator/store.hpp>
#include <lp/shared/model.hpp>
#include <lp/shared/result.hpp>

#include <map>
#include <string>
#include <utility>

namespace lp::aggregator {

struct PublishedSet {
    const QuestionSet* set = nullptr;
    std::string json;  // canonical JSON sent to kiosks
    std::string etag;  // quoted strong ETag
};

class QuestionSetCatalog {
public:
    /// Loads every *.json in dir and in dir/previous (earlier versions, for answers from kiosks
    /// not yet updated); invalid_input naming the file when one does not validate, not_found when
    /// the directory holds none.
    static Result<QuestionSetCatalog> load_dir(const std::string& dir);
    /// Adds one set (tests); replaces the same id+version.
    void add(QuestionSet set);

    /// The set with this id and version; nullptr when unknown.
    const QuestionSet* find(const std::string& id, int version) const;
    /// The highest version of an id; nullptr when unknown.
    const QuestionSet* latest(const std::string& id) const;
    /// The current set for a site (store's pin, else default_id), with its JSON and ETag.
    Result<PublishedSet> current_for_site(Store& store, const std::string& site, const std::string& default_id) const;

private:
    std::map<std::pair<std::string, int>, QuestionSet> sets_;
};

}  // namespace lp::aggregator
