#include <lp/kiosk/sync_status.hpp>

namespace lp::kiosk {
namespace {
SyncFactory& factory() {
    static SyncFactory f;
    return f;
}
}  // namespace

SyncControl::~SyncControl() = default;

void set_sync_factory(SyncFactory f) { factory() = std::move(f); }

std::unique_ptr<SyncControl> make_sync_control(const std::string& data_dir, WakeUi wake) {
    if (factory()) {
        if (auto c = factory()(data_dir, std::move(wake))) return c;
    }
    return std::make_unique<NoSync>();
}

SyncStatus NoSync::status() {
    SyncStatus s;
    s.last_error_plain_words = "Sending answers is not part of this kiosk program yet.";
    return s;
}

void NoSync::sync_now() {}

Status NoSync::enrol(const std::string&, const std::string&) {
    return Status::fail(Errc::internal, "Enrolling is not part of this kiosk program yet.");
}

}  // namespace lp::kiosk
