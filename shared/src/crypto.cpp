#include <lp/shared/crypto.hpp>

#include <sodium.h>

#include <cstring>
#include <new>
#include <stdexcept>

namespace lp::crypto {
namespace {

void ensure_sodium() {
    static const bool ready = [] {
        if (sodium_init() < 0) throw std::runtime_error("libsodium could not start");
        return true;
    }();
    (void)ready;
}

}  // namespace

void SecretBytes::Free::operator()(std::uint8_t* p) const noexcept { sodium_free(p); }

SecretBytes::SecretBytes(std::size_t n) : n_(n) {
    ensure_sodium();
    p_.reset(static_cast<std::uint8_t*>(sodium_malloc(n)));
    if (!p_) throw std::bad_alloc();
    sodium_memzero(p_.get(), n);
}

KeyPair generate_keypair() {
    ensure_sodium();
    KeyPair kp;
    crypto_box_keypair(kp.public_key.data(), kp.secret_key.data());
    return kp;
}

Bytes seal(std::string_view plaintext, const std::array<std::uint8_t, public_key_bytes>& public_key) {
    ensure_sodium();
    Bytes out(plaintext.size() + crypto_box_SEALBYTES);
    crypto_box_seal(out.data(), reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                    public_key.data());
    return out;
}

std::optional<std::string> open_sealed(const Bytes& sealed, const KeyPair& keys) {
    ensure_sodium();
    if (sealed.size() < crypto_box_SEALBYTES) return std::nullopt;
    std::string out(sealed.size() - crypto_box_SEALBYTES, '\0');
    if (crypto_box_seal_open(reinterpret_cast<unsigned char*>(out.data()), sealed.data(), sealed.size(),
                             keys.public_key.data(), keys.secret_key.data()) != 0)
        return std::nullopt;
    return out;
}

std::string sha256_hex(const void* data, std::size_t n) {
    ensure_sodium();
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, static_cast<const unsigned char*>(data), n);
    return to_hex(h, sizeof h);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
    ensure_sodium();
    crypto_auth_hmacsha256_state state;
    crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()), key.size());
    crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()), message.size());
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_final(&state, mac);
    sodium_memzero(&state, sizeof state);
    return to_hex(mac, sizeof mac);
}

Bytes random_bytes(std::size_t n) {
    ensure_sodium();
    Bytes b(n);
    randombytes_buf(b.data(), n);
    return b;
}

std::uint32_t random_below(std::uint32_t upper) {
    ensure_sodium();
    return randombytes_uniform(upper);
}

std::string uuid4() {
    Bytes b = random_bytes(16);
    b[6] = static_cast<std::uint8_t>((b[6] & 0x0f) | 0x40);
    b[8] = static_cast<std::uint8_t>((b[8] & 0x3f) | 0x80);
    std::string h = to_hex(b);
    return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) + "-" + h.substr(20);
}

std::string to_hex(const void* data, std::size_t n) {
    static const char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(n * 2);
    auto* p = static_cast<const std::uint8_t*>(data);
    for (std::size_t i = 0; i < n; ++i) {
        out.push_back(digits[p[i] >> 4]);
        out.push_back(digits[p[i] & 0xf]);
    }
    return out;
}

std::optional<Bytes> from_hex(std::string_view hex) {
    if (hex.size() % 2 != 0) return std::nullopt;
    Bytes out(hex.size() / 2);
    auto nibble = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < out.size(); ++i) {
        int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out[i] = static_cast<std::uint8_t>(hi * 16 + lo);
    }
    return out;
}

std::string to_base64(const void* data, std::size_t n) {
    ensure_sodium();
    std::string out(sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(out.data(), out.size(), static_cast<const unsigned char*>(data), n,
                      sodium_base64_VARIANT_ORIGINAL);
    out.resize(std::strlen(out.c_str()));
    return out;
}

std::optional<Bytes> from_base64(std::string_view b64) {
    ensure_sodium();
    Bytes out(b64.size() / 4 * 3 + 3);
    std::size_t len = 0;
    const char* end = nullptr;
    if (sodium_base642bin(out.data(), out.size(), b64.data(), b64.size(), nullptr, &len, &end,
                          sodium_base64_VARIANT_ORIGINAL) != 0 ||
        end != b64.data() + b64.size())
        return std::nullopt;
    out.resize(len);
    return out;
}

std::string hash_password(std::string_view password) {
    ensure_sodium();
    char out[crypto_pwhash_STRBYTES];
    // Interactive limits: ~64 MiB and well under a second, fine for a kiosk PIN and a login.
    if (crypto_pwhash_str_alg(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                              crypto_pwhash_MEMLIMIT_INTERACTIVE, crypto_pwhash_ALG_ARGON2ID13) != 0)
        throw std::bad_alloc();
    return out;
}

bool verify_password(std::string_view hash, std::string_view password) {
    ensure_sodium();
    std::string h(hash);
    return crypto_pwhash_str_verify(h.c_str(), password.data(), password.size()) == 0;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    ensure_sodium();
    if (a.size() != b.size()) return false;
    if (a.empty()) return true;
    return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace lp::crypto
