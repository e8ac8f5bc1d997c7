#include <lp/shared/files.hpp>
#include <lp/shared/json_util.hpp>
#include <lp/shared/question_set.hpp>

#include <algorithm>
#include <set>

namespace lp {
namespace {

using nlohmann::json;

struct Invalid {
    std::string message;
};

std::size_t utf8_length(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xc0) != 0x80) ++n;
    return n;
}

std::vector<std::string> read_themes(const json& j, const std::string& where) {
    std::vector<std::string> out;
    if (!j.contains("themes")) return out;
    if (!j["themes"].is_array()) throw Invalid{where + ": 'themes' must be a list of theme ids"};
    for (const auto& t : j["themes"]) {
        if (!t.is_string() || !is_slug(t.get<std::string>()))
            throw Invalid{where + ": theme ids must be lower-case words like \"personal-advisers\""};
        out.push_back(t.get<std::string>());
    }
    return out;
}

std::string read_text(const json& text, const char* band, const std::string& where) {
    if (!text.contains(band) || !text[band].is_string() || text[band].get<std::string>().empty())
        throw Invalid{where + ": no text for age band " + band};
    std::string s = text[band].get<std::string>();
    if (utf8_length(s) > max_question_text_chars)
        throw Invalid{where + ": text for " + band + " is longer than " + std::to_string(max_question_text_chars) +
                      " characters; keep it short and plain"};
    return s;
}

Question read_question(const json& j, std::size_t index, const std::string& origin) {
    std::string where = origin + ": question " + std::to_string(index + 1);
    if (!j.is_object()) throw Invalid{where + ": must be an object"};
    if (!j.contains("id") || !j["id"].is_string() || !is_slug(j["id"].get<std::string>()))
        throw Invalid{where + ": needs an 'id' of lower-case letters, digits and '-'"};
    Question q;
    q.id = j["id"].get<std::string>();
    where = origin + ": question '" + q.id + "'";
    if (!j.contains("kind") || !j["kind"].is_string()) throw Invalid{where + ": needs a 'kind'"};
    auto kind = question_kind_from_string(j["kind"].get<std::string>());
    if (!kind)
        throw Invalid{where + ": unknown kind '" + j["kind"].get<std::string>() +
                      "' (use smiley3, smiley5, yes_no, chips or comment)"};
    q.kind = *kind;
    if (!j.contains("text") || !j["text"].is_object()) throw Invalid{where + ": needs 'text' for each age band"};
    if (j["text"].contains("4-7")) q.text_4_7 = read_text(j["text"], "4-7", where);
    q.text_8_12 = read_text(j["text"], "8-12", where);
    q.text_13_17 = read_text(j["text"], "13-17", where);
    q.text_16_25 = read_text(j["text"], "16-25", where);
    q.themes = read_themes(j, where);
    if (j.contains("quick")) {
        if (!j["quick"].is_boolean()) throw Invalid{where + ": 'quick' must be true or false"};
        q.quick = j["quick"].get<bool>();
    }
    if (j.contains("picture")) {
        if (!j["picture"].is_string() || !is_known_picture(j["picture"].get<std::string>()))
            throw Invalid{where + ": unknown 'picture' (use one of " + known_pictures_list() + ")"};
        q.picture = j["picture"].get<std::string>();
    }
    if (q.for_under_8s()) {
        // The under-8s answer with three faces and a picture, helped by a grown-up; the faces are
        // recorded in the question's own values so every band's answers add up together.
        if (q.kind != QuestionKind::smiley3 && q.kind != QuestionKind::smiley5 && q.kind != QuestionKind::yes_no)
            throw Invalid{where + ": a question with 4-7 text must be smiley3, smiley5 or yes_no (answered with three faces)"};
        if (q.picture.empty()) throw Invalid{where + ": a question with 4-7 text needs a 'picture'"};
    }
    if (q.kind == QuestionKind::chips) {
        if (!j.contains("options") || !j["options"].is_array() || j["options"].size() < 2 || j["options"].size() > 8)
            throw Invalid{where + ": chips need 'options': a list of 2 to 8 choices"};
        std::set<std::string> ids;
        for (const auto& o : j["options"]) {
            if (!o.is_object() || !o.contains("id") || !o["id"].is_string() || !is_slug(o["id"].get<std::string>()) ||
                !o.contains("label") || !o["label"].is_string() || o["label"].get<std::string>().empty())
                throw Invalid{where + ": each option needs an 'id' and a 'label'"};
            ChipOption opt{o["id"].get<std::string>(), o["label"].get<std::string>(), read_themes(o, where)};
            if (!ids.insert(opt.id).second) throw Invalid{where + ": option '" + opt.id + "' appears twice"};
            q.options.push_back(std::move(opt));
        }
    } else if (j.contains("options")) {
        throw Invalid{where + ": only chips questions have 'options'"};
    }
    return q;
}

