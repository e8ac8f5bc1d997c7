#include <unistd.h>

#include <filesystem>
#include <lp/shared/crypto.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/http_status.hpp>
#include <lp/shared/json_util.hpp>
#include <lp/shared/question_set.hpp>
#include <lp/client/batch_outcome.hpp>
#include <lp/client/enrol.hpp>
#include <lp/client/url.hpp>

namespace lp::sync {

namespace {

// The kiosk's own enrolment key, sent with every enrolment: asking again with the same code after
// an answer was lost on the way then enrols the same device (with a new token) instead of failing.
Result<std::string> enrol_key(const std::string& data_dir) {
    const std::string path = data_dir + "/enrol.key";
    if (auto text = read_file(path)) {
        std::string key = text->substr(0, text->find_first_of("\r\n"));
        if (key.size() == 64 && key.find_first_not_of("0123456789abcdef") == std::string::npos) return key;
    }
    std::string key = crypto::to_hex(crypto::random_bytes(32));
    if (Status w = write_file_atomic(path, key + "\n", 0600); !w) return w.error();
    return key;
}

std::string host_name() {
    char buf[256] = {};
    if (::gethostname(buf, sizeof buf - 1) != 0 || buf[0] == '\0') return "kiosk";
    return buf;
}

}  // namespace

Result<DeviceConfig> enrol(const EnrolRequest& request, const HttpTimeouts& timeouts) {
    using R = Result<DeviceConfig>;
    if (Status url_ok = check_server_url(request.server_url); !url_ok) return url_ok.error();
    if (request.code.empty()) return R::fail(Errc::invalid_input, "type the enrolment code from the aggregator");
    if (Status dir_ok = make_dirs(request.data_dir, 0700); !dir_ok) return dir_ok.error();
    // device.json records absolute paths, so the kiosk may start from any working directory.
    std::error_code ec;
    const std::string data_dir = std::filesystem::absolute(request.data_dir, ec).lexically_normal().string();

    std::string ca_copy;
    if (!request.ca_file.empty()) {
        auto pem = read_file(request.ca_file);
        if (!pem) return R::fail(Errc::invalid_input, "cannot read the certificate file " + request.ca_file);
        ca_copy = data_dir + "/server-ca.pem";
        if (Status w = write_file_atomic(ca_copy, *pem, 0644); !w) return w.error();
    }

    if (!request.pin.empty() && request.pin.rfind("sha256//", 0) != 0)
        return R::fail(Errc::invalid_input, "the pin must look like sha256//… (as lp-aggregator enrol-code prints it)");
    const bool pin_only = !request.pin.empty() && ca_copy.empty();
    TlsSettings tls{ca_copy, request.pin};
    tls.pin_instead_of_ca = pin_only;
    HttpClient client(tls, timeouts);
    HttpRequest req;
    req.method = "POST";
    req.url = join_url(request.server_url, "/api/v1/enrol");
    req.headers = {"Content-Type: application/json", "Accept: application/json"};
    auto key = enrol_key(data_dir);
    if (!key) return key.error();
    req.body = nlohmann::json{{"code", request.code},
                              {"name", request.name.empty() ? host_name() : request.name},
                              {"enrol_key", *key}}
                   .dump();
    const HttpReply reply = client.perform(req);
    if (!reply.ok())
        return R::fail(reply.transport == Transport::refused_url ? Errc::invalid_input : Errc::network,
                       plain_words_for(reply) + " (" + reply.transport_detail + ")");
    if (reply.status != http_status::ok) {
        if (http_status::is_client_error(reply.status) && reply.status != http_status::request_timeout &&
            reply.status != http_status::too_many_requests)
            return R::fail(Errc::invalid_input,
                           "That code did not work (it may be used up or expired): ask for a new one. Server said: " +
                               server_message(reply.body));
        return R::fail(Errc::server_error, plain_words_for(reply));
    }

    auto json = parse_json(reply.body, 64);
    if (!json || !json->is_object()) return R::fail(Errc::server_error, "the server's enrolment answer is not JSON");
    DeviceConfig config;
    config.server_url = request.server_url;
    config.ca_file = ca_copy;
    try {
        config.device_id = json->at("device_id").get<std::string>();
        config.token = json->at("token").get<std::string>();
        config.server_public_key = json->at("server_public_key").get<std::string>();
        if (auto pin = json->find("tls_pin"); pin != json->end() && pin->is_string())
            config.tls_pin = pin->get<std::string>();
    } catch (const nlohmann::json::exception&) {
        return R::fail(Errc::server_error,
                       "the server's enrolment answer misses device_id, token or server_public_key");
    }
    if (!config.sealing_key()) return R::fail(Errc::server_error, "the server's sealing key is not 32 bytes of base64");
    if (!request.pin.empty() && !config.tls_pin.empty() && config.tls_pin != request.pin)
        return R::fail(Errc::crypto_error, "the server's pin differs from the one typed: nothing was saved");
    if (!request.pin.empty()) config.tls_pin = request.pin;
    if (pin_only && request.server_url.rfind("https://", 0) == 0) {
        // The pin was checked on this very connection, so its certificate is the one to trust.
        if (reply.peer_certificate_pem.find("BEGIN CERTIFICATE") == std::string::npos)
            return R::fail(Errc::server_error, "could not read the server's certificate");
        config.ca_file = data_dir + "/server-ca.pem";
        if (Status w = write_file_atomic(config.ca_file, reply.peer_certificate_pem, 0644); !w) return w.error();
    }
    if (request.server_url.rfind("https://", 0) == 0 && config.tls_pin.rfind("sha256//", 0) != 0)
        return R::fail(Errc::server_error, "the server sent no key pin (tls_pin)");

    // The question set comes with enrolment so the kiosk can start at once.
    if (auto qs = json->find("question_set"); qs != json->end() && qs->is_object()) {
        const std::string text = qs->dump();
        auto parsed = parse_question_set(text, "enrolment question set");
        if (!parsed) return R::fail(Errc::server_error, parsed.error().message);
        if (Status w = write_file_atomic(question_set_path(request.data_dir), text + "\n", 0644); !w) return w.error();
        ::unlink(question_set_etag_path(request.data_dir).c_str());
    }
    if (Status w = save_device_config(request.data_dir, config); !w) return w.error();
    return config;
}

}  // namespace lp::sync
