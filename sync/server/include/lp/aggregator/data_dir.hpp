#pragma once
// The aggregator's data directory: database, sealing key pair, TLS files, config.
#include <lp/aggregator/config.hpp>
#include <lp/shared/crypto.hpp>
#include <lp/shared/result.hpp>

#include <optional>
#include <string>

namespace lp::aggregator {

struct DataDir {
    std::string root;

    std::string database() const { return root + "/aggregator.db"; }
    std::string sealing_secret_key() const { return root + "/sealing.key"; }
    std::string sealing_public_key() const { return root + "/sealing.pub"; }
    std::string config_file() const { return root + "/aggregator.conf"; }
    /// Resolves a config path (cert_file, key_file) against the data directory.
    std::string resolve(const std::string& path) const;
};

struct InitOptions {
    std::optional<std::string> cert_file;  // copy these in instead of making a self-signed pair
    std::optional<std::string> key_file;
};

/// Creates DIR with the database (migrated, WAL), sealing keys (secret 0600), TLS files and a
/// commented config. Existing files are kept, so init is safe to run twice. io_error on failure.
Status init_data_dir(const DataDir& dir, const InitOptions& options = {});

/// Loads the sealing key pair; not_found when init has not been run, crypto_error when corrupt.
Result<crypto::KeyPair> load_sealing_keys(const DataDir& dir);

/// Loads the config file of the data dir (defaults when absent).
Result<Config> load_data_dir_config(const DataDir& dir);

}  // namespace lp::aggregator
