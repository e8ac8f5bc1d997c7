#pragma once
// Small helpers every route file uses: JSON bodies and errors, bearer tokens.
#include <httplib.h>

#include <string>
#include <string_view>
#include <vector>

namespace lp::aggregator::http {

/// Sets a JSON body and status.
void send_json(httplib::Response& res, int status, const std::string& body);
/// Sets {"error": code, "message": message} with the status.
void send_error(httplib::Response& res, int status, std::string_view code, std::string_view message);
/// Like send_error, and asks the client to close: used when the request body was not read.
void send_error_and_close(httplib::Response& res, int status, std::string_view code, std::string_view message);
/// The token of an "Authorization: Bearer <token>" header; "" when absent or malformed.
std::string bearer_token(const httplib::Request& req);
/// True when the Content-Type is application/json (parameters such as charset allowed).
bool is_json_content_type(const httplib::Request& req);
/// The client's address: the last X-Forwarded-For entry when the peer is one of the trusted
/// proxies (nginx sets it to the address it saw), else the peer's own address.
std::string client_address(const httplib::Request& req, const std::vector<std::string>& trusted_proxies);

}  // namespace lp::aggregator::http
