#include <sys/stat.h>

#include <chrono>
#include <lp/kiosk/outbox_recovery.hpp>
#include <lp/kiosk/session.hpp>
#include <lp/kiosk/strings.hpp>
#include <lp/shared/crypto.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/time.hpp>
#include <type_traits>

namespace lp::kiosk {
namespace {

template <class... Ts>
struct overloaded : Ts... {
    using Ts::operator()...;
};
template <class... Ts>
overloaded(Ts...) -> overloaded<Ts...>;

FlowTiming timing_from(const KioskConfig& c) {
    FlowTiming t;
    t.idle_reset_s = static_cast<double>(c.idle_reset_s);
    t.idle_warning_s = static_cast<double>(c.idle_warning_s);
    t.thank_you_s = static_cast<double>(c.thank_you_s);
    t.staff_idle_s = static_cast<double>(c.staff_idle_s);
    return t;
}

// How often, between young people, to look for enrolment (device.json) or a new question set.
constexpr double setup_check_interval_s = 5.0;

long long mtime_of(const std::string& path) {
    struct stat st {};
    if (stat(path.c_str(), &st) != 0) return 0;
    return static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
}

std::string plain_save_error(const Strings& s, const Error& e) {
    if (e.code == Errc::disk_full) return s.staff_disk_full;
    return format_text(s.staff_write_failed, e.message.c_str());
}

int count(std::size_t n) { return static_cast<int>(std::min<std::size_t>(n, 2000000000)); }

}  // namespace

KioskSession::KioskSession(Key, SessionOptions options)
    : options_(std::move(options)), pin_guard_(options_.data_dir + "/staff-lockout") {}

KioskSession::~KioskSession() {
    if (pin_job_.valid()) pin_job_.wait();
}

Result<std::unique_ptr<KioskSession>> KioskSession::open(SessionOptions options, double now) {
    auto s = std::make_unique<KioskSession>(Key{}, std::move(options));
    auto cfg = load_or_create_config(s->options_.data_dir);
    if (!cfg) return cfg.error();
    s->config_ = *cfg;
    auto chosen = choose_question_set(s->options_.data_dir, s->options_.assets_dir, s->config_.question_set,
                                      s->config_.question_set_explicit);
    if (!chosen) return chosen.error();
    s->set_ = std::make_unique<QuestionSet>(std::move(chosen->set));
    s->set_source_ = chosen->source;
    s->site_contact_ = site_contact_from_file(chosen->source);
    s->warnings_ = chosen->warnings;
    s->delivered_mtime_ = mtime_of(delivered_set_path(s->options_.data_dir));

    std::vector<std::string> problems;
    s->catalogues_ = Catalogues::load(s->options_.assets_dir, &problems);
    for (const auto& p : problems) s->warnings_.push_back("translations: " + p);

    auto device = load_device_info(s->options_.data_dir);
    if (device)
        s->device_ = *device;
    else
        s->warnings_.push_back(device.error().message);
    s->key_ = resolve_sealing_key(s->device_, s->config_);

    // A damaged database is moved aside and a new one started (staff see a note about it).
    auto ob = open_outbox_recovering(s->options_.data_dir, now_unix());
    if (ob)
        s->outbox_.emplace(std::move(*ob));
    else
        s->outbox_problem_ = ob.error().message;

    s->flow_ = std::make_unique<Flow>(*s->set_, timing_from(s->config_), s->key_.has_value());
    s->flow_->set_quick(s->config_.quick);
    s->flow_->touch(now);
    s->sync_ = make_sync_control(s->options_.data_dir, s->options_.wake);
    if (s->options_.enable_speech) s->speech_ = std::make_unique<ReadAloud>(s->config_.speech_command);
    s->voices_ = s->options_.voices ? *s->options_.voices : installed_voices(s->config_.speech_command);
    if (s->outbox_ && s->config_.purge_sent_after_days > 0)
        (void)s->outbox_->purge_sent_before(now_unix() - s->config_.purge_sent_after_days * 86400);
    s->refresh_staff_view();
    return s;
}

// [SECTION] Saving

void KioskSession::store(const Response& r, double now, bool show_result) {
    Status st = Status::fail(Errc::io_error, "not set up");
    if (!key_) {
        st = Status::fail(Errc::invalid_input, "no sealing key");
    } else {
        if (!outbox_) {
            // The database could not be opened before (e.g. unwritable); try again now.
            auto ob = Outbox::open(outbox_path(options_.data_dir));
            if (ob) {
                outbox_.emplace(std::move(*ob));
                outbox_problem_.clear();
            } else {
                outbox_problem_ = ob.error().message;
            }
        }
        if (outbox_)
            st = outbox_->save(r, *key_);
        else
            st = Status::fail(Errc::io_error, outbox_problem_);
    }
    if (st) {
        last_save_error_.clear();
        checkpoint_due_ = true;
    } else {
        last_save_error_ = plain_save_error(strings(), st.error());
        Response kept = r;
        // Give it its id now so a later retry is the same response, not a new one.
        if (kept.id.empty()) kept.id = crypto::uuid4();
        if (kept.created_hour.empty()) kept.created_hour = hour_rounded_utc(now_unix());
        unsaved_.push_back(std::move(kept));
    }
    if (show_result) flow_->saved(st.ok(), now);
}

void KioskSession::retry_unsaved() {
    if (!key_) {
        staff_.message = strings().staff_no_key;
        return;
    }
    if (!outbox_) {
        auto ob = Outbox::open(outbox_path(options_.data_dir));
        if (!ob) {
            staff_.message = format_text(strings().staff_store_still_broken, ob.error().message.c_str());
            return;
        }
        outbox_.emplace(std::move(*ob));
        outbox_problem_.clear();
    }
    std::size_t saved = 0;
    std::vector<Response> still;
    for (auto& r : unsaved_) {
        auto st = outbox_->save(r, *key_);
        if (st)
            ++saved;
        else {
            last_save_error_ = plain_save_error(strings(), st.error());
            still.push_back(std::move(r));
        }
    }
    unsaved_ = std::move(still);
    if (unsaved_.empty()) last_save_error_.clear();
    staff_.message = format_text(strings().staff_saved_some, count(saved), count(unsaved_.size()));
}

// [SECTION] Events

void KioskSession::apply_all(const UiEvents& events, double now) {
    for (const auto& e : events) apply(e, now);
}

void KioskSession::apply(const UiEvent& event, double now) {
    Flow& f = *flow_;
    std::visit(overloaded{
                   [&](const ev::Start&) { f.start(now); },
                   [&](const ev::OpenAccessibility&) { f.open_accessibility(now); },
                   [&](const ev::SetAccessibility& e) {
                       f.touch(now);
                       f.set_accessibility(e.settings);
                   },
                   [&](const ev::CloseAccessibility&) { f.close_accessibility(now); },
                   [&](const ev::SetLanguage& e) {
                       if (catalogues_.has(e.code)) f.set_language(e.code, now);
                   },
                   [&](const ev::ChooseAge& e) { f.choose_age(e.band, now); },
                   [&](const ev::AnswerScale& e) { f.answer_scale(e.value, now); },
                   [&](const ev::AnswerFace& e) { f.answer_face(e.face, now); },
                   [&](const ev::AnswerChoice& e) { f.answer_choice(e.choice, now); },
                   [&](const ev::ToggleChip& e) {
                       f.touch(now);
                       f.toggle_chip(e.option_id);
                   },
                   [&](const ev::Next&) { f.next(now); },
                   [&](const ev::Skip&) { f.skip(now); },
                   [&](const ev::RatherNotSay&) { f.rather_not_say(now); },
                   [&](const ev::Back&) { f.back(now); },
                   [&](const ev::EditQuestion& e) { f.edit_question(e.index, now); },
                   [&](const ev::TypeText& e) {
                       f.touch(now);
                       f.type_text(e.utf8);
                   },
                   [&](const ev::DeleteChar&) {
                       f.touch(now);
                       f.delete_char();
                   },
                   [&](const ev::Send& e) {
                       if (auto r = f.send(now, e.assisted)) store(*r, now, true);
                   },
                   [&](const ev::StartAgain&) { f.start_again(now); },
                   [&](const ev::OpenHelp&) { f.open_help(now); },
                   [&](const ev::FlagForFollowUp&) {
                       if (auto r = f.flag_for_follow_up(now)) store(*r, now, false);
                   },
                   [&](const ev::CloseHelp&) { f.close_help(now); },
                   [&](const ev::StillHere&) { f.still_here(now); },
                   [&](const ev::ReadAloudAgain&) {
                       f.touch(now);
                       last_spoken_key_.clear();
                   },
                   [&](const ev::DismissMessage&) {
                       if (f.screen() == Screen::thank_you || f.screen() == Screen::save_failed) f.start_again(now);
                   },
                   [&](const ev::StaffGesture&) {
                       if (f.screen() != Screen::attract && f.screen() != Screen::not_set_up) return;
                       if (staff_.pin_checking) return;  // the guard is busy on the worker thread
                       f.open_staff_pin(now);
                       staff_.pin_entry.clear();
                       staff_.pin_message.clear();
                       new_pin_.clear();
                       staff_.pin_mode = config_.staff_pin_hash.empty() ? PinMode::choose_new : PinMode::enter;
                       if (pin_guard_.locked(now_unix())) staff_.pin_message = strings().pin_locked_soon;
                   },
                   [&](const ev::PinDigit& e) {
                       f.touch(now);
                       if (f.screen() == Screen::staff_pin && staff_.pin_entry.size() < 8 && e.digit >= '0' &&
                           e.digit <= '9' && !staff_.pin_checking)
                           staff_.pin_entry.push_back(e.digit);
                   },
                   [&](const ev::PinDelete&) {
                       f.touch(now);
                       if (!staff_.pin_entry.empty()) staff_.pin_entry.pop_back();
                   },
                   [&](const ev::PinSubmit&) { on_pin_submit(now); },
                   [&](const ev::PinCancel&) {
                       if (staff_.pin_checking) return;  // let the check finish first
                       staff_.pin_entry.clear();
                       if (f.screen() == Screen::staff_pin)
                           f.back(now);
                       else if (f.screen() == Screen::staff)
                           staff_.pin_mode = PinMode::enter;
                   },
                   [&](const ev::LeaveStaff&) {
                       f.leave_staff(now);
                       refresh_setup(now);
                   },
                   [&](const ev::SyncNow&) {
                       f.touch(now);
                       if (f.screen() == Screen::staff) sync_->sync_now();
                   },
                   [&](const ev::Enrol& e) {
                       f.touch(now);
                       if (f.screen() != Screen::staff) return;
                       auto st = sync_->enrol(e.server_url, e.code);
                       staff_.message = st ? std::string(strings().staff_enrolling)
                                           : translate_plain_words(strings(), st.error().message);
                   },
                   [&](const ev::ChooseQuestionSet& e) {
                       f.touch(now);
                       if (f.screen() != Screen::staff) return;
                       auto st = set_config_value(config_path(options_.data_dir), "question_set", e.id);
                       if (!st) {
                           staff_.message = format_text(strings().staff_set_failed, st.error().message.c_str());
                           return;
                       }
                       config_.question_set = e.id;
                       config_.question_set_explicit = true;
                       reload_question_set(now, true);
                       staff_.message = format_text(strings().staff_now_showing, set_->id.c_str());
                   },
                   [&](const ev::SalvageDamaged&) {
                       f.touch(now);
                       if (f.screen() != Screen::staff) return;
                       salvage_damaged();
                       refresh_staff_view();
                   },
                   [&](const ev::RetryUnsaved&) {
                       f.touch(now);
                       if (f.screen() == Screen::staff) retry_unsaved();
                   },
                   [&](const ev::ChangeIdleReset& e) {
                       f.touch(now);
                       if (f.screen() != Screen::staff) return;
                       long long v = std::max(config_.idle_warning_s + 5, config_.idle_reset_s + e.delta_s);
                       v = std::min(v, 600LL);
                       auto st = set_config_value(config_path(options_.data_dir), "idle_reset_s", std::to_string(v));
                       if (!st) {
                           staff_.message = format_text(strings().staff_setting_failed, st.error().message.c_str());
                           return;
                       }
                       config_.idle_reset_s = v;
                       flow_->set_timing(timing_from(config_));
                   },
                   [&](const ev::ChangePin&) {
                       f.touch(now);
                       if (f.screen() != Screen::staff) return;
                       staff_.pin_mode = PinMode::choose_new;
                       staff_.pin_entry.clear();
                       staff_.pin_message.clear();
                       new_pin_.clear();
                   },
               },
               event);
    maybe_speak();
    if (f.screen() == Screen::staff || f.screen() == Screen::staff_pin) refresh_staff_view();
}

// [SECTION] Damaged database

void KioskSession::salvage_damaged() {
    auto files = damaged_outbox_files(options_.data_dir);
    if (!outbox_ || files.empty()) {
        staff_.message = strings().staff_no_damaged;
        return;
    }
    SalvageReport r = salvage_into(*outbox_, files.front());
    staff_.message = format_text(strings().staff_salvaged, static_cast<int>(r.imported),
                                 static_cast<int>(r.already_there), static_cast<int>(r.bad_hash));
    if (r.imported > 0) {
        auto note = outbox_->recovery_note();
        (void)outbox_->set_recovery_note((note ? *note + " " : std::string()) + staff_.message);
        if (auto facts = outbox_->recovery_facts(); facts && *facts) {
            (*facts)->brought_back += r.imported;
            (void)outbox_->set_recovery_facts(**facts);
        }
    }
}

// [SECTION] Staff PIN

void KioskSession::on_pin_submit(double now) {
    flow_->touch(now);
    if (staff_.pin_checking) return;
    bool in_pin_screen = flow_->screen() == Screen::staff_pin;
    bool changing_in_staff = flow_->screen() == Screen::staff && staff_.pin_mode != PinMode::enter;
    if (!in_pin_screen && !changing_in_staff) return;
    std::string pin = staff_.pin_entry;
    staff_.pin_entry.clear();
    if (staff_.pin_mode == PinMode::choose_new) {
        if (!pin_well_formed(pin, pin_guard_.policy())) {
            staff_.pin_message = strings().pin_rule;
            return;
        }
        new_pin_ = pin;
        staff_.pin_mode = PinMode::confirm_new;
        staff_.pin_message.clear();
        return;
    }
    if (staff_.pin_mode == PinMode::confirm_new) {
        if (pin != new_pin_) {
            staff_.pin_mode = PinMode::choose_new;
            staff_.pin_message = strings().pin_mismatch;
            new_pin_.clear();
            return;
        }
        staff_.pin_checking = true;
        std::string chosen = pin;
        new_pin_.clear();
        pin_job_ = std::async(std::launch::async, [chosen] {
            return std::make_pair(PinCheck{PinOutcome::ok, 0, 0}, crypto::hash_password(chosen));
        });
        return;
    }
    staff_.pin_checking = true;
    std::string hash = config_.staff_pin_hash;
    std::int64_t t = now_unix();
    PinGuard* guard = &pin_guard_;
    auto wake = options_.wake;
    pin_job_ = std::async(std::launch::async, [guard, hash, pin, t, wake] {
        auto r = std::make_pair(guard->check(hash, pin, t), std::string());
        if (wake) wake();
        return r;
    });
}

void KioskSession::finish_pin(double now) {
    if (!pin_job_.valid() || pin_job_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return;
    auto [check, new_hash] = pin_job_.get();
    staff_.pin_checking = false;
    if (!new_hash.empty()) {
        auto st = set_config_value(config_path(options_.data_dir), "staff_pin_hash", new_hash);
        if (!st) {
            staff_.pin_message = format_text(strings().pin_save_failed, st.error().message.c_str());
            staff_.pin_mode = PinMode::choose_new;
            return;
        }
        config_.staff_pin_hash = new_hash;
        staff_.pin_mode = PinMode::enter;
        staff_.pin_message.clear();
        staff_.message = strings().pin_saved;
        flow_->staff_unlocked(now);
        refresh_staff_view();
        return;
    }
    switch (check.outcome) {
        case PinOutcome::ok:
            staff_.pin_message.clear();
            flow_->staff_unlocked(now);
            refresh_staff_view();
            break;
        case PinOutcome::wrong:
            staff_.pin_message = format_text(strings().pin_wrong, static_cast<int>(check.tries_left));
            break;
        case PinOutcome::locked:
            staff_.pin_message = strings().pin_locked;
            break;
        case PinOutcome::not_set:
            staff_.pin_mode = PinMode::choose_new;
            staff_.pin_message = strings().pin_none;
            break;
        case PinOutcome::malformed:
            staff_.pin_message = strings().pin_rule;
            break;
    }
}

// [SECTION] Time, reloads, speech

void KioskSession::poll(double now) {
    finish_pin(now);
    if (checkpoint_due_ && outbox_ && flow_->screen() == Screen::attract) {
        // Nobody is waiting on the attract screen: a good moment to fold the WAL back in.
        (void)outbox_->checkpoint();
        checkpoint_due_ = false;
    }
    Screen before = flow_->screen();
    flow_->tick(now);
    if (before != flow_->screen()) maybe_speak();
    if (now >= next_setup_check_) {
        next_setup_check_ = now + setup_check_interval_s;
        refresh_setup(now);
    }
    if (flow_->screen() == Screen::staff) refresh_staff_view();
}

double KioskSession::seconds_until_next_deadline(double now) const {
    double d = flow_->seconds_until_next_deadline(now);
    if (staff_.pin_checking) d = std::min(d, 0.05);
    // Between young people, look for enrolment or a delivered question set every few seconds.
    Screen s = flow_->screen();
    if (s == Screen::attract || s == Screen::not_set_up || s == Screen::staff)
        d = std::min(d, std::max(0.0, next_setup_check_ - now));
    return d;
}

bool KioskSession::reload_question_set(double now, bool force) {
    long long m = mtime_of(delivered_set_path(options_.data_dir));
    if (!force && m == delivered_mtime_) return false;
    delivered_mtime_ = m;
    auto chosen = choose_question_set(options_.data_dir, options_.assets_dir, config_.question_set,
                                      config_.question_set_explicit);
    if (!chosen) {
        warnings_.push_back(chosen.error().message);  // keep showing the last good set
        return false;
    }
    warnings_ = chosen->warnings;
    previous_set_ = std::move(set_);
    set_ = std::make_unique<QuestionSet>(std::move(chosen->set));
    set_source_ = chosen->source;
    site_contact_ = site_contact_from_file(chosen->source);
    flow_->set_question_set(*set_, now);
    return true;
}

void KioskSession::refresh_setup(double now) {
    Screen s = flow_->screen();
    // Only between people: never change the questions under someone's finger.
    if (s != Screen::attract && s != Screen::not_set_up && s != Screen::staff) return;
    auto device = load_device_info(options_.data_dir);
    if (device) device_ = *device;
    key_ = resolve_sealing_key(device_, config_);
    flow_->set_set_up(key_.has_value(), now);
    if (s != Screen::staff) reload_question_set(now, false);
    if (long long m = mtime_of(you_said_we_did_file(options_.data_dir)); m != replies_mtime_) {
        replies_mtime_ = m;
        replies_ = load_you_said_we_did(options_.data_dir);
        ++replies_generation_;
    }
}

void KioskSession::refresh_staff_view() {
    staff_.store_problem = outbox_problem_;
    if (outbox_) {
        if (auto c = outbox_->counts())
            staff_.counts = *c;
        else
            staff_.store_problem = c.error().message;
        if (auto l = outbox_->last_sync()) staff_.last_sync = *l;
        if (auto n = outbox_->recovery_note()) staff_.recovery_note = *n;
        if (auto f = outbox_->recovery_facts()) staff_.recovery = *f;
        staff_.quarantine_reasons.clear();
        if (staff_.counts.quarantined > 0) {
            if (auto q = outbox_->quarantined()) {
                for (const auto& row : *q) {
                    if (staff_.quarantine_reasons.size() == 5) break;
                    staff_.quarantine_reasons.push_back("#" + std::to_string(row.seq) + ": " + row.reason);
                }
            }
        }
    }
    if (!last_save_error_.empty()) staff_.store_problem = last_save_error_;
    staff_.unsaved_in_memory = unsaved_.size();
    staff_.question_set_id = set_->id;
    staff_.question_set_version = set_->version;
    staff_.available_sets = available_question_sets(options_.assets_dir);
    staff_.warnings = warnings_;
    staff_.device_id = device_ ? device_->device_id : "";
    staff_.site_name = config_.site_name;
    staff_.idle_reset_s = config_.idle_reset_s;
    staff_.sync = sync_->status();
}

bool KioskSession::read_aloud_available() const { return voice_for(flow_->language(), voices_).has_value(); }

void KioskSession::maybe_speak() {
    const Flow& f = *flow_;
    const auto voice = voice_for(f.language(), voices_);
    if (!f.accessibility().read_aloud || !voice) {
        if (!last_spoken_key_.empty() && speech_) speech_->stop();
        last_spoken_key_.clear();
        return;
    }
    std::string text;
    const Strings& s = strings();
    switch (f.screen()) {
        case Screen::age_band:
            text = s.age_title;
            break;
        case Screen::question:
        case Screen::comment:
            if (const Question* q = f.current_question())
                text = f.question_set().text_for(*q, f.age_band_or_unsaid(), f.language());
            if (f.screen() == Screen::comment) text += std::string(" ") + s.comment_safety;
            break;
        case Screen::review:
            text = f.under_8s() ? std::string(s.all_done) + " " + s.who_helped
                                : std::string(s.review_title) + " " + s.review_body;
            break;
        case Screen::accessibility:
            text = s.settings_title;
            break;
        default:
            break;
    }
    if (f.help_open()) {
        text.clear();
        for (const auto& line : help_lines(s, site_contact_)) text += (text.empty() ? "" : " ") + line;
    }
    std::string key = std::to_string(f.session_number()) + "/" + f.language() + "/" + to_string(f.screen()) + "/" +
                      std::to_string(f.question_index()) + (f.help_open() ? "/help" : "");
    if (text.empty() || key == last_spoken_key_) return;
    last_spoken_key_ = key;
    ++speech_requests_;
    if (speech_) speech_->speak(text, f.language() == "en" ? std::string() : *voice);
}

}  // namespace lp::kiosk
