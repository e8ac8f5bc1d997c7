// Operations of the real lp-aggregator process over loopback TLS: /metrics, silent devices,
// backup under load and restore, sealing-key rotation across real sealed batches (with the
// kiosk's sync client adopting the new key), and certificate reload on SIGHUP.
#include <arpa/inet.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <lp/aggregator/ops/metrics.hpp>
#include <lp/aggregator/tls.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/sqlite.hpp>
#include <lp/shared/time.hpp>
#include <lp/client/device_config.hpp>
#include <lp/client/engine.hpp>
#include <lp/client/http_client.hpp>
#include <lp/client/question_set_refresh.hpp>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "aggregator_test_support.hpp"

using namespace lp;
using namespace lp::test;

namespace {

std::string ca(const ServerProcess& s) { return s.data_dir() + "/tls.crt"; }

struct Posted {
    HttpResult reply;
    std::vector<wire::Item> items;
};

// Posts n fresh responses sealed to pub (seq from *seq on) as one batch.
Posted post_batch(ServerProcess& s, const std::string& device, const std::string& token,
                  const std::array<std::uint8_t, crypto::public_key_bytes>& pub, std::int64_t& seq, int n) {
    Posted p;
    wire::Batch b{device, crypto::uuid4(), {}};
    for (int i = 0; i < n; ++i) b.items.push_back(sealed_item(test_response(crypto::uuid4(), seq++), pub));
    p.items = b.items;
    p.reply = https("POST", s.url("/api/v1/batches"), ca(s),
                    {"Content-Type: application/json", "Authorization: Bearer " + token}, wire::encode_batch(b));
    return p;
}

std::vector<wire::ItemResult> results_of(const HttpResult& r) {
    auto d = wire::decode_results(r.body);
    return d ? *d : std::vector<wire::ItemResult>{};
}

// The value of one Prometheus sample line (exact series text), -1 when absent.
double sample(const std::string& text, const std::string& series) {
    auto p = text.find("\n" + series + " ");
    if (p == std::string::npos) return -1;
    return std::stod(text.substr(p + series.size() + 2));
}

std::array<std::uint8_t, crypto::public_key_bytes> key_from_b64(const std::string& b64) {
    std::array<std::uint8_t, crypto::public_key_bytes> k{};
    auto bytes = crypto::from_base64(b64);
    REQUIRE(bytes);
    REQUIRE(bytes->size() == k.size());
    std::copy(bytes->begin(), bytes->end(), k.begin());
    return k;
}

std::string trimmed(std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
    return s;
}

bool wait_for_log(const ServerProcess& s, const std::string& needle, int timeout_ms = 5000) {
    for (int waited = 0; waited < timeout_ms; waited += 50) {
        if (slurp(s.log_file()).find(needle) != std::string::npos) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return false;
}

// SHA-256 fingerprint (hex) of the certificate a fresh TLS connection to port presents.
std::string served_fingerprint(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    std::string out;
    if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0) {
        SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
        SSL* ssl = SSL_new(ctx);
        SSL_set_fd(ssl, fd);
        SSL_set_tlsext_host_name(ssl, "localhost");
        if (SSL_connect(ssl) == 1) {
            if (X509* cert = SSL_get1_peer_certificate(ssl)) {
                unsigned char md[EVP_MAX_MD_SIZE];
                unsigned n = 0;
                X509_digest(cert, EVP_sha256(), md, &n);
                out = crypto::to_hex(md, n);
                X509_free(cert);
            }
            SSL_shutdown(ssl);
        }
        SSL_free(ssl);
        SSL_CTX_free(ctx);
    }
    close(fd);
    return out;
}

std::string file_fingerprint(const std::string& pem) {
    BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
    X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    if (!cert) return {};
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned n = 0;
    X509_digest(cert, EVP_sha256(), md, &n);
    X509_free(cert);
    return crypto::to_hex(md, n);
}

const char* fast_limits = "device_requests_per_minute = 1000000\ndevice_burst = 1000000\n";

}  // namespace

