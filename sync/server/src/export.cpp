#include <lp/aggregator/export.hpp>
#include <lp/shared/csv.hpp>
#include <lp/shared/response_codec.hpp>
#include <lp/shared/time.hpp>
#include <nlohmann/json.hpp>

namespace lp::aggregator {
namespace {

std::string answer_text(const Answer& a) {
    if (a.state != AnswerState::value) return to_string(a.state);
    if (a.scale > 0) return std::to_string(a.scale);
    if (!a.choice.empty()) return a.choice;
    std::string s;
    for (const auto& c : a.chips) s += (s.empty() ? "" : "|") + c;
    return s;
}

std::string joined(const std::vector<std::string>& v, const char* sep) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : sep) + x;
    return s;
}

}  // namespace

Status export_responses(Store& store, ExportFormat format, std::int64_t since_unix, std::ostream& out) {
    if (format == ExportFormat::csv)
        out << "id,device_id,site,seq,question_set,question_set_version,created_hour,received_at,age_band,"
               "language,needs_help,assisted,answers,themes,comment\n";
    return store.for_each_response(since_unix, [&](const StoredResponse& s) {
        const Response& r = s.response;
        if (format == ExportFormat::jsonl) {
            auto j = nlohmann::json::parse(encode_response(r));
            j["device_id"] = s.device_id;
            j["site"] = s.site;
            j["received_at"] = iso_utc(s.received_at);
            j["sha256"] = s.sha256;
            j["themes"] = s.themes;
            out << j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
            return;
        }
        std::string answers;
        for (const auto& a : r.answers) answers += (answers.empty() ? "" : ";") + a.question + "=" + answer_text(a);
        out << csv_field(r.id) << ',' << csv_field(s.device_id) << ',' << csv_field(s.site) << ',' << r.seq << ','
            << csv_field(r.question_set_id) << ',' << r.question_set_version << ',' << csv_field(r.created_hour) << ','
            << iso_utc(s.received_at) << ',' << to_string(r.age_band) << ',' << csv_field(r.language) << ','
            << (r.needs_help ? "true" : "false") << ',' << (r.assisted ? "true" : "false") << ','
            << csv_field(answers) << ',' << csv_field(joined(s.themes, ";"))
            << ',' << csv_field(r.comment) << '\n';
    });
}

}  // namespace lp::aggregator
