#pragma once
// Reports a manager uploaded and has not confirmed yet. The parsed result waits here, in memory,
// under a random one-time id tied to the uploader's session (user and CSRF token), until she
// confirms, cancels, or it expires; nothing is stored before she confirms.
#include <cstdint>
#include <lp/shared/catalogue.hpp>
#include <map>
#include <mutex>
#include <optional>
#include <string>

namespace lp::dashboard {

struct PendingUpload {
    std::string user;
    std::string session_csrf;  // the session's CSRF token: another session cannot take it
    std::string file_name;
    Catalogue catalogue;  // the one report read, its findings, the themes and the links
    std::int64_t expires_at = 0;
};

class UploadStash {
public:
    explicit UploadStash(std::int64_t ttl_s = 30 * 60, std::size_t max_pending = 32) : ttl_s_(ttl_s), max_(max_pending) {}

    /// Holds an upload and returns its one-time id (48 hex characters). Expired ones are dropped,
    /// and the oldest when max_pending are already held.
    std::string put(PendingUpload upload, std::int64_t now);
    /// The upload under id, without taking it (the confirmation page); nullopt when unknown,
    /// expired, or held for another session.
    std::optional<PendingUpload> peek(const std::string& id, const std::string& user, const std::string& csrf,
                                      std::int64_t now);
    /// Takes the upload under id (it cannot be used twice); nullopt as for peek.
    std::optional<PendingUpload> take(const std::string& id, const std::string& user, const std::string& csrf,
                                      std::int64_t now);
    std::size_t size();

private:
    void drop_expired(std::int64_t now);
    /// The live upload under id held for this user's session, else held_.end() (mutex_ held).
    std::map<std::string, PendingUpload>::iterator find_for(const std::string& id, const std::string& user,
                                                           const std::string& csrf, std::int64_t now);
    std::int64_t ttl_s_;
    std::size_t max_;
    std::mutex mutex_;
    std::map<std::string, PendingUpload> held_;
};

}  // namespace lp::dashboard