/// Optional "translations": {"pl": {"<question id>": {"8-12": …, "13-17": …, "16-25": …,
/// "options": {"<option id>": "label"}}}}. Every language must be declared in "languages".
std::map<std::string, std::map<std::string, QuestionTranslation>> read_translations(const json& j,
                                                                                    const QuestionSet& s,
                                                                                    const std::string& origin) {
    std::map<std::string, std::map<std::string, QuestionTranslation>> out;
    if (!j.is_object()) throw Invalid{origin + ": 'translations' must be an object of languages"};
    for (const auto& [language, questions] : j.items()) {
        std::string where = origin + ": translations '" + language + "'";
        if (language == "en" || std::find(s.languages.begin(), s.languages.end(), language) == s.languages.end())
            throw Invalid{where + ": the language must be listed in 'languages' (and not be en)"};
        if (!questions.is_object()) throw Invalid{where + ": must be an object of question ids"};
        for (const auto& [qid, t] : questions.items()) {
            const Question* q = s.find(qid);
            std::string qwhere = where + ": question '" + qid + "'";
            if (!q) throw Invalid{qwhere + ": there is no such question"};
            if (!t.is_object()) throw Invalid{qwhere + ": must be an object"};
            QuestionTranslation tr;
            if (q->for_under_8s()) tr.text_4_7 = read_text(t, "4-7", qwhere);
            else if (t.contains("4-7")) throw Invalid{qwhere + ": only questions with English 4-7 text have 4-7 text"};
            tr.text_8_12 = read_text(t, "8-12", qwhere);
            tr.text_13_17 = read_text(t, "13-17", qwhere);
            tr.text_16_25 = read_text(t, "16-25", qwhere);
            if (t.contains("options")) {
                if (!t["options"].is_object()) throw Invalid{qwhere + ": 'options' must map option ids to labels"};
                for (const auto& [oid, label] : t["options"].items()) {
                    bool known = false;
                    for (const auto& o : q->options) known = known || o.id == oid;
                    if (!known) throw Invalid{qwhere + ": there is no option '" + oid + "'"};
                    if (!label.is_string() || label.get<std::string>().empty())
                        throw Invalid{qwhere + ": option '" + oid + "' needs a label"};
                    tr.options[oid] = label.get<std::string>();
                }
            }
            out[language][qid] = std::move(tr);
        }
    }
    return out;
}