TEST_CASE("metrics from real batches with loopback or token access and silent devices") {
    TempDir tmp;
    const std::string assets = write_test_assets(tmp.path() + "/assets");
    ServerProcess s(tmp.path() + "/data", assets, std::string(fast_limits) + "silent_after_h = 2\n");
    auto [device, token] = enrol(s);
    auto [quiet_device, quiet_token] = enrol(s, "library");
    REQUIRE(!device.empty());
    REQUIRE(!quiet_device.empty());
    const auto pub = read_public_key(s.data_dir());
    std::int64_t seq = 1;
    auto first = post_batch(s, device, token, pub, seq, 3);
    REQUIRE(first.reply.status == 200);
    // The same batch again: three duplicates; one changed item: a conflict; one garbage seal: rejected.
    wire::Batch again{device, crypto::uuid4(), first.items};
    REQUIRE(https("POST", s.url("/api/v1/batches"), ca(s),
                  {"Content-Type: application/json", "Authorization: Bearer " + token}, wire::encode_batch(again))
                .status == 200);
    wire::Batch odd{device, crypto::uuid4(), {}};
    odd.items.push_back(sealed_item(test_response(first.items[0].id, 1, "changed"), pub));
    auto bad = sealed_item(test_response(crypto::uuid4(), seq++), pub);
    bad.sealed[40] ^= 1;
    bad.sha256 = crypto::sha256_hex(bad.sealed);
    odd.items.push_back(bad);
    auto r = https("POST", s.url("/api/v1/batches"), ca(s),
                   {"Content-Type: application/json", "Authorization: Bearer " + token}, wire::encode_batch(odd));
    REQUIRE(r.status == 200);
    CHECK(https("GET", s.url("/no/such/page"), ca(s)).status == 404);

    // The quiet device was last seen three hours ago.
    {
        db::Database d(s.data_dir() + "/aggregator.db");
        d.prepare("UPDATE devices SET last_seen = ?, enrolled_at = ? WHERE id = ?")
            .bind(1, now_unix() - 3 * 3600)
            .bind(2, now_unix() - 4 * 3600)
            .bind(3, quiet_device)
            .step();
    }

    // Finding 7: nginx on this host connects from loopback too; a relayed request is not a local scrape.
    CHECK(https("GET", s.url("/metrics"), ca(s), {"X-Forwarded-For: 203.0.113.9"}).status == 403);
    CHECK(https("GET", s.url("/metrics"), ca(s), {"Forwarded: for=203.0.113.9"}).status == 403);
    CHECK(https("GET", s.url("/metrics"), ca(s), {"X-Real-IP: 203.0.113.9"}).status == 403);
    auto m = https("GET", s.url("/metrics"), ca(s));
    REQUIRE(m.status == 200);
    CHECK(m.headers["content-type"].find("text/plain; version=0.0.4") == 0);
    const std::string& t = m.body;
    CHECK(sample(t, "lp_items_total{outcome=\"stored\"}") == 3);
    CHECK(sample(t, "lp_items_total{outcome=\"duplicate\"}") == 3);
    CHECK(sample(t, "lp_items_total{outcome=\"conflict\"}") == 1);
    CHECK(sample(t, "lp_items_total{outcome=\"rejected\"}") == 1);
    CHECK(sample(t, "lp_batch_ingest_seconds_count") == 3);
    CHECK(sample(t, "lp_batch_ingest_seconds_bucket{le=\"+Inf\"}") == 3);
    CHECK(sample(t, "lp_http_requests_total{route=\"/api/v1/batches\",method=\"POST\",status=\"200\"}") == 3);
    CHECK(sample(t, "lp_http_requests_total{route=\"/api/v1/enrol\",method=\"POST\",status=\"200\"}") == 2);
    CHECK(sample(t, "lp_http_requests_total{route=\"dashboard\",method=\"GET\",status=\"404\"}") >= 1);
    CHECK(sample(t, "lp_store_errors_total") == 0);
    CHECK(sample(t, "lp_store_up") == 1);
    CHECK(sample(t, "lp_devices{state=\"active\"}") == 1);
    CHECK(sample(t, "lp_devices{state=\"silent\"}") == 1);
    CHECK(t.find("lp_device_last_seen_timestamp_seconds{device=\"" + quiet_device +
                 "\",site=\"library\",silent=\"1\"}") != std::string::npos);
    CHECK(t.find("lp_device_last_seen_timestamp_seconds{device=\"" + device + "\",site=\"hub\",silent=\"0\"}") !=
          std::string::npos);
    // No payload content anywhere in the log; the request log is one JSON object per line.
    // (A request's log line is written after its answer: wait for the scrape's own line.)
    REQUIRE(wait_for_log(s, "\"path\":\"/metrics\""));
    const std::string log = slurp(s.log_file());
    CHECK(log.find("fine") == std::string::npos);
    CHECK(log.find("changed") == std::string::npos);
    std::size_t request_lines = 0;
    for (std::size_t p = 0, e; (e = log.find('\n', p)) != std::string::npos; p = e + 1) {
        const std::string line = log.substr(p, e - p);
        if (line.rfind("lp-aggregator: dashboard", 0) == 0) {
            MESSAGE("not JSON (dashboard module): " << line);  // test assets have no theme taxonomy
            continue;
        }
        auto j = nlohmann::json::parse(line, nullptr, false);
        CHECK_MESSAGE(j.is_object(), line);
        if (j.is_object() && j.contains("path")) {
            ++request_lines;
            CHECK(j.contains("status"));
            CHECK(j.contains("ms"));
        }
    }
    CHECK(request_lines >= 6);

    std::string out;
    REQUIRE(run({aggregator_exe(), "devices", "--data", s.data_dir()}, &out) == 0);
    CHECK(out.find("SILENT 3h") != std::string::npos);
    CHECK(out.find(quiet_device) != std::string::npos);

    // With a token configured (SIGHUP reload, no restart) the token is required even on loopback.
    {
        std::ofstream conf(s.data_dir() + "/aggregator.conf", std::ios::app);
        conf << "metrics_token = abcdefghijklmnopqrstuvwxyz012345\n";
    }
    REQUIRE(kill(s.pid(), SIGHUP) == 0);
    REQUIRE(wait_for_log(s, "\"metrics_token_set\":true"));
    CHECK(https("GET", s.url("/metrics"), ca(s)).status == 401);
    CHECK(https("GET", s.url("/metrics"), ca(s), {"Authorization: Bearer wrong-token-wrong-token"}).status == 401);
    CHECK(https("GET", s.url("/metrics"), ca(s), {"Authorization: Bearer abcdefghijklmnopqrstuvwxyz012345"}).status ==
          200);
    CHECK(s.terminate() == 0);
}

