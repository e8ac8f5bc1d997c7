#pragma once
// The aggregator's storage interface. HTTP handlers and the CLI talk to this, never to SQL.
// Implementations: SQLite (sqlite_store.hpp, the default); PostgreSQL (pg_store.hpp) for several instances behind nginx.
// Every method is safe to call from many threads at once and reports failures as values.
#include <lp/shared/crypto.hpp>
#include <lp/shared/model.hpp>
#include <lp/shared/result.hpp>
#include <lp/shared/wire.hpp>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace lp::aggregator {

// [SECTION] Value types

struct Device {
    std::string id;  // "dev-…"
    std::string site;
    std::string name;
    std::int64_t enrolled_at = 0;
    std::optional<std::int64_t> last_seen;
    std::int64_t responses = 0;
    bool revoked = false;
};

struct NewDevice {
    std::string id;
    std::string name;
    std::string token_hash;  // SHA-256 hex of the bearer token; the token itself is never stored
    std::int64_t enrolled_at = 0;
};

/// What a bearer token resolves to.
struct DeviceAuth {
    std::string device_id;
    std::string site;
    std::string token_hash;
    bool revoked = false;
};

// Per-item outcomes are the wire's own types (stored | duplicate | conflict | rejected).
using ItemStatus = wire::ItemStatus;
using ItemResult = wire::ItemResult;

/// One batch item after the ingest service has checked and opened it.
struct IncomingItem {
    std::string id;  // uuid4 chosen by the kiosk
    std::int64_t seq = 0;
    std::string question_set_id;
    int question_set_version = 0;
    std::string created_hour;
    crypto::Bytes sealed;
    std::string sha256;                 // hex of sealed, already verified by the caller
    std::optional<Response> opened;     // set when the payload opened and validated
    std::vector<std::optional<double>> scores;  // per opened->answers entry (formats.md)
    std::vector<std::string> themes;    // theme ids the answers link to
    std::string rejection;              // why it could not be opened (when !opened)
};

/// A stored response in its opened, queryable form (for export and dashboards).
struct StoredResponse {
    std::string device_id;
    std::string site;
    std::int64_t received_at = 0;
    std::string sha256;
    Response response;
    std::vector<std::string> themes;
};

struct Manager {
    std::string user;
    std::string password_hash;  // argon2id string
    std::string role;           // "manager" | "viewer"
    std::int64_t created_at = 0;
    std::vector<std::string> sites{};  // the sites this account sees; empty: every site (an admin)
};

/// A site's own help contact, shown on its kiosks' help sheet beside Childline and 999.
struct SiteContact {
    std::string name;   // the service, e.g. "Hub A duty team"
    std::string phone;  // as it should be dialled, e.g. "01484 000000"
};

struct StoreCounts {
    std::int64_t devices = 0;
    std::int64_t responses = 0;
    std::int64_t answers = 0;
    std::int64_t conflicts = 0;
};

// [SECTION] Interface

class Store {
public:
    virtual ~Store() = default;

    // Enrolment codes and devices.
    /// Records a single-use code (by hash) for a site, valid until expires_at.
    virtual Status add_enrol_code(const std::string& code_hash, const std::string& site, std::int64_t created_at,
                                  std::int64_t expires_at) = 0;
    /// Uses up a code and creates the device in one transaction. not_found when the code is
    /// unknown, already used or expired (nothing changes then).
    virtual Result<Device> enrol_device(const std::string& code_hash, const NewDevice& device, std::int64_t now) = 0;
    /// A kiosk whose enrolment answer was lost asks again with the same code: when the code was
    /// used for device_id, has not expired and the device is not revoked, the device's token
    /// hash is replaced (the lost token stops working). not_found otherwise; nothing changes.
    virtual Result<Device> reissue_device_token(const std::string& code_hash, const std::string& device_id,
                                                const std::string& token_hash, std::int64_t now) = 0;
    /// The device a token hash belongs to (revoked ones too); nullopt when none.
    virtual Result<std::optional<DeviceAuth>> find_device_by_token_hash(const std::string& token_hash) = 0;
    virtual Result<std::vector<Device>> list_devices() = 0;
    /// Revokes at once; not_found for an unknown device.
    virtual Status revoke_device(const std::string& device_id, std::int64_t now) = 0;
    /// Records that a device was seen (question-set polls).
    virtual Status touch_device(const std::string& device_id, std::int64_t now) = 0;

    // Sites and question sets.
    /// Pins a site to a question set id; sites without one use the server default.
    virtual Status set_site_question_set(const std::string& site, const std::string& question_set_id) = 0;
    virtual Result<std::optional<std::string>> site_question_set(const std::string& site) = 0;
    /// Sets a site's help contact (kiosks get it with their question set); an empty name and
    /// phone removes it.
    virtual Status set_site_contact(const std::string& site, const SiteContact& contact) = 0;
    /// A site's help contact; nullopt when none is set.
    virtual Result<std::optional<SiteContact>> site_contact(const std::string& site) = 0;

    // Ingest.
    /// Stores a batch atomically (all or nothing), durably committed before returning (the
    /// SQLite store shares one commit among concurrent batches: group commit). Per item: stored,
    /// duplicate (same device+id+hash), conflict (same id, other hash: kept aside, never
    /// overwrites) or rejected (item.rejection). Also updates the device's last_seen.
    /// Results are in item order. On a database error nothing of the batch is stored.
    virtual Result<std::vector<ItemResult>> store_batch(const std::string& device_id, const std::string& batch_id,
                                                        const std::vector<IncomingItem>& items,
                                                        std::int64_t now) = 0;

    // Reading responses back.
    /// Calls fn for each stored response received at or after since (unix s), oldest first.
    virtual Status for_each_response(std::int64_t since, const std::function<void(const StoredResponse&)>& fn) = 0;
    virtual Result<StoreCounts> counts() = 0;

    // Managers (dashboard accounts).
    /// Adds a manager, or replaces the password, role and sites of an existing one.
    virtual Status upsert_manager(const Manager& manager) = 0;
    virtual Result<std::optional<Manager>> find_manager(const std::string& user) = 0;
    /// Deletes an account; not_found when there is none. Its sessions end at their next request.
    virtual Status remove_manager(const std::string& user) = 0;
    /// Every account, by user name.
    virtual Result<std::vector<Manager>> list_managers() = 0;

    // Maintenance.
    /// Flushes the write-ahead log into the main file (on shutdown).
    virtual Status checkpoint() = 0;
    /// "ok" when the store is consistent, else the first problem found.
    virtual Result<std::string> integrity_check() = 0;
};

}  // namespace lp::aggregator
