#pragma once
// Which server URLs a kiosk may talk to: HTTPS anywhere, plain HTTP only on loopback (tests).
#include <lp/shared/result.hpp>
#include <string>
#include <string_view>

namespace lp::sync {

/// The host part of "scheme://host[:port]/…" without brackets ("::1"); "" when malformed.
std::string url_host(std::string_view url);
/// True for 127.0.0.0/8, ::1 and "localhost".
bool is_loopback_host(std::string_view host);
/// ok for https:// URLs and for http:// to a loopback host; invalid_input (in plain words) otherwise.
Status check_server_url(std::string_view url);
/// Joins a base URL and an absolute path without doubling the slash.
std::string join_url(std::string_view base, std::string_view path);

}  // namespace lp::sync
