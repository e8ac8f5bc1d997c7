#include <lp/kiosk/staff_pin.hpp>
#include <lp/shared/crypto.hpp>
#include <lp/shared/enum_names.hpp>
#include <lp/shared/files.hpp>
#include <sstream>

namespace lp::kiosk {

const char* to_string(PinOutcome o) noexcept {
    static constexpr const char* names[] = {"ok", "wrong", "locked", "not_set", "malformed"};
    return enum_name(o, names, "wrong");
}

bool pin_well_formed(const std::string& pin, const PinPolicy& policy) {
    if (pin.size() < policy.min_digits || pin.size() > policy.max_digits) return false;
    for (char c : pin)
        if (c < '0' || c > '9') return false;
    return true;
}

PinGuard::PinGuard(std::string state_path, PinPolicy policy) : state_path_(std::move(state_path)), policy_(policy) {
    load();
}

void PinGuard::load() {
    if (state_path_.empty()) return;
    auto text = read_file(state_path_);
    if (!text) return;
    std::istringstream in(*text);
    int f = 0;
    std::int64_t until = 0;
    if (in >> f >> until) {
        failures_ = f;
        locked_until_ = until;
    }
}

void PinGuard::store() const {
    if (state_path_.empty()) return;
    // Best effort: if the disk is full the in-memory lockout still holds until restart.
    (void)write_file_atomic(state_path_, std::to_string(failures_) + " " + std::to_string(locked_until_) + "\n", 0600);
}

PinCheck PinGuard::check(const std::string& hash, const std::string& pin, std::int64_t now) {
    PinCheck result;
    if (locked(now)) {
        result.outcome = PinOutcome::locked;
        result.locked_until = locked_until_;
        return result;
    }
    if (locked_until_ != 0) {
        // The lockout ran out: a fresh set of tries.
        locked_until_ = 0;
        failures_ = 0;
        store();
    }
    if (hash.empty()) {
        result.outcome = PinOutcome::not_set;
        return result;
    }
    bool ok = pin_well_formed(pin, policy_) && crypto::verify_password(hash, pin);
    if (ok) {
        failures_ = 0;
        store();
        result.outcome = PinOutcome::ok;
        return result;
    }
    ++failures_;
    if (failures_ >= policy_.max_tries) {
        locked_until_ = now + policy_.lockout_s;
        failures_ = 0;
        result.outcome = PinOutcome::locked;
        result.locked_until = locked_until_;
    } else {
        result.outcome = PinOutcome::wrong;
        result.tries_left = policy_.max_tries - failures_;
    }
    store();
    return result;
}

}  // namespace lp::kiosk
