#pragma once
// libsodium wrappers: sealing, hashing, random ids, password hashing. All functions call
// sodium_init() once themselves; they throw std::runtime_error only if libsodium cannot start.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lp::crypto {

using Bytes = std::vector<std::uint8_t>;
constexpr std::size_t public_key_bytes = 32;
constexpr std::size_t secret_key_bytes = 32;

/// Secret bytes in locked, guarded memory (sodium_malloc); wiped and freed on destruction.
class SecretBytes {
public:
    explicit SecretBytes(std::size_t n);
    std::uint8_t* data() noexcept { return p_.get(); }
    const std::uint8_t* data() const noexcept { return p_.get(); }
    std::size_t size() const noexcept { return n_; }

private:
    struct Free {
        void operator()(std::uint8_t* p) const noexcept;
    };
    std::unique_ptr<std::uint8_t, Free> p_;
    std::size_t n_;
};

struct KeyPair {
    std::array<std::uint8_t, public_key_bytes> public_key{};
    SecretBytes secret_key{secret_key_bytes};
};

/// Makes a new X25519 key pair for crypto_box_seal.
KeyPair generate_keypair();

/// Seals plaintext to a public key (anonymous sender, crypto_box_seal).
Bytes seal(std::string_view plaintext, const std::array<std::uint8_t, public_key_bytes>& public_key);

/// Opens a sealed box; nullopt when the bytes were not sealed to this key pair or were altered.
std::optional<std::string> open_sealed(const Bytes& sealed, const KeyPair& keys);

/// SHA-256 as lower-case hex.
std::string sha256_hex(const void* data, std::size_t n);
inline std::string sha256_hex(std::string_view s) { return sha256_hex(s.data(), s.size()); }
inline std::string sha256_hex(const Bytes& b) { return sha256_hex(b.data(), b.size()); }
/// HMAC-SHA256 of message under key (any length), as lower-case hex (webhook signatures).
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

/// Random UUID version 4, e.g. "2f1c...-4...".
std::string uuid4();
/// n random bytes.
Bytes random_bytes(std::size_t n);
/// Uniform random integer in [0, upper) (upper > 0).
std::uint32_t random_below(std::uint32_t upper);

std::string to_hex(const void* data, std::size_t n);
inline std::string to_hex(const Bytes& b) { return to_hex(b.data(), b.size()); }
/// nullopt when the text is not even-length hex.
std::optional<Bytes> from_hex(std::string_view hex);
/// Standard base64 with padding.
std::string to_base64(const void* data, std::size_t n);
inline std::string to_base64(const Bytes& b) { return to_base64(b.data(), b.size()); }
/// nullopt when the text is not valid base64.
std::optional<Bytes> from_base64(std::string_view b64);

/// argon2id hash string (includes salt and parameters). Throws on out-of-memory.
std::string hash_password(std::string_view password);
/// Verifies a password against hash_password()'s output.
bool verify_password(std::string_view hash, std::string_view password);

/// Compares two equal-length strings in constant time (false if lengths differ).
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace lp::crypto
