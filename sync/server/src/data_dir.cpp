#include <lp/aggregator/data_dir.hpp>

#include <lp/aggregator/sqlite_store.hpp>
#include <lp/aggregator/tls.hpp>
#include <lp/shared/files.hpp>

#include <cstring>

namespace lp::aggregator {
namespace {

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
    return s;
}

}  // namespace

std::string DataDir::resolve(const std::string& path) const {
    if (!path.empty() && path[0] == '/') return path;
    return root + "/" + path;
}

Status init_data_dir(const DataDir& dir, const InitOptions& options) {
    if (auto s = make_dirs(dir.root, 0700); !s) return s;

    if (!file_exists(dir.sealing_secret_key())) {
        auto keys = crypto::generate_keypair();
        // The secret file is written first, 0600 from its first byte; the public half follows.
        auto s = write_file_atomic(dir.sealing_secret_key(),
                                   crypto::to_base64(keys.secret_key.data(), keys.secret_key.size()) + "\n",
                                   0600);
        if (!s) return s;
        s = write_file_atomic(dir.sealing_public_key(),
                              crypto::to_base64(keys.public_key.data(), keys.public_key.size()) + "\n", 0644);
        if (!s) return s;
    }

    if (!file_exists(dir.config_file())) {
        if (auto s = write_file_atomic(dir.config_file(), default_config_text(), 0644); !s) return s;
    }
    auto config = load_data_dir_config(dir);
    if (!config) return config.error();

    const std::string cert_path = dir.resolve(config->cert_file);
    const std::string key_path = dir.resolve(config->key_file);
    if (options.cert_file || options.key_file) {
        if (!options.cert_file || !options.key_file)
            return Status::fail(Errc::invalid_input, "--cert and --key must be given together");
        auto cert = read_file(*options.cert_file);
        if (!cert) return cert.error();
        auto key = read_file(*options.key_file);
        if (!key) return key.error();
        if (auto pin = public_key_pin(*cert); !pin) return pin.error();
        if (auto s = write_file_atomic(key_path, *key, 0600); !s) return s;
        if (auto s = write_file_atomic(cert_path, *cert, 0644); !s) return s;
    } else if (!file_exists(cert_path) || !file_exists(key_path)) {
        auto pair = make_self_signed_certificate();
        if (!pair) return pair.error();
        if (auto s = write_file_atomic(key_path, pair->private_key, 0600); !s) return s;
        if (auto s = write_file_atomic(cert_path, pair->certificate, 0644); !s) return s;
    }

    // Opening the store creates the database in WAL mode and applies every migration.
    auto store = open_sqlite_store(dir.database());
    if (!store) return store.error();
    return ok_status();
}

Result<crypto::KeyPair> load_sealing_keys(const DataDir& dir) {
    auto secret_text = read_file(dir.sealing_secret_key());
    if (!secret_text) return secret_text.error();
    auto public_text = read_file(dir.sealing_public_key());
    if (!public_text) return public_text.error();
    auto secret = crypto::from_base64(trim(*secret_text));
    auto pub = crypto::from_base64(trim(*public_text));
    if (!secret || secret->size() != crypto::secret_key_bytes || !pub || pub->size() != crypto::public_key_bytes)
        return Error{Errc::crypto_error, "sealing key files in " + dir.root + " are corrupt"};
    crypto::KeyPair keys;
    std::memcpy(keys.secret_key.data(), secret->data(), secret->size());
    std::memcpy(keys.public_key.data(), pub->data(), pub->size());
    std::fill(secret->begin(), secret->end(), std::uint8_t{0});
    return keys;
}

Result<Config> load_data_dir_config(const DataDir& dir) { return load_config(dir.config_file()); }

}  // namespace lp::aggregator