QuestionSet read_set(const json& j, const std::string& origin) {
    if (!j.is_object()) throw Invalid{origin + ": a question set must be a JSON object"};
    QuestionSet s;
    if (!j.contains("id") || !j["id"].is_string() || !is_slug(j["id"].get<std::string>()))
        throw Invalid{origin + ": needs an 'id' of lower-case letters, digits and '-'"};
    s.id = j["id"].get<std::string>();
    if (!j.contains("version") || !j["version"].is_number_integer() || j["version"].get<long long>() < 1 ||
        j["version"].get<long long>() > 1000000)
        throw Invalid{origin + ": needs a 'version' number of 1 or more"};
    s.version = j["version"].get<int>();
    s.title = j.value("title", s.id);
    if (j.contains("languages")) {
        if (!j["languages"].is_array()) throw Invalid{origin + ": 'languages' must be a list like [\"en\"]"};
        for (const auto& l : j["languages"]) {
            if (!l.is_string()) throw Invalid{origin + ": 'languages' must be a list like [\"en\"]"};
            s.languages.push_back(l.get<std::string>());
        }
    }
    if (s.languages.empty()) s.languages.push_back("en");
    if (!j.contains("questions") || !j["questions"].is_array() || j["questions"].empty())
        throw Invalid{origin + ": needs a non-empty 'questions' list"};
    if (j["questions"].size() > max_questions)
        throw Invalid{origin + ": has more than " + std::to_string(max_questions) + " questions"};
    std::set<std::string> ids;
    for (std::size_t i = 0; i < j["questions"].size(); ++i) {
        Question q = read_question(j["questions"][i], i, origin);
        if (!ids.insert(q.id).second) throw Invalid{origin + ": question '" + q.id + "' appears twice"};
        s.questions.push_back(std::move(q));
    }
    for (std::size_t i = 0; i + 1 < s.questions.size(); ++i)
        if (s.questions[i].kind == QuestionKind::comment)
            throw Invalid{origin + ": question '" + s.questions[i].id + "': the comment question must be the last one"};
    std::size_t under_8s = 0, quick = 0;
    for (const auto& q : s.questions) {
        under_8s += q.for_under_8s() ? 1 : 0;
        quick += q.quick ? 1 : 0;
    }
    if (under_8s > max_under_8s_questions)
        throw Invalid{origin + ": " + std::to_string(under_8s) + " questions have 4-7 text; the under-8s path asks at most " +
                      std::to_string(max_under_8s_questions)};
    if (quick > max_quick_questions)
        throw Invalid{origin + ": " + std::to_string(quick) + " questions are 'quick'; the quick path asks at most " +
                      std::to_string(max_quick_questions)};
    if (j.contains("translations")) s.translations = read_translations(j["translations"], s, origin);
    return s;
}

json themes_json(const std::vector<std::string>& themes) { return json(themes); }

}  // namespace

const std::vector<std::string>& known_pictures() {
    static const std::vector<std::string> names = {"home", "family", "school", "friends", "safe", "listen", "health", "play"};
    return names;
}

bool is_known_picture(std::string_view name) {
    const auto& n = known_pictures();
    return std::find(n.begin(), n.end(), name) != n.end();
}

std::string known_pictures_list() {
    std::string out;
    for (const auto& n : known_pictures()) out += (out.empty() ? "" : ", ") + n;
    return out;
}

Result<QuestionSet> parse_question_set(const std::string& json_text, const std::string& origin) {
    auto j = parse_json(json_text);
    if (!j) return Result<QuestionSet>::fail(Errc::invalid_input, origin + ": " + j.error().message);
    try {
        return read_set(*j, origin);
    } catch (const Invalid& e) {
        return Result<QuestionSet>::fail(Errc::invalid_input, e.message);
    } catch (const json::exception& e) {
        return Result<QuestionSet>::fail(Errc::invalid_input, origin + ": " + e.what());
    }
}

Result<QuestionSet> load_question_set(const std::string& path) {
    auto text = read_file(path);
    if (!text) return Result<QuestionSet>(text.error());
    return parse_question_set(*text, path);
}

std::string question_set_to_json(const QuestionSet& s) {
    json qs = json::array();
    for (const auto& q : s.questions) {
        json jq = {{"id", q.id},
                   {"kind", to_string(q.kind)},
                   {"themes", themes_json(q.themes)},
                   {"text", {{"8-12", q.text_8_12}, {"13-17", q.text_13_17}, {"16-25", q.text_16_25}}}};
        if (q.for_under_8s()) jq["text"]["4-7"] = q.text_4_7;
        if (!q.picture.empty()) jq["picture"] = q.picture;
        if (q.quick) jq["quick"] = true;
        if (q.kind == QuestionKind::chips) {
            json opts = json::array();
            for (const auto& o : q.options)
                opts.push_back({{"id", o.id}, {"label", o.label}, {"themes", themes_json(o.themes)}});
            jq["options"] = opts;
        }
        qs.push_back(jq);
    }
    json j = {{"id", s.id}, {"version", s.version}, {"title", s.title}, {"languages", s.languages}, {"questions", qs}};
    if (!s.translations.empty()) {
        json tr = json::object();
        for (const auto& [language, questions] : s.translations)
            for (const auto& [qid, t] : questions) {
                json jt = {{"8-12", t.text_8_12}, {"13-17", t.text_13_17}, {"16-25", t.text_16_25}};
                if (!t.text_4_7.empty()) jt["4-7"] = t.text_4_7;
                if (!t.options.empty()) jt["options"] = t.options;
                tr[language][qid] = jt;
            }
        j["translations"] = tr;
    }
    return j.dump();
}

}  // namespace lp
