#pragma once
// What staff mode shows about sync, and the controls it calls. The sync module implements
// SyncControl (a background thread); the kiosk only reads snapshots and calls these methods
// from the UI thread, so every method must return at once.
#include <cstdint>
#include <functional>
#include <lp/shared/result.hpp>
#include <memory>
#include <string>

namespace lp::kiosk {

/// A plain snapshot, copied once a frame in staff mode.
struct SyncStatus {
    bool available = false;  // false: this build has no sync (the default implementation)
    bool enrolled = false;
    std::string device_id;  // "" until enrolled
    std::string server_url;
    std::int64_t pending = 0;
    std::int64_t sent = 0;
    std::int64_t quarantined = 0;
    std::int64_t last_success = 0;       // unix seconds, 0 = never
    std::string last_error_plain_words;  // "" when the last try worked
    bool syncing = false;
    double progress = 0;  // 0..1 while syncing
};

class SyncControl {
public:
    virtual ~SyncControl();
    /// A copy of the current state; must not block.
    virtual SyncStatus status() = 0;
    /// Starts a sync in the background (no-op if one is running).
    virtual void sync_now() = 0;
    /// Starts enrolment; the outcome shows up in status() (enrolled / last_error_plain_words).
    /// An immediate error (e.g. a malformed URL) comes back as invalid_input in plain words.
    virtual Status enrol(const std::string& server_url, const std::string& code) = 0;
};

/// Called by sync's background thread when the status changed, to wake the UI loop
/// (the kiosk passes a function that calls glfwPostEmptyEvent).
using WakeUi = std::function<void()>;

/// Builds the SyncControl for a data dir. The sync module replaces the default by calling
/// set_sync_factory() before the UI starts (see kiosk/app/main.cpp).
using SyncFactory = std::function<std::unique_ptr<SyncControl>(const std::string& data_dir, WakeUi wake)>;
void set_sync_factory(SyncFactory factory);
/// The registered factory's control, or the "not available" one when none was registered.
std::unique_ptr<SyncControl> make_sync_control(const std::string& data_dir, WakeUi wake);

/// The default: says sync is not part of this build, in plain words.
class NoSync final : public SyncControl {
public:
    SyncStatus status() override;
    void sync_now() override;
    Status enrol(const std::string& server_url, const std::string& code) override;
};

}  // namespace lp::kiosk
