#include "record_tracker.hpp"

namespace lp::faultproxy {

std::vector<RecordStart> RecordTracker::feed(const std::uint8_t* data, std::size_t n) {
    std::vector<RecordStart> out;
    std::size_t i = 0;
    while (tls_ && i < n) {
        if (body_left_ > 0) {
            const std::size_t take = body_left_ < n - i ? body_left_ : n - i;
            body_left_ -= take;
            i += take;
            continue;
        }
        const std::size_t header_at = header_have_ == 0 ? i : 0;
        header_[header_have_++] = data[i++];
        if (header_have_ < 5) continue;
        header_have_ = 0;
        const std::uint8_t type = header_[0];
        const std::size_t length = (static_cast<std::size_t>(header_[3]) << 8) | header_[4];
        if (type < 20 || type > 23 || header_[1] != 3 || length > (1u << 14) + 2048) {
            tls_ = false;  // not TLS: stop interpreting
            break;
        }
        out.push_back(RecordStart{header_at, type, length});
        body_left_ = length;
    }
    return out;
}

}  // namespace lp::faultproxy
