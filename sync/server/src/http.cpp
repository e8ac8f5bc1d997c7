#include <lp/aggregator/http.hpp>

#include <algorithm>

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

std::string client_address(const httplib::Request& req, const std::vector<std::string>& trusted_proxies) {
    if (std::find(trusted_proxies.begin(), trusted_proxies.end(), req.remote_addr) == trusted_proxies.end())
        return req.remote_addr;
    std::string forwarded = req.get_header_value("X-Forwarded-For");
    if (auto comma = forwarded.rfind(','); comma != std::string::npos) forwarded.erase(0, comma + 1);
    forwarded.erase(0, forwarded.find_first_not_of(" \t"));
    forwarded.erase(forwarded.find_last_not_of(" \t") + 1);
    // An address is short and plain; anything else is not one to trust.
    const bool plain = !forwarded.empty() && forwarded.size() <= 45 &&
                       forwarded.find_first_not_of("0123456789abcdefABCDEF.:") == std::string::npos;
    return plain ? forwarded : req.remote_addr;
}

}  // namespace lp::aggregator::http