TEST_CASE("backup under load is consistent and restore brings back counts and hashes") {
    TempDir tmp;
    const std::string assets = write_test_assets(tmp.path() + "/assets");
    ServerProcess s(tmp.path() + "/data", assets, fast_limits);
    const auto pub = read_public_key(s.data_dir());
    std::vector<std::pair<std::string, std::string>> devices;
    for (int i = 0; i < 3; ++i) devices.push_back(enrol(s, "site" + std::to_string(i)));
    for (auto& d : devices) REQUIRE(!d.first.empty());

    std::mutex m;
    std::map<std::string, std::string> acknowledged;  // "device/id" → sha256, once answered `stored`
    std::atomic<bool> stop{false};
    std::atomic<int> failures{0};
    std::vector<std::thread> posters;
    for (auto& [device, token] : devices) {
        posters.emplace_back([&, device = device, token = token] {
            std::int64_t seq = 1;
            while (!stop.load()) {
                auto p = post_batch(s, device, token, pub, seq, 10);
                if (p.reply.status != 200) {
                    ++failures;
                    continue;
                }
                auto res = results_of(p.reply);
                std::lock_guard<std::mutex> lock(m);
                for (std::size_t i = 0; i < res.size() && i < p.items.size(); ++i)
                    if (res[i].status == wire::ItemStatus::stored)
                        acknowledged[device + "/" + p.items[i].id] = p.items[i].sha256;
            }
        });
    }
    auto count_acked = [&] {
        std::lock_guard<std::mutex> lock(m);
        return acknowledged;
    };
    while (count_acked().size() < 300) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    const auto before = count_acked();
    const std::string backup = tmp.path() + "/backup.db";
    std::string out;
    const auto t0 = std::chrono::steady_clock::now();
    REQUIRE(run({aggregator_exe(), "backup", "--data", s.data_dir(), "--to", backup}, &out) == 0);
    const double backup_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const auto after = count_acked();
    MESSAGE("backup under load took " << backup_s << " s; acknowledged before " << before.size() << ", after "
                                      << after.size() << "; " << out);
    // Load goes on a little after the backup, then the server is asked to restore under itself.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(run({aggregator_exe(), "restore", "--data", s.data_dir(), "--from", backup}) == 1);
    stop = true;
    for (auto& t : posters) t.join();
    CHECK(failures.load() == 0);
    CHECK(after.size() > before.size());  // batches really were landing while the backup ran

    // The backup is a snapshot between `before` and `after`, with the acknowledged hashes.
    {
        db::Database b(backup);
        std::map<std::string, std::string> backed;
        auto st = b.prepare("SELECT device_id, id, sha256 FROM responses");
        while (st.step()) backed[st.column_text(0) + "/" + st.column_text(1)] = st.column_text(2);
        CHECK(backed.size() >= before.size());
        CHECK(backed.size() <= after.size());
        std::size_t mismatched = 0, missing = 0;
        for (const auto& [k, h] : backed) {
            auto it = after.find(k);
            if (it == after.end() || it->second != h) ++mismatched;
        }
        for (const auto& [k, h] : before)
            if (backed.count(k) == 0) ++missing;
        CHECK(mismatched == 0);
        CHECK(missing == 0);
    }
    CHECK(s.terminate() == 0);

    // Restore into a fresh data dir, then serve it: the same responses and devices are there.
    const std::string fresh = tmp.path() + "/fresh";
    REQUIRE(run({aggregator_exe(), "init", "--data", fresh}) == 0);
    REQUIRE(run({aggregator_exe(), "restore", "--data", fresh, "--from", backup}, &out) == 0);
    CHECK(out.find("kept as") != std::string::npos);
    {
        db::Database restored(fresh + "/aggregator.db");
        db::Database b(backup);
        CHECK(restored.integrity_check() == "ok");
        CHECK(restored.scalar_int("SELECT count(*) FROM responses") == b.scalar_int("SELECT count(*) FROM responses"));
        CHECK(restored.scalar_int("SELECT count(*) FROM devices") == 3);
        auto st = restored.prepare("SELECT group_concat(sha256, ',') FROM (SELECT sha256 FROM responses ORDER BY pk)");
        auto sb = b.prepare("SELECT group_concat(sha256, ',') FROM (SELECT sha256 FROM responses ORDER BY pk)");
        REQUIRE(st.step());
        REQUIRE(sb.step());
        CHECK(st.column_text(0) == sb.column_text(0));
    }
    // A damaged backup is refused and changes nothing.
    std::string broken = slurp(backup);
    broken.resize(broken.size() / 2);
    REQUIRE(write_file_atomic(tmp.path() + "/broken.db", broken, 0600));
    CHECK(run({aggregator_exe(), "restore", "--data", fresh, "--from", tmp.path() + "/broken.db"}) == 1);
    db::Database still(fresh + "/aggregator.db");
    CHECK(still.integrity_check() == "ok");
}

