#include "aggregator_test_support.hpp"

#include <lp/shared/files.hpp>

#include <nlohmann/json.hpp>

#include <curl/curl.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include <arpa/inet.h>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

namespace lp::test {

TempDir::TempDir() {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base && *base ? base : "/tmp") + "/lp-agg-test-XXXXXX";
    std::vector<char> buf(tmpl.begin(), tmpl.end());
    buf.push_back('\0');
    if (!mkdtemp(buf.data())) throw std::runtime_error("mkdtemp failed");
    path_ = buf.data();
}

TempDir::~TempDir() {
    if (std::getenv("LP_KEEP_TMP")) return;  // for debugging a failed test
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

std::string test_question_set_json() {
    return R"({"id": "test-set", "version": 1, "title": "Test set", "languages": ["en"],
  "questions": [
    {"id": "q-smile", "kind": "smiley5", "themes": ["t-smile"],
     "text": {"8-12": "Smile?", "13-17": "Smile?", "16-25": "Smile?"}},
    {"id": "q-yes", "kind": "yes_no", "themes": ["t-yes"],
     "text": {"8-12": "Yes?", "13-17": "Yes?", "16-25": "Yes?"}},
    {"id": "q-chips", "kind": "chips", "themes": [],
     "options": [{"id": "a", "label": "A"}, {"id": "b", "label": "B", "themes": ["t-chip-b"]}],
     "text": {"8-12": "Chips?", "13-17": "Chips?", "16-25": "Chips?"}},
    {"id": "comment", "kind": "comment", "themes": [],
     "text": {"8-12": "Anything else?", "13-17": "Anything else?", "16-25": "Anything else?"}}
  ]})";
}

QuestionSet test_question_set() {
    auto set = parse_question_set(test_question_set_json(), "test-set.json");
    if (!set) throw std::runtime_error("the test question set does not parse: " + set.error().message);
    return *set;
}

std::string write_test_assets(const std::string& dir) {
    if (!make_dirs(dir + "/question-sets")) throw std::runtime_error("cannot create assets dir");
    if (!write_file_atomic(dir + "/question-sets/test-set.json", test_question_set_json()))
        throw std::runtime_error("cannot write test question set");
    return dir;
}

Response test_response(const std::string& id, std::int64_t seq, const std::string& comment) {
    Response r;
    r.id = id;
    r.seq = seq;
    r.question_set_id = "test-set";
    r.question_set_version = 1;
    r.created_hour = "2026-11-25T14:00:00Z";
    r.age_band = AgeBand::care_leaver_16_25;
    r.answers = {Answer::of_scale("q-smile", 4), Answer::of_choice("q-yes", "no"),
                 Answer::of_chips("q-chips", {"a", "b"})};
    r.comment = comment;
    return r;
}

wire::Item sealed_item(const Response& r, const std::array<std::uint8_t, crypto::public_key_bytes>& pub) {
    return wire::make_item(r.id, r.seq, r.question_set_id, r.question_set_version, r.created_hour,
                           crypto::seal(encode_response(r), pub));
}

std::array<std::uint8_t, crypto::public_key_bytes> read_public_key(const std::string& data_dir) {
    auto text = read_file(data_dir + "/sealing.pub");
    if (!text) throw std::runtime_error("no sealing.pub");
    std::string t = *text;
    while (!t.empty() && (t.back() == '\n' || t.back() == '\r')) t.pop_back();
    auto bytes = crypto::from_base64(t);
    if (!bytes || bytes->size() != crypto::public_key_bytes) throw std::runtime_error("bad sealing.pub");
    std::array<std::uint8_t, crypto::public_key_bytes> out{};
    std::memcpy(out.data(), bytes->data(), out.size());
    return out;
}

std::string slurp(const std::string& path) {
    auto r = read_file(path);
    return r ? *r : std::string();
}

std::string aggregator_exe() { return std::string(LP_BINARY_DIR) + "/sync/lp-aggregator"; }

void exec_or_exit(const std::vector<std::string>& argv) {
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execv(args[0], args.data());
    _exit(127);
}

