#pragma once
// "You said, we did": managers' replies per theme, fetched with the question set and
// kept in DIR/you-said-we-did.json for the kiosk's attract screen.
#include <lp/shared/result.hpp>
#include <lp/client/device_config.hpp>
#include <lp/client/http_client.hpp>
#include <lp/client/question_set_refresh.hpp>
#include <string>

namespace lp::sync {

/// DIR/you-said-we-did.json and its ETag file.
std::string you_said_we_did_path(const std::string& data_dir);
std::string you_said_we_did_etag_path(const std::string& data_dir);

/// Checks the server's answer: {"replies":[{"theme","young_title","text","date"}...]}, every
/// text a non-empty string. invalid_input (plain words) otherwise.
Status check_you_said_we_did(const std::string& body);

/// GET /api/v1/you-said-we-did with If-None-Match; on 200 checks the answer and writes
/// DIR/you-said-we-did.json atomically. 404 (a server without the dashboard) means "no replies":
/// the file then holds an empty list so old replies do not linger. The old file stays on failure.
Result<RefreshOutcome> refresh_you_said_we_did(HttpClient& client, const DeviceConfig& device,
                                               const std::string& data_dir);

}  // namespace lp::sync
