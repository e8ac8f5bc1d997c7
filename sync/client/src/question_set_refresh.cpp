#include <lp/shared/http_status.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/question_set.hpp>
#include <lp/client/batch_outcome.hpp>
#include <lp/client/question_set_refresh.hpp>
#include <lp/client/url.hpp>

namespace lp::sync {

Status adopt_sealing_key(const std::string& key_b64, const std::string& data_dir) {
    if (key_b64.empty()) return ok_status();
    auto bytes = crypto::from_base64(key_b64);
    if (!bytes || bytes->size() != crypto::public_key_bytes) return ok_status();  // ignore garbage
    // device.json on disk, not the caller's copy: the kiosk reads the key from there.
    auto device = load_device_config(data_dir);
    if (!device) return device.error();
    if (device->server_public_key == key_b64) return ok_status();
    device->server_public_key = key_b64;
    return save_device_config(data_dir, *device);
}

Result<HttpReply> fetch_if_changed(HttpClient& client, const DeviceConfig& device, const std::string& path,
                                   const std::string& etag_file, const std::string& cached_file) {
    HttpRequest req;
    req.url = join_url(device.server_url, path);
    req.headers = {"Authorization: Bearer " + device.token, "Accept: application/json"};
    auto etag = read_file(etag_file);
    if (etag && !etag->empty() && file_exists(cached_file)) req.headers.push_back("If-None-Match: " + *etag);
    HttpReply reply = client.perform(req);
    if (!reply.ok()) return Error{Errc::network, plain_words_for(reply)};
    return reply;
}

Status refresh_status(const HttpReply& reply) {
    if (reply.status == http_status::ok) return ok_status();
    return Status::fail(reply.status == http_status::unauthorized ? Errc::unauthorized : Errc::server_error,
                        plain_words_for(reply));
}

Result<RefreshOutcome> refresh_question_set(HttpClient& client, const DeviceConfig& device,
                                            const std::string& data_dir) {
    auto reply = fetch_if_changed(client, device, "/api/v1/question-sets/current", question_set_etag_path(data_dir),
                                  question_set_path(data_dir));
    if (!reply) return reply.error();
    if (reply->status == http_status::ok || reply->status == http_status::not_modified) {
        if (Status k = adopt_sealing_key(reply->sealing_key, data_dir); !k) return k.error();
    }
    if (reply->status == http_status::not_modified) return RefreshOutcome::unchanged;
    if (Status s = refresh_status(*reply); !s) return s.error();

    auto parsed = parse_question_set(reply->body, "question set from the server");
    if (!parsed) return Error{Errc::server_error, parsed.error().message};
    auto old = read_file(question_set_path(data_dir));
    const bool same = old && (*old == reply->body || *old == reply->body + "\n");
    if (!same) {
        if (Status w = write_file_atomic(question_set_path(data_dir), reply->body, 0644); !w) return w.error();
    }
    if (!reply->etag.empty()) {
        if (Status w = write_file_atomic(question_set_etag_path(data_dir), reply->etag, 0644); !w) return w.error();
    }
    return same ? RefreshOutcome::unchanged : RefreshOutcome::updated;
}

}  // namespace lp::sync