int run(const std::vector<std::string>& argv, std::string* out, const std::string& stdin_text) {
    int out_pipe[2];
    int in_pipe[2];
    if (pipe(out_pipe) != 0 || pipe(in_pipe) != 0) return -1;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(in_pipe[0], 0);
        dup2(out_pipe[1], 1);
        close(in_pipe[1]);
        close(out_pipe[0]);
        exec_or_exit(argv);
    }
    close(in_pipe[0]);
    close(out_pipe[1]);
    if (!stdin_text.empty()) {
        ssize_t ignored = write(in_pipe[1], stdin_text.data(), stdin_text.size());
        (void)ignored;
    }
    close(in_pipe[1]);
    std::string captured;
    char buf[4096];
    ssize_t n;
    while ((n = read(out_pipe[0], buf, sizeof buf)) > 0) captured.append(buf, static_cast<std::size_t>(n));
    close(out_pipe[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    if (out) *out = captured;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// [SECTION] Server process

ServerProcess::ServerProcess(const std::string& data_dir, const std::string& assets_dir,
                             const std::string& extra_config, bool init)
    : data_dir_(data_dir), assets_dir_(assets_dir), log_(data_dir + ".log") {
    if (init) {
        if (run({aggregator_exe(), "init", "--data", data_dir_}) != 0) throw std::runtime_error("init failed");
        std::ofstream conf(data_dir_ + "/aggregator.conf", std::ios::app);
        conf << "\ndefault_question_set = test-set\nshutdown_grace_s = 20\n" << extra_config << "\n";
    }
    start();
}

ServerProcess::~ServerProcess() {
    if (pid_ > 0) kill9();
}

void ServerProcess::start() {
    int out_pipe[2];
    if (pipe(out_pipe) != 0) throw std::runtime_error("pipe failed");
    pid_t pid = fork();
    if (pid == 0) {
        // If the test process dies (crash, timeout kill), the server goes with it.
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        int log = open(log_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        dup2(out_pipe[1], 1);
        if (log >= 0) dup2(log, 2);
        close(out_pipe[0]);
        execl(aggregator_exe().c_str(), "lp-aggregator", "serve", "--data", data_dir_.c_str(), "--listen",
              "127.0.0.1:0", "--assets", assets_dir_.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    close(out_pipe[1]);
    pid_ = pid;
    std::string line;
    pollfd p{out_pipe[0], POLLIN, 0};
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (line.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
        if (poll(&p, 1, 200) <= 0) continue;
        char c[256];
        ssize_t n = read(out_pipe[0], c, sizeof c);
        if (n <= 0) break;
        line.append(c, static_cast<std::size_t>(n));
    }
    close(out_pipe[0]);
    auto colon = line.rfind(':');
    if (line.rfind("listening on https://", 0) != 0 || colon == std::string::npos) {
        kill9();
        throw std::runtime_error("server did not start: '" + line + "' (log " + log_ + ")");
    }
    port_ = std::atoi(line.c_str() + colon + 1);
}

std::string ServerProcess::url(const std::string& path) const {
    return "https://127.0.0.1:" + std::to_string(port_) + path;
}

bool ServerProcess::alive() {
    if (pid_ <= 0) return false;
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        return false;
    }
    return true;
}

int ServerProcess::terminate(int timeout_ms) {
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        if (waitpid(pid_, &status, WNOHANG) == pid_) {
            pid_ = -1;
            return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    kill9();
    return -1;
}

void ServerProcess::kill9() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGKILL);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
}

void ServerProcess::restart() {
    if (pid_ > 0) kill9();
    start();
}

// [SECTION] libcurl

namespace {

std::size_t write_body(char* data, std::size_t size, std::size_t n, void* user) {
    static_cast<std::string*>(user)->append(data, size * n);
    return size * n;
}

std::size_t write_header(char* data, std::size_t size, std::size_t n, void* user) {
    std::string line(data, size * n);
    auto colon = line.find(':');
    if (colon != std::string::npos) {
        std::string name = line.substr(0, colon);
        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        std::string value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ')) value.erase(value.begin());
        while (!value.empty() && (value.back() == '\r' || value.back() == '\n')) value.pop_back();
        (*static_cast<std::map<std::string, std::string>*>(user))[name] = value;
    }
    return size * n;
}

struct CurlGlobal {
    CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

}  // namespace

HttpResult https(const std::string& method, const std::string& url, const std::string& ca_file,
                 const std::vector<std::string>& headers, const std::string& body, long timeout_ms) {
    static CurlGlobal global;
    HttpResult r;
    std::unique_ptr<CURL, void (*)(CURL*)> curl(curl_easy_init(), &curl_easy_cleanup);
    curl_slist* list = nullptr;
    for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
    std::unique_ptr<curl_slist, void (*)(curl_slist*)> header_list(list, &curl_slist_free_all);
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, url.c_str());
    curl_easy_setopt(c, CURLOPT_CAINFO, ca_file.c_str());
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
    if (method == "POST") {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    }
    if (list) curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &r.body);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, write_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &r.headers);
    CURLcode rc = curl_easy_perform(c);
    if (rc != CURLE_OK) {
        r.error = curl_easy_strerror(rc);
        return r;
    }
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
    return r;
}

std::pair<std::string, std::string> enrol(ServerProcess& server, const std::string& site) {
    std::string out;
    if (run({aggregator_exe(), "enrol-code", "--data", server.data_dir(), "--site", site}, &out) != 0) return {};
    auto p = out.find("code: ");
    if (p == std::string::npos) return {};
    std::string code = out.substr(p + 6, 10);
    auto r = https("POST", server.url("/api/v1/enrol"), server.data_dir() + "/tls.crt",
                   {"Content-Type: application/json"}, R"({"code":")" + code + R"(","name":"test kiosk"})");
    if (r.status != 200) return {};
    auto j = nlohmann::json::parse(r.body);
    return {j["device_id"].get<std::string>(), j["token"].get<std::string>()};
}

// [SECTION] Raw TLS

RawTls::RawTls(int port) {
    // Writing to a connection the server cut must fail with an error, not kill the test.
    ::signal(SIGPIPE, SIG_IGN);
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    // A send the server stopped reading fails after 10 s instead of hanging the test.
    timeval send_timeout{10, 0};
    setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &send_timeout, sizeof send_timeout);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) return;
    SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
    ctx_ = ctx;
    SSL* ssl = SSL_new(ctx);
    SSL_set_fd(ssl, fd_);
    SSL_set_tlsext_host_name(ssl, "localhost");
    if (SSL_connect(ssl) != 1) {
        SSL_free(ssl);
        return;
    }
    ssl_ = ssl;
}

