#include <algorithm>
#include <lp/dashboard/upload_stash.hpp>
#include <lp/shared/crypto.hpp>

namespace lp::dashboard {

void UploadStash::drop_expired(std::int64_t now) {
    for (auto it = held_.begin(); it != held_.end();)
        it = it->second.expires_at <= now ? held_.erase(it) : std::next(it);
}

std::string UploadStash::put(PendingUpload upload, std::int64_t now) {
    std::lock_guard<std::mutex> lock(mutex_);
    drop_expired(now);
    while (!held_.empty() && held_.size() >= max_) {
        auto oldest = std::min_element(held_.begin(), held_.end(), [](const auto& a, const auto& b) {
            return a.second.expires_at < b.second.expires_at;
        });
        held_.erase(oldest);
    }
    const std::string id = crypto::to_hex(crypto::random_bytes(24));
    upload.expires_at = now + ttl_s_;
    held_[id] = std::move(upload);
    return id;
}

std::map<std::string, PendingUpload>::iterator UploadStash::find_for(const std::string& id, const std::string& user,
                                                                     const std::string& csrf, std::int64_t now) {
    drop_expired(now);
    auto it = held_.find(id);
    if (it == held_.end() || it->second.user != user || !crypto::constant_time_equal(it->second.session_csrf, csrf))
        return held_.end();
    return it;
}

std::optional<PendingUpload> UploadStash::peek(const std::string& id, const std::string& user, const std::string& csrf,
                                               std::int64_t now) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = find_for(id, user, csrf, now);
    if (it == held_.end()) return std::nullopt;
    return it->second;
}

std::optional<PendingUpload> UploadStash::take(const std::string& id, const std::string& user, const std::string& csrf,
                                               std::int64_t now) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = find_for(id, user, csrf, now);
    if (it == held_.end()) return std::nullopt;
    PendingUpload out = std::move(it->second);
    held_.erase(it);
    return out;
}

std::size_t UploadStash::size() {
    std::lock_guard<std::mutex> lock(mutex_);
    return held_.size();
}

}  // namespace lp::dashboard
