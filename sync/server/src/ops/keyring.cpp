#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <lp/aggregator/ops/keyring.hpp>
#include <lp/aggregator/ops/ops_config.hpp>
#include <lp/aggregator/seal_opener.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/sqlite.hpp>
#include <lp/shared/time.hpp>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <shared_mutex>

namespace lp::aggregator::ops {
namespace {

std::string index_path(const DataDir& dir) { return dir.root + "/sealing-keys.json"; }
std::string usage_path(const DataDir& dir) { return dir.root + "/key-usage.db"; }

std::string trim(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
    return s;
}

Result<crypto::KeyPair> load_pair(const DataDir& dir, const SealingKeyInfo& k) {
    auto secret_text = read_file(dir.resolve(k.secret_file));
    if (!secret_text) return secret_text.error();
    auto public_text = read_file(dir.resolve(k.public_file));
    if (!public_text) return public_text.error();
    auto secret = crypto::from_base64(trim(*secret_text));
    auto pub = crypto::from_base64(trim(*public_text));
    if (!secret || secret->size() != crypto::secret_key_bytes || !pub || pub->size() != crypto::public_key_bytes)
        return Error{Errc::crypto_error, "sealing key " + std::to_string(k.id) + " in " + dir.root + " is corrupt"};
    crypto::KeyPair keys;
    std::memcpy(keys.secret_key.data(), secret->data(), secret->size());
    std::memcpy(keys.public_key.data(), pub->data(), pub->size());
    std::fill(secret->begin(), secret->end(), std::uint8_t{0});
    return keys;
}

Status save_index(const DataDir& dir, const KeyIndex& index) {
    nlohmann::json keys = nlohmann::json::array();
    for (const auto& k : index.keys) {
        nlohmann::json j = {
            {"id", k.id}, {"secret_file", k.secret_file}, {"public_file", k.public_file}, {"created_at", k.created_at}};
        j["replaced_at"] = k.replaced_at ? nlohmann::json(*k.replaced_at) : nlohmann::json();
        j["retired_at"] = k.retired_at ? nlohmann::json(*k.retired_at) : nlohmann::json();
        keys.push_back(std::move(j));
    }
    return write_file_atomic(index_path(dir), nlohmann::json{{"current", index.current}, {"keys", keys}}.dump(2) + "\n",
                             0600);
}

// The loaded keyring of this process (server or import).
struct LoadedKey {
    int id = 0;
    SealOpener opener;
};
std::shared_mutex ring_mutex;
std::vector<std::shared_ptr<const LoadedKey>> ring;  // current first, then newest to oldest
std::string ring_current_b64;
std::vector<std::array<std::uint8_t, crypto::public_key_bytes>> ring_retired;  // never open with these
std::string ring_usage_db;

thread_local int batch_oldest_key = 0;  // 0: no item opened in this batch yet

// Device → oldest key of its latest batch, cached so the database is only written on a change.
std::mutex usage_mutex;
std::map<std::string, int> usage_cache;
std::unique_ptr<db::Database> usage_db;

void ensure_usage_schema(db::Database& d) {
    d.exec(
        "CREATE TABLE IF NOT EXISTS device_keys (device_id TEXT PRIMARY KEY, key_id INTEGER NOT NULL, "
        "batch_at INTEGER NOT NULL)");
}

Result<std::map<std::string, std::pair<int, std::int64_t>>> read_usage(const DataDir& dir) {
    std::map<std::string, std::pair<int, std::int64_t>> out;
    if (!file_exists(usage_path(dir))) return out;
    try {
        db::Database d(usage_path(dir));
        ensure_usage_schema(d);
        auto st = d.prepare("SELECT device_id, key_id, batch_at FROM device_keys");
        while (st.step()) out[st.column_text(0)] = {static_cast<int>(st.column_int64(1)), st.column_int64(2)};
    } catch (const std::exception& e) {
        return Error{Errc::io_error, usage_path(dir) + ": " + e.what()};
    }
    return out;
}

}  // namespace

const SealingKeyInfo* KeyIndex::find(int id) const {
    for (const auto& k : keys)
        if (k.id == id) return &k;
    return nullptr;
}

Result<KeyIndex> load_key_index(const DataDir& dir) {
    KeyIndex index;
    auto text = read_file(index_path(dir));
    if (!text) {
        if (text.error().code != Errc::not_found) return text.error();
        if (!file_exists(dir.sealing_secret_key()))
            return Error{Errc::not_found, "no sealing key in " + dir.root + "; run 'lp-aggregator init' first"};
        index.keys.push_back(SealingKeyInfo{1, "sealing.key", "sealing.pub", 0, std::nullopt, std::nullopt});
        return index;
    }
    try {
        auto j = nlohmann::json::parse(*text);
        index.current = j.at("current").get<int>();
        for (const auto& k : j.at("keys")) {
            SealingKeyInfo info;
            info.id = k.at("id").get<int>();
            info.secret_file = k.at("secret_file").get<std::string>();
            info.public_file = k.at("public_file").get<std::string>();
            info.created_at = k.at("created_at").get<std::int64_t>();
            if (k.contains("replaced_at") && !k["replaced_at"].is_null())
                info.replaced_at = k["replaced_at"].get<std::int64_t>();
            if (k.contains("retired_at") && !k["retired_at"].is_null())
                info.retired_at = k["retired_at"].get<std::int64_t>();
            index.keys.push_back(std::move(info));
        }
    } catch (const std::exception& e) {
        return Error{Errc::invalid_input, index_path(dir) + " is damaged: " + e.what()};
    }
    const SealingKeyInfo* current = index.find(index.current);
    if (!current || current->retired_at)
        return Error{Errc::invalid_input, index_path(dir) + ": the current key is missing or retired"};
    return index;
}

Result<int> rotate_key(const DataDir& dir, std::int64_t now) {
    auto index = load_key_index(dir);
    if (!index) return index.error();
    int next = 1;
    for (const auto& k : index->keys) next = std::max(next, k.id + 1);
    const std::string secret_file = "sealing-" + std::to_string(next) + ".key";
    const std::string public_file = "sealing-" + std::to_string(next) + ".pub";
    auto keys = crypto::generate_keypair();
    // Secret first (0600 from its first byte), then the public half, then the index: a crash
    // in between leaves an unused file, never an index naming a missing key.
    if (auto s = write_file_atomic(dir.resolve(secret_file),
                                   crypto::to_base64(keys.secret_key.data(), keys.secret_key.size()) + "\n", 0600);
        !s)
        return s.error();
    if (auto s = write_file_atomic(dir.resolve(public_file),
                                   crypto::to_base64(keys.public_key.data(), keys.public_key.size()) + "\n", 0644);
        !s)
        return s.error();
    for (auto& k : index->keys)
        if (k.id == index->current) k.replaced_at = now;
    index->keys.push_back(SealingKeyInfo{next, secret_file, public_file, now, std::nullopt, std::nullopt});
    index->current = next;
    if (auto s = save_index(dir, *index); !s) return s.error();
    return next;
}

Result<std::vector<std::string>> retire_blockers(const DataDir& dir, Store& store, int key_id) {
    auto index = load_key_index(dir);
    if (!index) return index.error();
    const SealingKeyInfo* key = index->find(key_id);
    if (!key) return Error{Errc::not_found, "there is no sealing key " + std::to_string(key_id)};
    std::vector<std::string> why;
    if (key->retired_at) return why;
    if (key_id == index->current) {
        why.push_back("key " + std::to_string(key_id) + " is the current key; run 'lp-aggregator rotate-key' first");
        return why;
    }
    auto usage = read_usage(dir);
    if (!usage) return usage.error();
    auto devices = store.list_devices();
    if (!devices) return devices.error();
    const std::int64_t replaced = key->replaced_at.value_or(0);
    for (const auto& d : *devices) {
        if (d.revoked) continue;
        auto u = usage->find(d.id);
        if (u != usage->end() && u->second.first <= key_id) {
            why.push_back("device " + d.id + " (" + d.site + ") sent a batch sealed to key " +
                          std::to_string(u->second.first) + " at " + iso_utc(u->second.second) +
                          " and none with only newer keys since");
        } else if (d.enrolled_at <= replaced && d.last_seen.value_or(0) <= replaced &&
                   (u == usage->end() || u->second.second <= replaced)) {
            // Same-second counts as "before": the device may have fetched the old key then.
            why.push_back("device " + d.id + " (" + d.site + ") has not synced since key " + std::to_string(key_id) +
                          " was replaced at " + iso_utc(replaced) + "; it may still hold responses sealed to it");
        }
    }
    return why;
}

Status retire_key(const DataDir& dir, Store& store, int key_id, std::int64_t now) {
    auto why = retire_blockers(dir, store, key_id);
    if (!why) return why.error();
    if (!why->empty()) {
        std::string text = "key " + std::to_string(key_id) + " cannot be retired yet:";
        for (const auto& w : *why) text += "\n  - " + w;
        if (why->front().find("current key") == std::string::npos)
            text += "\n(let those devices sync, or revoke devices that are gone for good)";
        return Status::fail(Errc::conflict, text);
    }
    auto index = load_key_index(dir);
    if (!index) return index.error();
    for (auto& k : index->keys) {
        if (k.id != key_id || k.retired_at) continue;
        k.retired_at = now;
        const std::string from = dir.resolve(k.secret_file);
        k.secret_file += ".retired";
        if (file_exists(from) && std::rename(from.c_str(), dir.resolve(k.secret_file).c_str()) != 0)
            return Status::fail(Errc::io_error, "cannot rename " + from);
    }
    return save_index(dir, *index);
}

Result<crypto::KeyPair> load_keyring(const DataDir& dir) {
    auto index = load_key_index(dir);
    if (!index) return index.error();
    std::vector<std::shared_ptr<const LoadedKey>> loaded;
    crypto::KeyPair current;
    std::vector<const SealingKeyInfo*> order;
    for (const auto& k : index->keys)
        if (!k.retired_at) order.push_back(&k);
    std::sort(order.begin(), order.end(), [&](const SealingKeyInfo* a, const SealingKeyInfo* b) {
        if ((a->id == index->current) != (b->id == index->current)) return a->id == index->current;
        return a->id > b->id;
    });
    std::vector<std::array<std::uint8_t, crypto::public_key_bytes>> retired;
    for (const auto& k : index->keys) {
        if (!k.retired_at) continue;
        auto pub = read_file(dir.resolve(k.public_file));
        auto bytes = pub ? crypto::from_base64(trim(*pub)) : std::nullopt;
        if (!bytes || bytes->size() != crypto::public_key_bytes)
            return Error{Errc::crypto_error,
                         "retired sealing key " + std::to_string(k.id) + ": public file unreadable"};
        retired.emplace_back();
        std::copy(bytes->begin(), bytes->end(), retired.back().begin());
    }
    for (const auto* k : order) {
        auto pair = load_pair(dir, *k);
        if (!pair) return pair.error();
        if (loaded.empty()) {
            current.public_key = pair->public_key;
            std::memcpy(current.secret_key.data(), pair->secret_key.data(), current.secret_key.size());
        }
        loaded.push_back(std::make_shared<const LoadedKey>(LoadedKey{k->id, SealOpener(*pair)}));
    }
    {
        std::unique_lock<std::shared_mutex> lock(ring_mutex);
        ring = std::move(loaded);
        ring_retired = std::move(retired);
        ring_current_b64 = crypto::to_base64(current.public_key.data(), current.public_key.size());
        ring_usage_db = usage_path(dir);
    }
    return current;
}

std::optional<crypto::Bytes> open_sealed_any(const crypto::Bytes& sealed, const SealOpener& fallback) {
    std::vector<std::shared_ptr<const LoadedKey>> keys;
    bool fallback_retired = false;
    {
        std::shared_lock<std::shared_mutex> lock(ring_mutex);
        keys = ring;
        for (const auto& r : ring_retired) fallback_retired = fallback_retired || r == fallback.public_key();
    }
    auto note = [](int id) {
        if (id > 0 && (batch_oldest_key == 0 || id < batch_oldest_key)) batch_oldest_key = id;
    };
    // The caller's own pair first: right for most items, and right even when another data dir's
    // keyring was loaded later in this process (tests open several aggregators).
    if (auto plain = fallback_retired ? std::nullopt : fallback.open(sealed)) {
        for (const auto& k : keys)
            if (k->opener.public_key() == fallback.public_key()) note(k->id);
        return crypto::Bytes(plain->begin(), plain->end());
    }
    for (const auto& k : keys) {
        if (k->opener.public_key() == fallback.public_key()) continue;
        if (auto plain = k->opener.open(sealed)) {
            note(k->id);
            return crypto::Bytes(plain->begin(), plain->end());
        }
    }
    return std::nullopt;
}

std::string current_public_key_b64() {
    std::shared_lock<std::shared_mutex> lock(ring_mutex);
    return ring_current_b64;
}

void begin_batch_keys() { batch_oldest_key = 0; }

void note_batch_keys(const std::string& device_id, std::int64_t now) {
    const int key = batch_oldest_key;
    batch_oldest_key = 0;
    if (key == 0) return;
    std::string path;
    {
        std::shared_lock<std::shared_mutex> lock(ring_mutex);
        path = ring_usage_db;
    }
    if (path.empty()) return;
    std::lock_guard<std::mutex> lock(usage_mutex);
    auto it = usage_cache.find(device_id);
    if (it != usage_cache.end() && it->second == key) return;
    try {
        if (!usage_db || usage_db->path() != path) {
            usage_db = std::make_unique<db::Database>(path);
            ensure_usage_schema(*usage_db);
            usage_cache.clear();
            auto st = usage_db->prepare("SELECT device_id, key_id FROM device_keys");
            while (st.step()) usage_cache[st.column_text(0)] = static_cast<int>(st.column_int64(1));
            it = usage_cache.find(device_id);
            if (it != usage_cache.end() && it->second == key) return;
        }
        usage_db
            ->prepare(
                "INSERT INTO device_keys (device_id, key_id, batch_at) VALUES (?, ?, ?) "
                "ON CONFLICT(device_id) DO UPDATE SET key_id = excluded.key_id, batch_at = excluded.batch_at")
            .bind(1, device_id)
            .bind(2, key)
            .bind(3, now)
            .step();
        usage_cache[device_id] = key;
    } catch (const std::exception& e) {
        // Informative only (retire-key reads it): the batch itself is stored already.
        log_event("key_usage_error", nlohmann::json{{"message", e.what()}}.dump());
    }
}

std::string key_fingerprint(const crypto::Bytes& public_key) { return crypto::sha256_hex(public_key).substr(0, 16); }

}  // namespace lp::aggregator::ops