RawTls::~RawTls() {
    if (ssl_) SSL_free(static_cast<SSL*>(ssl_));
    if (ctx_) SSL_CTX_free(static_cast<SSL_CTX*>(ctx_));
    if (fd_ >= 0) close(fd_);
}

bool RawTls::send(const std::string& bytes) {
    if (!ssl_) return false;
    std::size_t off = 0;
    while (off < bytes.size()) {
        int n = SSL_write(static_cast<SSL*>(ssl_), bytes.data() + off, static_cast<int>(bytes.size() - off));
        if (n <= 0) return false;
        off += static_cast<std::size_t>(n);
    }
    return true;
}

std::string RawTls::read_all(int timeout_ms) {
    std::string out;
    if (!ssl_) return out;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    SSL* ssl = static_cast<SSL*>(ssl_);
    while (std::chrono::steady_clock::now() < deadline) {
        if (SSL_pending(ssl) == 0) {
            pollfd p{fd_, POLLIN, 0};
            if (poll(&p, 1, 50) <= 0) continue;
        }
        char buf[8192];
        int n = SSL_read(ssl, buf, sizeof buf);
        if (n <= 0) break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
}

bool RawTls::closed_by_peer(int timeout_ms) {
    if (!ssl_) return true;
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    SSL* ssl = static_cast<SSL*>(ssl_);
    while (std::chrono::steady_clock::now() < deadline) {
        pollfd p{fd_, POLLIN, 0};
        if (SSL_pending(ssl) == 0 && poll(&p, 1, 50) <= 0) continue;
        char buf[4096];
        int n = SSL_read(ssl, buf, sizeof buf);
        if (n <= 0) return true;
    }
    return false;
}

int status_of(const std::string& raw) {
    if (raw.rfind("HTTP/1.", 0) != 0 || raw.size() < 12) return 0;
    return std::atoi(raw.c_str() + 9);
}

std::string gzip(const std::string& data) {
    z_stream z{};
    deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
    std::string out;
    out.resize(deflateBound(&z, data.size()) + 64);
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    deflate(&z, Z_FINISH);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

}  // namespace lp::test
