#pragma once
// TLS certificate renewal without a restart. A certificate callback on the server's SSL_CTX
// gives each new handshake the most recently loaded certificate and key; connections already
// open keep theirs.
#include <lp/shared/result.hpp>
#include <string>

struct ssl_ctx_st;

namespace lp::aggregator::ops {

/// Installs the callback on ctx (once, before serving). Until the first reload the context's
/// own certificate is used.
void install_certificate_reloader(ssl_ctx_st& ctx);

/// Loads the chain and key and makes them the certificate of new connections. The old one
/// stays when the files are unreadable or do not match (the error says which).
Status reload_certificate(const std::string& cert_file, const std::string& key_file);

}  // namespace lp::aggregator::ops