TEST_CASE("sealing-key rotation with the kiosk adopting the new key and retirement guarded") {
    TempDir tmp;
    const std::string assets = write_test_assets(tmp.path() + "/assets");
    ServerProcess s(tmp.path() + "/data", assets, fast_limits);
    auto [device, token] = enrol(s);
    auto [absent, absent_token] = enrol(s, "closed-site");
    REQUIRE(!device.empty());
    REQUIRE(!absent.empty());
    const auto key1 = read_public_key(s.data_dir());
    std::int64_t seq = 1;
    auto p = post_batch(s, device, token, key1, seq, 2);
    REQUIRE(p.reply.status == 200);
    CHECK(results_of(p.reply).at(0).status == wire::ItemStatus::stored);

    // A kiosk data dir for the real sync client.
    const std::string kiosk = tmp.path() + "/kiosk";
    REQUIRE(make_dirs(kiosk, 0700));
    sync::DeviceConfig dc;
    dc.device_id = device;
    dc.server_url = s.url("");
    if (!dc.server_url.empty() && dc.server_url.back() == '/') dc.server_url.pop_back();
    dc.token = token;
    dc.server_public_key = crypto::to_base64(key1.data(), key1.size());
    dc.ca_file = ca(s);
    REQUIRE(sync::save_device_config(kiosk, dc));
    sync::HttpClient client(sync::TlsSettings{ca(s), "", false}, sync::HttpTimeouts{});
    REQUIRE(sync::refresh_question_set(client, dc, kiosk));
    CHECK(sync::load_device_config(kiosk)->server_public_key == dc.server_public_key);

    std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // rotation strictly after enrolment
    std::string out;
    REQUIRE(run({aggregator_exe(), "rotate-key", "--data", s.data_dir()}, &out) == 0);
    const std::string key2_b64 = trimmed(slurp(s.data_dir() + "/sealing-2.pub"));
    REQUIRE(!key2_b64.empty());
    CHECK(key2_b64 != dc.server_public_key);
    REQUIRE(kill(s.pid(), SIGHUP) == 0);
    REQUIRE(wait_for_log(s, "\"event\":\"reloaded\""));
    std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // the next sync is after the rotation

    // The kiosk's next question-set poll (a 304 here) hands it the new key; device.json keeps the rest.
    auto refreshed = sync::refresh_question_set(client, dc, kiosk);
    REQUIRE(refreshed);
    auto saved = sync::load_device_config(kiosk);
    REQUIRE(saved);
    CHECK(saved->server_public_key == key2_b64);
    CHECK(saved->token == token);
    const auto key2 = key_from_b64(saved->server_public_key);

    // Outbox items sealed before the rotation still open; new ones are sealed to key 2.
    auto old_items = post_batch(s, device, token, key1, seq, 1);
    REQUIRE(old_items.reply.status == 200);
    CHECK(results_of(old_items.reply).at(0).status == wire::ItemStatus::stored);
    // Retiring key 1 now is refused: this device's latest batch used it; the other never synced since.
    CHECK(run({aggregator_exe(), "retire-key", "--data", s.data_dir(), "2"}) == 1);  // current key
    std::string why;
    CHECK(run({aggregator_exe(), "retire-key", "--data", s.data_dir(), "1"}, &why) == 1);
    CHECK(slurp(s.log_file()).find("cannot be retired") == std::string::npos);  // the CLI says it, not the server
    auto new_items = post_batch(s, device, token, key2, seq, 2);
    REQUIRE(new_items.reply.status == 200);
    for (const auto& r : results_of(new_items.reply)) CHECK(r.status == wire::ItemStatus::stored);

    // Still refused because of the absent device, until it is revoked.
    const std::string retire_err = tmp.path() + "/retire.err";
    {
        int rc = std::system((aggregator_exe() + " retire-key --data " + s.data_dir() + " 1 2>" + retire_err).c_str());
        CHECK(WEXITSTATUS(rc) == 1);
        const std::string err = slurp(retire_err);
        CHECK(err.find(absent) != std::string::npos);
        CHECK(err.find("has not synced since") != std::string::npos);
        CHECK(err.find(device) == std::string::npos);  // the active device moved on to key 2
    }
    REQUIRE(run({aggregator_exe(), "revoke", "--data", s.data_dir(), absent}) == 0);
    REQUIRE(run({aggregator_exe(), "retire-key", "--data", s.data_dir(), "1"}, &out) == 0);
    CHECK(!file_exists(s.data_dir() + "/sealing.key"));
    CHECK(file_exists(s.data_dir() + "/sealing.key.retired"));
    REQUIRE(kill(s.pid(), SIGHUP) == 0);
    REQUIRE(wait_for_log(s, "\"sealing_key\"", 5000));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    auto late = post_batch(s, device, token, key1, seq, 1);
    REQUIRE(late.reply.status == 200);
    CHECK(results_of(late.reply).at(0).status == wire::ItemStatus::rejected);
    auto fine = post_batch(s, device, token, key2, seq, 1);
    CHECK(results_of(fine.reply).at(0).status == wire::ItemStatus::stored);
    REQUIRE(run({aggregator_exe(), "keys", "--data", s.data_dir()}, &out) == 0);
    MESSAGE(out);
    // After a restart the server still opens key 2 and serves it to new enrolments.
    CHECK(s.terminate() == 0);
    s.restart();
    auto [d3, t3] = enrol(s, "new-site");
    REQUIRE(!d3.empty());
    auto r3 = post_batch(s, d3, t3, key2, seq, 1);
    CHECK(results_of(r3.reply).at(0).status == wire::ItemStatus::stored);
    CHECK(s.terminate() == 0);
}

