#include <lp/aggregator/question_sets.hpp>

#include <nlohmann/json.hpp>

#include <lp/shared/crypto.hpp>
#include <lp/shared/question_set.hpp>

#include <algorithm>
#include <filesystem>

namespace lp::aggregator {

Result<QuestionSetCatalog> QuestionSetCatalog::load_dir(const std::string& dir) {
    namespace fs = std::filesystem;
    QuestionSetCatalog catalog;
    std::error_code ec;
    std::vector<fs::path> files;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
        if (it->path().extension() == ".json") files.push_back(it->path());
    if (ec) return Error{Errc::not_found, "cannot read question sets in " + dir + ": " + ec.message()};
    // Earlier versions of a set whose wording changed (previous/<id>.v1.json): kiosks not yet
    // updated still send answers to them, which must validate against the words they showed.
    // Kiosks offer only the sets at the top level.
    std::error_code none;
    for (fs::directory_iterator it(dir + "/previous", none), end; !none && it != end; it.increment(none))
        if (it->path().extension() == ".json") files.push_back(it->path());
    std::sort(files.begin(), files.end());
    for (const auto& f : files) {
        auto set = load_question_set(f.string());
        if (!set) return set.error();
        catalog.add(std::move(*set));
    }
    if (catalog.sets_.empty()) return Error{Errc::not_found, "no question sets (*.json) in " + dir};
    return catalog;
}

void QuestionSetCatalog::add(QuestionSet set) {
    auto key = std::make_pair(set.id, set.version);
    sets_.insert_or_assign(key, std::move(set));
}

const QuestionSet* QuestionSetCatalog::find(const std::string& id, int version) const {
    auto it = sets_.find({id, version});
    return it == sets_.end() ? nullptr : &it->second;
}

const QuestionSet* QuestionSetCatalog::latest(const std::string& id) const {
    const QuestionSet* best = nullptr;
    for (const auto& [key, set] : sets_)
        if (key.first == id) best = &set;  // map order: versions ascending
    return best;
}

Result<PublishedSet> QuestionSetCatalog::current_for_site(Store& store, const std::string& site,
                                                          const std::string& default_id) const {
    auto pinned = store.site_question_set(site);
    if (!pinned) return pinned.error();
    const std::string id = pinned->value_or(default_id);
    const QuestionSet* set = latest(id);
    if (!set) return Error{Errc::not_found, "question set '" + id + "' for site '" + site + "' is not installed"};
    PublishedSet out;
    out.set = set;
    out.json = question_set_to_json(*set);
    // The site's own help contact travels with its question set (an extra top-level field older
    // kiosks ignore); a change to it changes the ETag, so kiosks fetch it at their next sync.
    auto contact = store.site_contact(site);
    if (!contact) return contact.error();
    if (*contact) {
        auto j = nlohmann::json::parse(out.json);
        j["site_contact"] = {{"name", (*contact)->name}, {"phone", (*contact)->phone}};
        out.json = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    out.etag = "\"" + crypto::sha256_hex(out.json).substr(0, 32) + "\"";
    return out;
}

}  // namespace lp::aggregator
