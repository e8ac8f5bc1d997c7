#include <lp/shared/json_util.hpp>
#include <lp/shared/response_codec.hpp>

#include <algorithm>
#include <set>

namespace lp {
namespace {

using nlohmann::json;

struct Invalid {
    std::string message;
};

json answer_json(const Answer& a) {
    json j = {{"question", a.question}};
    switch (a.state) {
    case AnswerState::skipped: j["skipped"] = true; break;
    case AnswerState::rather_not_say: j["rather_not_say"] = true; break;
    case AnswerState::value:
        if (!a.chips.empty() || (a.scale == 0 && a.choice.empty())) j["value"] = a.chips;
        else if (!a.choice.empty()) j["value"] = a.choice;
        else j["value"] = a.scale;
        break;
    }
    return j;
}

Answer read_answer(const json& j) {
    if (!j.is_object() || !j.contains("question") || !j["question"].is_string())
        throw Invalid{"each answer needs a 'question' id"};
    Answer a;
    a.question = j["question"].get<std::string>();
    if (j.value("skipped", false) == true) return Answer::skipped(a.question);
    if (j.value("rather_not_say", false) == true) return Answer::rather_not_say(a.question);
    if (!j.contains("value")) throw Invalid{"answer to '" + a.question + "' has no value"};
    const json& v = j["value"];
    a.state = AnswerState::value;
    if (v.is_number_integer()) {
        auto n = v.get<long long>();
        if (n < 1 || n > 5) throw Invalid{"answer to '" + a.question + "' is out of range"};
        a.scale = static_cast<int>(n);
    } else if (v.is_string()) {
        a.choice = v.get<std::string>();
    } else if (v.is_array()) {
        for (const auto& c : v) {
            if (!c.is_string()) throw Invalid{"answer to '" + a.question + "' must list option ids"};
            a.chips.push_back(c.get<std::string>());
        }
    } else {
        throw Invalid{"answer to '" + a.question + "' has a value of the wrong type"};
    }
    return a;
}

std::string need_string(const json& j, const char* key) {
    if (!j.contains(key) || !j[key].is_string()) throw Invalid{std::string("'") + key + "' must be a string"};
    return j[key].get<std::string>();
}

}  // namespace

std::string encode_response(const Response& r) {
    json answers = json::array();
    for (const auto& a : r.answers) answers.push_back(answer_json(a));
    json j = {{"v", 1},
              {"id", r.id},
              {"seq", r.seq},
              {"question_set", {{"id", r.question_set_id}, {"version", r.question_set_version}}},
              {"created_hour", r.created_hour},
              {"age_band", to_string(r.age_band)},
              {"language", r.language},
              {"answers", answers},
              {"comment", r.comment},
              {"needs_help", r.needs_help}};
    // Only written when true, so responses from the older paths encode exactly as before.
    if (r.assisted) j["assisted"] = true;
    return j.dump();
}

Result<Response> decode_response(std::string_view text) {
    auto parsed = parse_json(text);
    if (!parsed) return Result<Response>(parsed.error());
    const json& j = *parsed;
    try {
        if (!j.is_object()) throw Invalid{"a response must be a JSON object"};
        Response r;
        r.id = need_string(j, "id");
        if (!j.contains("seq") || !j["seq"].is_number_integer() || j["seq"].get<long long>() < 0)
            throw Invalid{"'seq' must be a whole number"};
        r.seq = j["seq"].get<long long>();
        if (!j.contains("question_set") || !j["question_set"].is_object()) throw Invalid{"'question_set' missing"};
        r.question_set_id = need_string(j["question_set"], "id");
        if (!j["question_set"].contains("version") || !j["question_set"]["version"].is_number_integer())
            throw Invalid{"'question_set.version' must be a number"};
        r.question_set_version = j["question_set"]["version"].get<int>();
        r.created_hour = need_string(j, "created_hour");
        auto band = age_band_from_string(need_string(j, "age_band"));
        if (!band) throw Invalid{"'age_band' must be 4-7, 8-12, 13-17, 16-25 or unsaid"};
        r.age_band = *band;
        if (j.contains("language")) r.language = need_string(j, "language");
        if (!j.contains("answers") || !j["answers"].is_array()) throw Invalid{"'answers' must be a list"};
        for (const auto& a : j["answers"]) r.answers.push_back(read_answer(a));
        if (j.contains("comment")) r.comment = need_string(j, "comment");
        if (j.contains("needs_help")) {
            if (!j["needs_help"].is_boolean()) throw Invalid{"'needs_help' must be true or false"};
            r.needs_help = j["needs_help"].get<bool>();
        }
        if (j.contains("assisted")) {
            if (!j["assisted"].is_boolean()) throw Invalid{"'assisted' must be true or false"};
            r.assisted = j["assisted"].get<bool>();
        }
        return r;
    } catch (const Invalid& e) {
        return Result<Response>::fail(Errc::invalid_input, e.message);
    } catch (const json::exception& e) {
        return Result<Response>::fail(Errc::invalid_input, e.what());
    }
}

Status validate_response(const Response& r, const QuestionSet& set) {
    auto bad = [](std::string m) { return Status::fail(Errc::invalid_input, std::move(m)); };
    if (r.question_set_id != set.id || r.question_set_version != set.version)
        return bad("response is for question set " + r.question_set_id + " v" + std::to_string(r.question_set_version) +
                   ", not " + set.id + " v" + std::to_string(set.version));
    std::size_t chars = 0;
    for (unsigned char c : r.comment)
        if ((c & 0xc0) != 0x80) ++chars;
    if (chars > max_comment_chars) return bad("comment is longer than " + std::to_string(max_comment_chars) + " characters");
    // No store can keep U+0000 in text the same way (PostgreSQL refuses it); no keyboard types it.
    if (r.comment.find('\0') != std::string::npos) return bad("comment contains a NUL character");
    const bool language_ok = r.language.size() <= 35 && std::all_of(r.language.begin(), r.language.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
    if (!language_ok) return bad("language must be a language code such as 'en' or 'pl'");
    // The under-8s path asks only its own questions, has no comment box, and is the only one
    // that asks whether a grown-up helped.
    const bool under_8s = r.age_band == AgeBand::age_4_7;
    if (under_8s && !set.has_under_8s_path())
        return bad("an answer from 4 to 7 for question set " + set.id + ", which has no under-8s path");
    if (under_8s && !r.comment.empty()) return bad("the under-8s path has no comment");
    if (r.assisted && !under_8s) return bad("'assisted' (a grown-up helped) is only recorded for ages 4 to 7");
    std::set<std::string> seen;
    for (const auto& a : r.answers) {
        const Question* q = set.find(a.question);
        if (!q) return bad("answer to unknown question '" + a.question + "'");
        if (under_8s && !q->for_under_8s())
            return bad("answer from 4 to 7 to '" + a.question + "', which is not on the under-8s path");
        if (!seen.insert(a.question).second) return bad("question '" + a.question + "' answered twice");
        if (a.state != AnswerState::value) continue;
        switch (q->kind) {
        case QuestionKind::smiley3:
        case QuestionKind::smiley5:
            if (a.scale < 1 || a.scale > q->scale_points()) return bad("answer to '" + a.question + "' is out of range");
            break;
        case QuestionKind::yes_no:
            if (a.choice != "yes" && a.choice != "unsure" && a.choice != "no")
                return bad("answer to '" + a.question + "' must be yes, unsure or no");
            break;
        case QuestionKind::chips:
            for (const auto& c : a.chips)
                if (std::none_of(q->options.begin(), q->options.end(), [&](const ChipOption& o) { return o.id == c; }))
                    return bad("answer to '" + a.question + "' has unknown option '" + c + "'");
            break;
        case QuestionKind::comment: return bad("the comment goes in 'comment', not in an answer");
        }
    }
    return ok_status();
}

}  // namespace lp
