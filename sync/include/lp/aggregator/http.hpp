#pragma once
// Small helpers every route file uses: JSON bodies and errors, bearer tokens.
#include <httplib.h>

#include <string>
#include <string_view>

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

}  // namespace lp::aggregator::http
