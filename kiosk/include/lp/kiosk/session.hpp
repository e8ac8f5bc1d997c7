#pragma once
// KioskSession: everything behind the screens. It applies UI events to the flow, stores sent
// responses in the outbox, keeps answers in memory when the disk fails, checks the staff PIN
// off the UI thread, and drives read-aloud. The UI and `lp-kiosk simulate` both use it.
#include <future>
#include <lp/kiosk/site_contact.hpp>
#include <lp/kiosk/flow.hpp>
#include <lp/kiosk/kiosk_config.hpp>
#include <lp/kiosk/outbox.hpp>
#include <lp/kiosk/question_source.hpp>
#include <lp/kiosk/read_aloud.hpp>
#include <lp/kiosk/staff_pin.hpp>
#include <lp/kiosk/strings.hpp>
#include <lp/kiosk/sync_status.hpp>
#include <lp/kiosk/ui_events.hpp>
#include <lp/kiosk/you_said_we_did.hpp>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace lp::kiosk {

struct SessionOptions {
    std::string data_dir;
    std::string assets_dir;
    bool enable_speech = true;  // false in tests and the simulator
    WakeUi wake;                // wakes the UI loop from other threads
    /// The speech program's languages; unset: asked of it once at open (`espeak-ng --voices`).
    std::optional<std::set<std::string>> voices = std::nullopt;
};

enum class PinMode { enter, choose_new, confirm_new };

/// What staff mode shows (and the PIN screen's state).
struct StaffView {
    PinMode pin_mode = PinMode::enter;
    std::string pin_entry;    // digits typed so far (shown as dots)
    std::string pin_message;  // "Wrong PIN, 3 tries left" etc.
    bool pin_checking = false;
    OutboxCounts counts;
    std::vector<std::string> quarantine_reasons;  // newest first, at most a few
    LastSync last_sync;
    std::string store_problem;  // "" when the outbox works
    std::string recovery_note;  // a damaged database was replaced: what happened, how many it held
    std::optional<RecoveryFacts> recovery;  // the same as facts, worded in the kiosk's language
    std::size_t unsaved_in_memory = 0;
    std::string question_set_id;
    int question_set_version = 0;
    std::vector<std::string> available_sets;
    std::vector<std::string> warnings;
    std::string device_id;
    std::string site_name;
    long long idle_reset_s = 60;
    std::string message;  // result of the last staff action
    SyncStatus sync;
};

class KioskSession {
public:
    /// Loads config, device.json, the question set and the outbox. Only a missing question set
    /// is fatal (returned as an error); a broken outbox is shown to staff, answers kept in memory.
    static Result<std::unique_ptr<KioskSession>> open(SessionOptions options, double now);
    /// Only open() can make the key, so only open() can construct (through std::make_unique).
    class Key {
        friend class KioskSession;
        Key() = default;
    };
    KioskSession(Key, SessionOptions options);
    ~KioskSession();

    /// Applies one event at time `now` (seconds, monotonic).
    void apply(const UiEvent& event, double now);
    void apply_all(const UiEvents& events, double now);
    /// Advances timers and collects background results; call at the top of every frame.
    void poll(double now);
    /// Seconds the UI loop may sleep before poll() has something to do.
    double seconds_until_next_deadline(double now) const;

    const Flow& flow() const noexcept { return *flow_; }
    /// The site's own help contact from the delivered question set (nullopt: none set).
    const std::optional<KioskSiteContact>& site_contact() const noexcept { return site_contact_; }
    /// The words for the young person's chosen language.
    const Strings& strings() const { return catalogues_.get(flow_->language()); }
    const Catalogues& catalogues() const noexcept { return catalogues_; }
    const StaffView& staff() const noexcept { return staff_; }
    const KioskConfig& config() const noexcept { return config_; }
    bool has_sealing_key() const noexcept { return key_.has_value(); }
    std::size_t unsaved_count() const noexcept { return unsaved_.size(); }
    /// Last error from saving ("" after success), for staff and logs.
    const std::string& last_save_error() const noexcept { return last_save_error_; }
    Outbox* outbox() noexcept { return outbox_ ? &*outbox_ : nullptr; }
    /// Swaps in a sync implementation (tests, or the sync module).
    void set_sync_control(std::unique_ptr<SyncControl> c) { sync_ = std::move(c); }
    int speech_requests() const noexcept { return speech_requests_; }
    /// The speech program has a voice for the young person's language (else no read-aloud button).
    bool read_aloud_available() const;
    /// Managers' replies for the attract screen (reloaded between people, like the question set).
    const std::vector<YouSaidWeDid>& you_said_we_did() const noexcept { return replies_; }
    /// Changes whenever the replies were reloaded from a new file (so the UI knows to redraw).
    unsigned you_said_we_did_generation() const noexcept { return replies_generation_; }

private:
    void refresh_setup(double now);
    void refresh_staff_view();
    void store(const Response& r, double now, bool show_result);
    void retry_unsaved();
    void salvage_damaged();
    void on_pin_submit(double now);
    void finish_pin(double now);
    void maybe_speak();
    bool reload_question_set(double now, bool force);

    SessionOptions options_;
    KioskConfig config_;
    std::optional<DeviceInfo> device_;
    std::optional<SealingKey> key_;
    std::unique_ptr<QuestionSet> set_;
    std::unique_ptr<QuestionSet> previous_set_;  // kept alive one swap longer
    std::string set_source_;
    std::optional<KioskSiteContact> site_contact_;  // from the delivered question set, when it has one
    std::vector<std::string> warnings_;
    std::unique_ptr<Flow> flow_;
    Catalogues catalogues_;
    std::optional<Outbox> outbox_;
    std::string outbox_problem_;
    std::vector<Response> unsaved_;
    std::string last_save_error_;
    PinGuard pin_guard_;
    StaffView staff_;
    std::string new_pin_;  // first entry while choosing a PIN
    std::future<std::pair<PinCheck, std::string>> pin_job_;
    std::unique_ptr<SyncControl> sync_;
    std::unique_ptr<ReadAloud> speech_;
    std::set<std::string> voices_;  // languages the speech program can read
    int speech_requests_ = 0;
    std::string last_spoken_key_;
    double next_setup_check_ = 0;
    long long delivered_mtime_ = 0;
    std::vector<YouSaidWeDid> replies_;
    long long replies_mtime_ = -1;
    unsigned replies_generation_ = 0;
    bool checkpoint_due_ = false;
};

}  // namespace lp::kiosk
