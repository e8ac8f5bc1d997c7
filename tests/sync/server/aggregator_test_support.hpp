#pragma once
// Shared helpers of the aggregator tests: temp dirs, a test question set, sealed items built
// exactly as a kiosk builds them, the real lp-aggregator process, libcurl and raw TLS clients.
#include <lp/shared/crypto.hpp>
#include <lp/shared/model.hpp>
#include <lp/shared/question_set.hpp>
#include <lp/shared/response_codec.hpp>
#include <lp/shared/wire.hpp>

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace lp::test {

/// A fresh directory under $TMPDIR (or /tmp), removed with everything in it on destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

/// JSON of the test question set "test-set" v1: q-smile (smiley5, theme t-smile), q-yes
/// (yes_no, theme t-yes), q-chips (chips a/b, option b has theme t-chip-b), comment.
std::string test_question_set_json();
/// test_question_set_json() parsed (throws if it ever stops parsing).
QuestionSet test_question_set();
/// Writes <dir>/question-sets/test-set.json and returns dir.
std::string write_test_assets(const std::string& dir);

/// A valid response for test-set with the given id and seq.
Response test_response(const std::string& id, std::int64_t seq, const std::string& comment = "fine");
/// Seals a response to pub as the kiosk does and wraps it as a wire item.
wire::Item sealed_item(const Response& r, const std::array<std::uint8_t, crypto::public_key_bytes>& pub);
/// Reads the base64 public key file written by init.
std::array<std::uint8_t, crypto::public_key_bytes> read_public_key(const std::string& data_dir);

/// A whole file, or "" when it cannot be read.
std::string slurp(const std::string& path);

/// Path of the built lp-aggregator.
std::string aggregator_exe();

/// Runs a command (argv), returns its exit code; stdout captured into out when given.
int run(const std::vector<std::string>& argv, std::string* out = nullptr, const std::string& stdin_text = {});

/// In a forked child: replaces the process with argv (argv[0] a path); exits 127 if that fails.
[[noreturn]] void exec_or_exit(const std::vector<std::string>& argv);

/// A real `lp-aggregator serve` on 127.0.0.1 with a free port, data dir initialised with the
/// test question set as default. Killed (SIGKILL) on destruction if still running.
class ServerProcess {
public:
    /// extra_config lines are appended to aggregator.conf before starting.
    explicit ServerProcess(const std::string& data_dir, const std::string& assets_dir,
                           const std::string& extra_config = {}, bool init = true);
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    int port() const { return port_; }
    int pid() const { return pid_; }
    std::string url(const std::string& path) const;
    const std::string& data_dir() const { return data_dir_; }
    const std::string& log_file() const { return log_; }
    bool alive();
    /// Sends SIGTERM and waits; returns the exit status (or -1 on timeout).
    int terminate(int timeout_ms = 15000);
    void kill9();
    /// Starts again on a new port (after kill9/terminate).
    void restart();

private:
    void start();
    std::string data_dir_, assets_dir_, log_;
    int pid_ = -1;
    int port_ = 0;
};

struct HttpResult {
    long status = 0;  // 0 when the request failed at the transport level
    std::string body;
    std::map<std::string, std::string> headers;  // lower-case names
    std::string error;
};

/// One HTTPS request with libcurl, verifying the server against data_dir/tls.crt.
HttpResult https(const std::string& method, const std::string& url, const std::string& ca_file,
                 const std::vector<std::string>& headers = {}, const std::string& body = {}, long timeout_ms = 10000);

/// Enrols a device with a fresh code; returns {device_id, token} (empty on failure).
std::pair<std::string, std::string> enrol(ServerProcess& server, const std::string& site = "hub");

/// Raw TLS connection for sending malformed requests byte by byte.
class RawTls {
public:
    RawTls(int port);
    ~RawTls();
    RawTls(const RawTls&) = delete;
    RawTls& operator=(const RawTls&) = delete;
    bool connected() const { return ssl_ != nullptr; }
    bool send(const std::string& bytes);
    /// Reads until the peer closes or timeout_ms passes; returns what arrived.
    std::string read_all(int timeout_ms);
    /// True when the server closed the connection within timeout_ms.
    bool closed_by_peer(int timeout_ms);

private:
    int fd_ = -1;
    void* ctx_ = nullptr;
    void* ssl_ = nullptr;
};

/// The status code of a raw HTTP response text ("HTTP/1.1 411 ..." → 411), 0 if none.
int status_of(const std::string& raw_response);

/// gzip-compresses data (for Content-Encoding: gzip bodies).
std::string gzip(const std::string& data);

}  // namespace lp::test
