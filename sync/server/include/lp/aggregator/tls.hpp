#pragma once
// TLS material: the self-signed development certificate, the public-key pin kiosks check,
// and the hardened OpenSSL context the server uses.
#include <lp/shared/result.hpp>

#include <string>

struct ssl_ctx_st;

namespace lp::aggregator {

struct PemPair {
    std::string certificate;  // PEM
    std::string private_key;  // PEM (PKCS#8)
};

/// Makes a self-signed P-256 certificate for localhost, 127.0.0.1 and ::1 (SAN), valid 825 days.
Result<PemPair> make_self_signed_certificate(const std::string& common_name = "localhost");

/// curl-style pin of a PEM certificate's public key: "sha256//<base64 of SHA-256(SPKI DER)>".
Result<std::string> public_key_pin(const std::string& certificate_pem);

/// Loads certificate chain and key into ctx with TLS 1.2 minimum and no compression or
/// renegotiation. Returns false (and fills error) when the files are unreadable or do not match.
bool configure_server_tls(ssl_ctx_st& ctx, const std::string& cert_file, const std::string& key_file,
                          std::string& error);

}  // namespace lp::aggregator
