#include <unistd.h>

#include <lp/shared/http_status.hpp>
#include <lp/shared/files.hpp>
#include <lp/client/batch_outcome.hpp>
#include <lp/client/question_set_refresh.hpp>
#include <lp/client/url.hpp>
#include <lp/client/you_said_we_did.hpp>
#include <nlohmann/json.hpp>

namespace lp::sync {

std::string you_said_we_did_path(const std::string& data_dir) { return data_dir + "/you-said-we-did.json"; }
std::string you_said_we_did_etag_path(const std::string& data_dir) { return data_dir + "/you-said-we-did.etag"; }

Status check_you_said_we_did(const std::string& body) {
    auto bad = [](const std::string& why) { return Status::fail(Errc::invalid_input, "replies from the server: " + why); };
    const auto j = nlohmann::json::parse(body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return bad("not a JSON object");
    auto it = j.find("replies");
    if (it == j.end() || !it->is_array()) return bad("no \"replies\" list");
    for (const auto& r : *it) {
        if (!r.is_object()) return bad("a reply is not an object");
        auto text = r.find("text");
        if (text == r.end() || !text->is_string() || text->get<std::string>().empty())
            return bad("a reply has no text");
        for (const char* key : {"theme", "young_title", "date"}) {
            auto f = r.find(key);
            if (f != r.end() && !f->is_string()) return bad(std::string("\"") + key + "\" is not text");
        }
    }
    return ok_status();
}

namespace {

// Writes only when the content changed, so the kiosk's mtime check does not fire needlessly.
Result<RefreshOutcome> store(const std::string& data_dir, const std::string& body, const std::string& etag) {
    auto old = read_file(you_said_we_did_path(data_dir));
    const bool same = old && *old == body;
    if (!same) {
        if (Status w = write_file_atomic(you_said_we_did_path(data_dir), body, 0644); !w) return w.error();
    }
    if (etag.empty()) {
        ::unlink(you_said_we_did_etag_path(data_dir).c_str());
    } else if (Status w = write_file_atomic(you_said_we_did_etag_path(data_dir), etag, 0644); !w) {
        return w.error();
    }
    return same ? RefreshOutcome::unchanged : RefreshOutcome::updated;
}

}  // namespace

Result<RefreshOutcome> refresh_you_said_we_did(HttpClient& client, const DeviceConfig& device,
                                               const std::string& data_dir) {
    auto reply = fetch_if_changed(client, device, "/api/v1/you-said-we-did", you_said_we_did_etag_path(data_dir),
                                  you_said_we_did_path(data_dir));
    if (!reply) return reply.error();
    if (reply->status == http_status::not_modified) return RefreshOutcome::unchanged;
    if (reply->status == http_status::not_found) return store(data_dir, R"({"replies":[]})", "");
    if (Status s = refresh_status(*reply); !s) return s.error();
    if (Status c = check_you_said_we_did(reply->body); !c) return Error{Errc::server_error, c.error().message};
    return store(data_dir, reply->body, reply->etag);
}

}  // namespace lp::sync
