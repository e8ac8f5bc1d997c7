#pragma once
// gzip for request bodies (Content-Encoding: gzip).
#include <optional>
#include <string>
#include <string_view>

namespace lp::sync {

/// Compresses to a gzip member. Throws std::runtime_error only if zlib cannot allocate.
std::string gzip_compress(std::string_view data, int level = 6);
/// Inflates a gzip member (tests use it to check what was sent); nullopt when corrupt or
/// larger than max_bytes.
std::optional<std::string> gzip_decompress(std::string_view data, std::size_t max_bytes = 64 << 20);

}  // namespace lp::sync
