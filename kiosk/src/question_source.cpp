#include <algorithm>
#include <filesystem>
#include <lp/kiosk/question_source.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/question_set.hpp>

namespace lp::kiosk {

std::string delivered_set_path(const std::string& data_dir) { return data_dir + "/question-set.json"; }
std::string assets_set_path(const std::string& assets_dir, const std::string& id) {
    return assets_dir + "/question-sets/" + id + ".json";
}

std::vector<std::string> available_question_sets(const std::string& assets_dir) {
    std::vector<std::string> ids;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(assets_dir + "/question-sets", ec)) {
        if (e.path().extension() == ".json") ids.push_back(e.path().stem().string());
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

Result<ChosenQuestionSet> choose_question_set(const std::string& data_dir, const std::string& assets_dir,
                                              const std::string& configured_id, bool explicit_choice) {
    ChosenQuestionSet out;
    std::string delivered = delivered_set_path(data_dir);
    std::string good = data_dir + "/question-set.good.json";

    // A delivered set: use it if valid (and remember it as good), else fall back to the last good one.
    std::optional<QuestionSet> from_sync;
    std::string from_sync_path;
    if (file_exists(delivered)) {
        auto text = read_file(delivered);
        auto parsed = text ? parse_question_set(*text, delivered) : Result<QuestionSet>(text.error());
        if (parsed) {
            from_sync = std::move(*parsed);
            from_sync_path = delivered;
            auto old_good = read_file(good);
            if (!old_good || *old_good != *text) (void)write_file_atomic(good, *text, 0600);
        } else {
            out.warnings.push_back("The new question set was refused: " + parsed.error().message);
        }
    }
    if (!from_sync && file_exists(good)) {
        auto parsed = load_question_set(good);
        if (parsed) {
            from_sync = std::move(*parsed);
            from_sync_path = good;
        }
    }
    if (from_sync && (!explicit_choice || from_sync->id == configured_id)) {
        out.set = std::move(*from_sync);
        out.source = from_sync_path;
        return out;
    }
    std::string path = assets_set_path(assets_dir, configured_id);
    auto parsed = load_question_set(path);
    if (parsed) {
        out.set = std::move(*parsed);
        out.source = path;
        return out;
    }
    std::string why = parsed.error().message;
    // Last resort: any valid set in the assets, so a typo in kiosk.conf does not stop the kiosk.
    for (const auto& id : available_question_sets(assets_dir)) {
        auto any = load_question_set(assets_set_path(assets_dir, id));
        if (any) {
            out.warnings.push_back("question_set '" + configured_id + "' could not be used (" + why + "), showing '" +
                                   id + "' instead");
            out.set = std::move(*any);
            out.source = assets_set_path(assets_dir, id);
            return out;
        }
    }
    return Result<ChosenQuestionSet>::fail(parsed.error().code, "no usable question set: " + why);
}

}  // namespace lp::kiosk
