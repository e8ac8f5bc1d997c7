#pragma once
// Opens crypto_box_seal payloads for one key pair, byte-compatible with libsodium's
// crypto_box_seal_open. The X25519 step runs on OpenSSL: Debian's libsodium uses its portable
// code for it, about 4x slower, and it is most of the aggregator's ingest CPU.
#include <lp/shared/crypto.hpp>

#include <memory>
#include <optional>
#include <string>

namespace lp::aggregator {

class SealOpener {
public:
    /// Keeps its own copy of the secret key; throws std::runtime_error if OpenSSL refuses it.
    explicit SealOpener(const crypto::KeyPair& keys);

    /// The plaintext, or nullopt when the bytes were not sealed to this pair or were altered.
    /// Safe to call from several threads at once.
    std::optional<std::string> open(const crypto::Bytes& sealed) const;

    const std::array<std::uint8_t, crypto::public_key_bytes>& public_key() const noexcept { return public_key_; }

private:
    struct Free {
        void operator()(void* key) const noexcept;
    };
    std::array<std::uint8_t, crypto::public_key_bytes> public_key_{};
    std::unique_ptr<void, Free> secret_;  // EVP_PKEY*
};

}  // namespace lp::aggregator
