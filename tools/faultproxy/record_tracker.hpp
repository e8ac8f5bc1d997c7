#pragma once
// Follows the TLS record framing of one direction of a byte stream (without decrypting) so
// the proxy can tell an HTTP request (a large application-data record) from handshake bytes.
#include <cstddef>
#include <cstdint>
#include <vector>

namespace lp::faultproxy {

struct RecordStart {
    std::size_t offset;  // where the record header begins inside the fed chunk
    std::uint8_t type;   // 22 handshake, 23 application data, 21 alert, 20 change cipher spec
    std::size_t length;  // payload length
};

class RecordTracker {
public:
    /// Feeds the next chunk of the stream; returns the records whose headers complete in it.
    /// A header split across chunks is reported with offset 0 of the chunk that completes it.
    std::vector<RecordStart> feed(const std::uint8_t* data, std::size_t n);
    /// False once the stream stopped looking like TLS (then no records are reported).
    bool looks_like_tls() const noexcept { return tls_; }

private:
    std::size_t body_left_ = 0;
    std::uint8_t header_[5] = {};
    std::size_t header_have_ = 0;
    bool tls_ = true;
};

}  // namespace lp::faultproxy
