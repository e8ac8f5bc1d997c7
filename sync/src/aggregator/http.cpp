#include <lp/aggregator/http.hpp>

#include <nlohmann/json.hpp>

namespace lp::aggregator::http {

void send_json(httplib::Response& res, int status, const std::string& body) {
    res.status = status;
    res.set_content(body, "application/json");
}

void send_error(httplib::Response& res, int status, std::string_view code, std::string_view message) {
    nlohmann::json j = {{"error", std::string(code)}, {"message", std::string(message)}};
    // Messages may quote client input: never let invalid UTF-8 break the error itself.
    send_json(res, status, j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void send_error_and_close(httplib::Response& res, int status, std::string_view code, std::string_view message) {
    send_error(res, status, code, message);
    res.set_header("Connection", "close");
}

std::string bearer_token(const httplib::Request& req) {
    const std::string h = req.get_header_value("Authorization");
    const std::string prefix = "Bearer ";
    if (h.size() <= prefix.size() || h.compare(0, prefix.size(), prefix) != 0) return {};
    std::string token = h.substr(prefix.size());
    if (token.size() > 256) return {};
    return token;
}

bool is_json_content_type(const httplib::Request& req) {
    const std::string t = req.get_header_value("Content-Type");
    const std::string want = "application/json";
    if (t.compare(0, want.size(), want) != 0) return false;
    return t.size() == want.size() || t[want.size()] == ';' || t[want.size()] == ' ';
}

}  // namespace lp::aggregator::http