TEST_CASE("SIGHUP swaps the TLS certificate without a restart and a bad pair keeps the old") {
    TempDir tmp;
    const std::string assets = write_test_assets(tmp.path() + "/assets");
    ServerProcess s(tmp.path() + "/data", assets, fast_limits);
    auto [device, token] = enrol(s);
    REQUIRE(!device.empty());
    std::int64_t seq = 1;
    REQUIRE(post_batch(s, device, token, read_public_key(s.data_dir()), seq, 2).reply.status == 200);
    const std::string old_fp = file_fingerprint(slurp(ca(s)));
    CHECK(served_fingerprint(s.port()) == old_fp);
    const int pid = s.pid();

    auto pair = aggregator::make_self_signed_certificate("localhost");
    REQUIRE(pair);
    REQUIRE(write_file_atomic(s.data_dir() + "/tls.key", pair->private_key, 0600));
    REQUIRE(write_file_atomic(s.data_dir() + "/tls.crt", pair->certificate, 0644));
    const std::string new_fp = file_fingerprint(pair->certificate);
    REQUIRE(new_fp != old_fp);
    REQUIRE(kill(pid, SIGHUP) == 0);
    REQUIRE(wait_for_log(s, "\"event\":\"reloaded\""));
    CHECK(served_fingerprint(s.port()) == new_fp);
    CHECK(s.pid() == pid);
    CHECK(s.alive());
    // The old data is still served, verified against the new certificate.
    auto q = https("GET", s.url("/api/v1/question-sets/current"), ca(s), {"Authorization: Bearer " + token});
    CHECK(q.status == 200);
    auto m = https("GET", s.url("/metrics"), ca(s));
    CHECK(sample(m.body, "lp_items_total{outcome=\"stored\"}") == 2);

    // A key that does not match the certificate: reload fails loudly, the new-old cert stays.
    auto other = aggregator::make_self_signed_certificate("localhost");
    REQUIRE(other);
    REQUIRE(write_file_atomic(s.data_dir() + "/tls.key", other->private_key, 0600));
    REQUIRE(kill(pid, SIGHUP) == 0);
    REQUIRE(wait_for_log(s, "\"event\":\"reload_failed\""));
    CHECK(slurp(s.log_file()).find("does not belong to the certificate") != std::string::npos);
    CHECK(served_fingerprint(s.port()) == new_fp);
    CHECK(https("GET", s.url("/api/v1/health"), ca(s)).status == 200);
    CHECK(s.terminate() == 0);
}

