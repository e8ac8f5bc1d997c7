#pragma once
// HTTP status codes by name, for both ends of the wire (RFC 9110 names).
namespace lp::http_status {

constexpr int ok = 200;
constexpr int no_content = 204;
constexpr int see_other = 303;
constexpr int not_modified = 304;
constexpr int bad_request = 400;
constexpr int unauthorized = 401;
constexpr int forbidden = 403;
constexpr int not_found = 404;
constexpr int method_not_allowed = 405;
constexpr int request_timeout = 408;
constexpr int conflict = 409;
constexpr int length_required = 411;
constexpr int payload_too_large = 413;
constexpr int uri_too_long = 414;
constexpr int unsupported_media_type = 415;
constexpr int unprocessable_content = 422;
constexpr int too_many_requests = 429;
constexpr int header_fields_too_large = 431;
constexpr int internal_server_error = 500;
constexpr int service_unavailable = 503;

/// 4xx: the client's fault.
constexpr bool is_client_error(int status) { return status >= 400 && status <= 499; }
/// 5xx: the server's fault, worth retrying later.
constexpr bool is_server_error(int status) { return status >= 500 && status <= 599; }

}  // namespace lp::http_status
