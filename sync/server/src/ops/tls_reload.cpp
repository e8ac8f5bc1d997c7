#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <lp/aggregator/ops/tls_reload.hpp>
#include <lp/aggregator/tls.hpp>
#include <lp/shared/c_free.hpp>
#include <lp/shared/files.hpp>
#include <memory>
#include <mutex>

namespace lp::aggregator::ops {
namespace {

using FreeX509 = FreeWith<X509_free>;
using FreeKey = FreeWith<EVP_PKEY_free>;
struct FreeChain {
    void operator()(STACK_OF(X509) * s) const noexcept { sk_X509_pop_free(s, X509_free); }
};
using FreeBio = FreeWith<BIO_free>;

struct Identity {
    std::unique_ptr<X509, FreeX509> leaf;
    std::unique_ptr<STACK_OF(X509), FreeChain> chain;
    std::unique_ptr<EVP_PKEY, FreeKey> key;
};

std::mutex identity_mutex;
std::shared_ptr<const Identity> identity;  // null until the first reload

// Runs in each server handshake (any worker thread): hands the connection the newest identity.
int use_current_identity(SSL* ssl, void*) {
    std::shared_ptr<const Identity> id;
    {
        std::lock_guard<std::mutex> lock(identity_mutex);
        id = identity;
    }
    if (!id) return 1;  // the context's own certificate
    if (SSL_use_certificate(ssl, id->leaf.get()) != 1 || SSL_use_PrivateKey(ssl, id->key.get()) != 1) return 0;
    if (SSL_set1_chain(ssl, id->chain.get()) != 1) return 0;
    return 1;
}

std::string openssl_error() {
    unsigned long e = ERR_get_error();
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    ERR_clear_error();
    return buf;
}

}  // namespace

void install_certificate_reloader(ssl_ctx_st& ctx) { SSL_CTX_set_cert_cb(&ctx, use_current_identity, nullptr); }

Status reload_certificate(const std::string& cert_file, const std::string& key_file) {
    auto cert_pem = read_file(cert_file);
    if (!cert_pem) return cert_pem.error();
    if (auto mode = check_private_key_mode(key_file); !mode) return mode;
    auto key_pem = read_file(key_file);
    if (!key_pem) return key_pem.error();
    auto id = std::make_shared<Identity>();
    std::unique_ptr<BIO, FreeBio> cb(BIO_new_mem_buf(cert_pem->data(), static_cast<int>(cert_pem->size())));
    id->leaf.reset(PEM_read_bio_X509(cb.get(), nullptr, nullptr, nullptr));
    if (!id->leaf)
        return Status::fail(Errc::crypto_error, cert_file + ": no PEM certificate (" + openssl_error() + ")");
    id->chain.reset(sk_X509_new_null());
    while (X509* more = PEM_read_bio_X509(cb.get(), nullptr, nullptr, nullptr)) sk_X509_push(id->chain.get(), more);
    ERR_clear_error();  // the loop ends on "no start line"
    std::unique_ptr<BIO, FreeBio> kb(BIO_new_mem_buf(key_pem->data(), static_cast<int>(key_pem->size())));
    id->key.reset(PEM_read_bio_PrivateKey(kb.get(), nullptr, nullptr, nullptr));
    if (!id->key) return Status::fail(Errc::crypto_error, key_file + ": no PEM private key (" + openssl_error() + ")");
    if (X509_check_private_key(id->leaf.get(), id->key.get()) != 1) {
        ERR_clear_error();
        return Status::fail(Errc::crypto_error, key_file + " does not belong to the certificate in " + cert_file);
    }
    std::lock_guard<std::mutex> lock(identity_mutex);
    identity = std::move(id);
    return ok_status();
}

}  // namespace lp::aggregator::ops