TEST_CASE("metrics sources such as the safeguarding queue are appended to the scrape") {
    aggregator::ops::add_metrics_source([] { return aggregator::ops::safeguarding_metrics(4, 1); });
    const std::string text = "\n" + aggregator::ops::render_sources();
    CHECK(sample(text, "lp_safeguarding_unacknowledged") == 4);
    CHECK(sample(text, "lp_safeguarding_overdue") == 1);
    CHECK(text.find("# TYPE lp_safeguarding_overdue gauge") != std::string::npos);
}

TEST_CASE("ops commands answer --help with 0 and usage errors with 2") {
    for (const char* c : {"backup", "restore", "rotate-key", "retire-key", "keys"}) {
        std::string out;
        CHECK_MESSAGE(run({aggregator_exe(), c, "--help"}, &out) == 0, c);
        CHECK(out.find(std::string("usage: lp-aggregator ") + c) == 0);
        CHECK_MESSAGE(run({aggregator_exe(), c, "--bogus"}) == 2, c);
    }
    CHECK(run({aggregator_exe(), "retire-key", "--data", "/nonexistent"}) == 2);  // KEYID missing
    std::string help;
    CHECK(run({aggregator_exe(), "--help"}, &help) == 0);
    CHECK(help.find("rotate-key") != std::string::npos);
}

