#include <lp/client/url.hpp>

namespace lp::sync {

std::string url_host(std::string_view url) {
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos) return {};
    std::string_view rest = url.substr(scheme_end + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (const auto at = rest.rfind('@'); at != std::string_view::npos) rest = rest.substr(at + 1);
    if (!rest.empty() && rest.front() == '[') {
        const auto close = rest.find(']');
        if (close == std::string_view::npos) return {};
        return std::string(rest.substr(1, close - 1));
    }
    return std::string(rest.substr(0, rest.find(':')));
}

bool is_loopback_host(std::string_view host) {
    return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

Status check_server_url(std::string_view url) {
    const std::string host = url_host(url);
    if (host.empty()) return Status::fail(Errc::invalid_input, "not a server address: " + std::string(url));
    if (url.rfind("https://", 0) == 0) return ok_status();
    if (url.rfind("http://", 0) == 0 && is_loopback_host(host)) return ok_status();
    return Status::fail(Errc::invalid_input,
                        "the server address must start with https:// (plain http is only for this computer)");
}

std::string join_url(std::string_view base, std::string_view path) {
    std::string out(base);
    while (!out.empty() && out.back() == '/') out.pop_back();
    if (path.empty() || path.front() != '/') out += '/';
    out += path;
    return out;
}

}  // namespace lp::sync
