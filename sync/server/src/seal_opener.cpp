#include <lp/aggregator/seal_opener.hpp>
#include <lp/shared/c_free.hpp>

#include <openssl/evp.h>
#include <sodium.h>

#include <stdexcept>

namespace lp::aggregator {
namespace {

using CtxFree = FreeWith<EVP_PKEY_CTX_free>;
using KeyFree = FreeWith<EVP_PKEY_free>;

// Wiped on every exit path: the shared secret and the box key derived from it.
struct Scratch {
    unsigned char shared[crypto_scalarmult_BYTES];
    unsigned char key[crypto_box_BEFORENMBYTES];
    ~Scratch() {
        sodium_memzero(shared, sizeof shared);
        sodium_memzero(key, sizeof key);
    }
};

}  // namespace

void SealOpener::Free::operator()(void* key) const noexcept { EVP_PKEY_free(static_cast<EVP_PKEY*>(key)); }

SealOpener::SealOpener(const crypto::KeyPair& keys)
    : public_key_(keys.public_key),
      secret_(EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, nullptr, keys.secret_key.data(), keys.secret_key.size())) {
    if (!secret_) throw std::runtime_error("OpenSSL could not load the sealing key");
    if (sodium_init() < 0) throw std::runtime_error("libsodium could not start");
}

std::optional<std::string> SealOpener::open(const crypto::Bytes& sealed) const {
    if (sealed.size() < crypto_box_SEALBYTES) return std::nullopt;
    const unsigned char* ephemeral = sealed.data();

    // X25519(secret, ephemeral). OpenSSL refuses an all-zero result (a small-order point),
    // as libsodium does.
    std::unique_ptr<EVP_PKEY, KeyFree> peer(
        EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, nullptr, ephemeral, crypto_box_PUBLICKEYBYTES));
    std::unique_ptr<EVP_PKEY_CTX, CtxFree> ctx(EVP_PKEY_CTX_new(static_cast<EVP_PKEY*>(secret_.get()), nullptr));
    if (!peer || !ctx || EVP_PKEY_derive_init(ctx.get()) != 1 || EVP_PKEY_derive_set_peer_ex(ctx.get(), peer.get(), 0) != 1)
        return std::nullopt;
    Scratch s;
    std::size_t n = sizeof s.shared;
    if (EVP_PKEY_derive(ctx.get(), s.shared, &n) != 1 || n != sizeof s.shared) return std::nullopt;

    // The rest is crypto_box_seal_open: key = HSalsa20(shared), nonce = BLAKE2b(ephemeral || recipient).
    static const unsigned char zero[16] = {0};
    crypto_core_hsalsa20(s.key, zero, s.shared, nullptr);
    unsigned char nonce[crypto_box_NONCEBYTES];
    crypto_generichash_state h;
    crypto_generichash_init(&h, nullptr, 0, sizeof nonce);
    crypto_generichash_update(&h, ephemeral, crypto_box_PUBLICKEYBYTES);
    crypto_generichash_update(&h, public_key_.data(), public_key_.size());
    crypto_generichash_final(&h, nonce, sizeof nonce);

    std::string out(sealed.size() - crypto_box_SEALBYTES, '\0');
    if (crypto_box_open_easy_afternm(reinterpret_cast<unsigned char*>(out.data()),
                                     sealed.data() + crypto_box_PUBLICKEYBYTES,
                                     sealed.size() - crypto_box_PUBLICKEYBYTES, nonce, s.key) != 0)
        return std::nullopt;
    return out;
}

}  // namespace lp::aggregator
