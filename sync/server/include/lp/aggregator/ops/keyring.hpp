#pragma once
// Sealing-key rotation. Keys live in the data dir: key 1 is the original sealing.key/.pub,
// later ones sealing-<n>.key (0600) / sealing-<n>.pub, listed in sealing-keys.json with the
// current id and when each was replaced or retired. Kiosks seal to the current public key; the
// server opens payloads sealed to any key not yet retired.
#include <cstdint>
#include <lp/aggregator/data_dir.hpp>
#include <lp/aggregator/seal_opener.hpp>
#include <lp/aggregator/store.hpp>
#include <lp/shared/crypto.hpp>
#include <lp/shared/result.hpp>
#include <optional>
#include <string>
#include <vector>

namespace lp::aggregator::ops {

struct SealingKeyInfo {
    int id = 1;
    std::string secret_file;  // relative to the data dir
    std::string public_file;
    std::int64_t created_at = 0;
    std::optional<std::int64_t> replaced_at;  // when a newer key became current
    std::optional<std::int64_t> retired_at;   // no longer opens anything
};

struct KeyIndex {
    int current = 1;
    std::vector<SealingKeyInfo> keys;
    const SealingKeyInfo* find(int id) const;
};

/// The key index (a synthetic one-key index when sealing-keys.json does not exist yet).
Result<KeyIndex> load_key_index(const DataDir& dir);

/// Creates the next key pair, makes it current and returns its id.
Result<int> rotate_key(const DataDir& dir, std::int64_t now);

/// Why key_id may not be retired yet ("" when it may): current key, or devices that might
/// still send payloads sealed to it.
Result<std::vector<std::string>> retire_blockers(const DataDir& dir, Store& store, int key_id);
/// Retires key_id when retire_blockers is empty: it stops opening payloads and its secret
/// file is renamed *.retired. conflict with the reasons otherwise.
Status retire_key(const DataDir& dir, Store& store, int key_id, std::int64_t now);

/// Loads every non-retired key for the running server (or import) and returns the current
/// pair; open_sealed_any uses the loaded set afterwards.
Result<crypto::KeyPair> load_keyring(const DataDir& dir);

/// Opens a sealed payload with the fallback pair or any loaded non-retired key; remembers the
/// key used for note_batch_keys. nullopt when no key opens it.
std::optional<crypto::Bytes> open_sealed_any(const crypto::Bytes& sealed, const SealOpener& fallback);

/// Base64 of the current public key of the loaded keyring ("" before load_keyring).
std::string current_public_key_b64();

/// Starts collecting, for this thread, which keys the items of one batch were sealed to.
void begin_batch_keys();
/// Records (in DIR/key-usage.db) the oldest key the device's latest batch used.
void note_batch_keys(const std::string& device_id, std::int64_t now);

/// Short fingerprint of a public key (first 16 hex of its SHA-256), for listings and logs.
std::string key_fingerprint(const crypto::Bytes& public_key);

}  // namespace lp::aggregator::ops