namespace {

/// The kiosk's outbox in memory: sealed items waiting, sent or quarantined.
class ListOutbox final : public sync::OutboxPort {
public:
    std::vector<wire::Item> items;
    std::map<std::string, std::string> state;  // id -> sent | quarantined: reason
    Result<std::vector<wire::Item>> pending(std::size_t limit) override {
        std::vector<wire::Item> out;
        for (const auto& i : items)
            if (!state.count(i.id) && out.size() < limit) out.push_back(i);
        return out;
    }
    Result<std::int64_t> pending_count() override {
        return static_cast<std::int64_t>(items.size() - state.size());
    }
    Status mark_sent(const std::vector<std::string>& ids, std::int64_t) override {
        for (const auto& id : ids) state[id] = "sent";
        return ok_status();
    }
    Status quarantine(const std::string& id, const std::string& reason) override {
        state[id] = "quarantined: " + reason;
        return ok_status();
    }
    Result<std::int64_t> purge_sent_before(std::int64_t) override { return std::int64_t{0}; }
};

}  // namespace

TEST_CASE("finding 6: a batch over max_items_per_batch is never quarantined, the real kiosk sync sends it all") {
    TempDir tmp;
    const std::string assets = write_test_assets(tmp.path() + "/assets");
    ServerProcess s(tmp.path() + "/data", assets, std::string(fast_limits) + "max_items_per_batch = 7\n");
    auto [device, token] = enrol(s);
    REQUIRE(!device.empty());
    const auto pub = read_public_key(s.data_dir());
    ListOutbox outbox;
    for (int i = 0; i < 40; ++i) outbox.items.push_back(sealed_item(test_response(crypto::uuid4(), i + 1), pub));
    sync::DeviceConfig dc;
    dc.device_id = device;
    dc.server_url = s.url("");
    if (!dc.server_url.empty() && dc.server_url.back() == '/') dc.server_url.pop_back();
    dc.token = token;
    dc.server_public_key = crypto::to_base64(pub.data(), pub.size());
    dc.ca_file = ca(s);
    sync::SyncSettings settings;
    settings.batch_size = 100;  // the kiosk's default, far over this server's limit
    sync::SyncEngine engine(dc, settings);
    auto report = engine.run_pass(outbox);
    CHECK(report.state == sync::PassState::complete);
    CHECK(report.quarantined == 0);
    CHECK(report.sent == 40);
    for (const auto& [id, st] : outbox.state) CHECK_MESSAGE(st == "sent", id << ": " << st);
    auto m = https("GET", s.url("/metrics"), ca(s));
    REQUIRE(m.status == 200);
    CHECK(sample(m.body, "lp_items_total{outcome=\"stored\"}") == 40);
    CHECK(s.terminate() == 0);
}
