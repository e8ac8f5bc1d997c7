#pragma once
// Fetches the current question set with If-None-Match, so an unchanged set costs a 304.
#include <lp/shared/result.hpp>
#include <lp/client/device_config.hpp>
#include <lp/client/http_client.hpp>

namespace lp::sync {

enum class RefreshOutcome { unchanged, updated };

/// Saves key_b64 (the X-LP-Sealing-Key answer header) as device.json's server_public_key when
/// it is a valid key that differs: the server rotated its sealing key (lp-aggregator rotate-key).
Status adopt_sealing_key(const std::string& key_b64, const std::string& data_dir);

/// GETs path on the device's server with its token, sending the ETag in etag_file as
/// If-None-Match when there is one and the copy it belongs to (cached_file) is still there.
/// The reply whatever its status; network (plain words) when the server could not be reached.
Result<HttpReply> fetch_if_changed(HttpClient& client, const DeviceConfig& device, const std::string& path,
                                   const std::string& etag_file, const std::string& cached_file);

/// For a refresh reply the caller did not handle itself: ok for a 200, else unauthorized (401) or
/// server_error, in plain words.
Status refresh_status(const HttpReply& reply);

/// GET /api/v1/question-sets/current (also adopts a rotated sealing key); on 200 validates the set and writes
/// DIR/question-set.json (+ .etag) atomically. The kiosk applies it between sessions.
/// network / unauthorized / server_error (plain words) on failure; the old file stays.
Result<RefreshOutcome> refresh_question_set(HttpClient& client, const DeviceConfig& device,
                                            const std::string& data_dir);

}  // namespace lp::sync
