#include <lp/aggregator/tls.hpp>

#include <lp/shared/crypto.hpp>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace lp::aggregator {
namespace {

template <class T, void (*F)(T*)>
struct Deleter {
    void operator()(T* p) const noexcept { F(p); }
};
using PKeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;

std::string openssl_error(const std::string& what) {
    unsigned long code = ERR_get_error();
    char buf[256] = {};
    if (code != 0) ERR_error_string_n(code, buf, sizeof buf);
    ERR_clear_error();
    return what + (code != 0 ? std::string(": ") + buf : std::string());
}

std::string bio_text(BIO* bio) {
    char* data = nullptr;
    long n = BIO_get_mem_data(bio, &data);
    return std::string(data, static_cast<std::size_t>(n));
}

bool add_extension(X509* cert, int nid, const char* value) {
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    ExtPtr ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
    return ext && X509_add_ext(cert, ext.get(), -1) == 1;
}

}  // namespace

Result<PemPair> make_self_signed_certificate(const std::string& common_name) {
    PKeyPtr key(EVP_EC_gen("P-256"));
    if (!key) return Error{Errc::crypto_error, openssl_error("could not make a TLS key")};
    X509Ptr cert(X509_new());
    if (!cert) return Error{Errc::crypto_error, openssl_error("could not make a certificate")};
    X509_set_version(cert.get(), 2);
    auto serial = crypto::random_bytes(16);
    serial[0] &= 0x7f;  // positive serial number
    BIGNUM* bn = BN_bin2bn(serial.data(), static_cast<int>(serial.size()), nullptr);
    BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(cert.get()));
    BN_free(bn);
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), 825L * 24 * 3600);  // browsers' maximum
    X509_set_pubkey(cert.get(), key.get());
    X509_NAME* name = X509_get_subject_name(cert.get());
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>("Listening Post aggregator"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                               reinterpret_cast<const unsigned char*>(common_name.c_str()), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    std::string san = "DNS:" + common_name + ",DNS:localhost,IP:127.0.0.1,IP:::1";
    if (!add_extension(cert.get(), NID_subject_alt_name, san.c_str()) ||
        !add_extension(cert.get(), NID_basic_constraints, "critical,CA:FALSE") ||
        !add_extension(cert.get(), NID_key_usage, "critical,digitalSignature") ||
        !add_extension(cert.get(), NID_ext_key_usage, "serverAuth"))
        return Error{Errc::crypto_error, openssl_error("could not add certificate extensions")};
    if (X509_sign(cert.get(), key.get(), EVP_sha256()) == 0)
        return Error{Errc::crypto_error, openssl_error("could not sign the certificate")};

    PemPair out;
    BioPtr cert_bio(BIO_new(BIO_s_mem()));
    BioPtr key_bio(BIO_new(BIO_s_mem()));
    if (!cert_bio || !key_bio || PEM_write_bio_X509(cert_bio.get(), cert.get()) != 1 ||
        PEM_write_bio_PrivateKey(key_bio.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return Error{Errc::crypto_error, openssl_error("could not write PEM")};
    out.certificate = bio_text(cert_bio.get());
    out.private_key = bio_text(key_bio.get());
    return out;
}

Result<std::string> public_key_pin(const std::string& certificate_pem) {
    BioPtr bio(BIO_new_mem_buf(certificate_pem.data(), static_cast<int>(certificate_pem.size())));
    X509Ptr cert(bio ? PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!cert) return Error{Errc::invalid_input, openssl_error("not a PEM certificate")};
    EVP_PKEY* pub = X509_get0_pubkey(cert.get());
    if (!pub) return Error{Errc::invalid_input, openssl_error("certificate has no public key")};
    unsigned char* der = nullptr;
    int n = i2d_PUBKEY(pub, &der);
    if (n <= 0) return Error{Errc::crypto_error, openssl_error("could not encode the public key")};
    unsigned char digest[32];
    unsigned int digest_len = 0;
    EVP_Digest(der, static_cast<std::size_t>(n), digest, &digest_len, EVP_sha256(), nullptr);
    OPENSSL_free(der);
    return "sha256//" + crypto::to_base64(digest, digest_len);
}

bool configure_server_tls(ssl_ctx_st& ctx, const std::string& cert_file, const std::string& key_file,
                          std::string& error) {
    SSL_CTX* c = &ctx;
    SSL_CTX_set_min_proto_version(c, TLS1_2_VERSION);
    SSL_CTX_set_options(c, SSL_OP_NO_COMPRESSION | SSL_OP_NO_SESSION_RESUMPTION_ON_RENEGOTIATION |
                               SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
    // Forward-secret AEAD suites only for TLS 1.2; TLS 1.3 suites are all fine.
    SSL_CTX_set_cipher_list(c, "ECDHE+AESGCM:ECDHE+CHACHA20");
    SSL_CTX_set_mode(c, SSL_MODE_RELEASE_BUFFERS);
    if (SSL_CTX_use_certificate_chain_file(c, cert_file.c_str()) != 1) {
        error = openssl_error("cannot load TLS certificate " + cert_file);
        return false;
    }
    if (SSL_CTX_use_PrivateKey_file(c, key_file.c_str(), SSL_FILETYPE_PEM) != 1) {
        error = openssl_error("cannot load TLS key " + key_file);
        return false;
    }
    if (SSL_CTX_check_private_key(c) != 1) {
        error = openssl_error("TLS key " + key_file + " does not match " + cert_file);
        return false;
    }
    return true;
}

}  // namespace lp::aggregator
