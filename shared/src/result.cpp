#include <lp/shared/result.hpp>

namespace lp {

const char* to_string(Errc code) noexcept {
    switch (code) {
    case Errc::invalid_input: return "invalid_input";
    case Errc::not_found: return "not_found";
    case Errc::io_error: return "io_error";
    case Errc::disk_full: return "disk_full";
    case Errc::crypto_error: return "crypto_error";
    case Errc::unauthorized: return "unauthorized";
    case Errc::conflict: return "conflict";
    case Errc::network: return "network";
    case Errc::server_error: return "server_error";
    case Errc::internal: return "internal";
    }
    return "internal";
}

}  // namespace lp
