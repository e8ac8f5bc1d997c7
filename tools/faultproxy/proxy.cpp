#include "proxy.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <lp/shared/files.hpp>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "record_tracker.hpp"

namespace lp::faultproxy {

volatile std::sig_atomic_t faults_enabled = 1;

namespace {

// One owner per socket.
class Fd {
public:
    explicit Fd(int fd = -1) noexcept : fd_(fd) {}
    ~Fd() { reset(); }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const noexcept { return fd_; }
    explicit operator bool() const noexcept { return fd_ >= 0; }
    void reset() noexcept {
        if (fd_ >= 0) ::close(fd_);
        fd_ = -1;
    }
    /// Closes with SO_LINGER 0, so the peer gets a TCP RST instead of a FIN.
    void reset_hard() noexcept {
        if (fd_ < 0) return;
        linger lg{1, 0};
        ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        reset();
    }

private:
    int fd_;
};

std::mutex stats_mu;

sockaddr_in loopback_address(const std::string& host, int port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    const std::string h = host == "localhost" ? "127.0.0.1" : host;
    if (::inet_pton(AF_INET, h.c_str(), &a.sin_addr) != 1 || (ntohl(a.sin_addr.s_addr) >> 24) != 127)
        throw std::runtime_error("only loopback (127.0.0.0/8) addresses are allowed: " + host);
    return a;
}

void set_send_timeout(int fd, int seconds) {
    timeval tv{seconds, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

bool write_all(int fd, const std::uint8_t* p, std::size_t n, int throttle_bps) {
    // A trickle: small pieces with sleeps in between, like a bad mobile link.
    const std::size_t piece = throttle_bps > 0 ? 256 : n;
    while (n > 0) {
        const std::size_t want = std::min(piece, n);
        const ssize_t w = ::send(fd, p, want, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        p += w;
        n -= static_cast<std::size_t>(w);
        if (throttle_bps > 0)
            std::this_thread::sleep_for(std::chrono::microseconds(static_cast<long>(w) * 1000000L / throttle_bps));
    }
    return true;
}

bool wait_readable(int fd, int ms) {
    pollfd p{fd, POLLIN, 0};
    return ::poll(&p, 1, ms) > 0;
}

}  // namespace

std::string Stats::to_json() const {
    std::string s = "{";
    for (int i = 0; i < fault_count; ++i)
        s += "\"" + std::string(to_string(static_cast<Fault>(i))) +
             "\":" + std::to_string(faults[static_cast<std::size_t>(i)].load()) + ",";
    s += "\"connections\":" + std::to_string(connections.load()) + ",\"requests\":" + std::to_string(requests.load()) +
         ",\"upstream_down\":" + std::to_string(upstream_down.load()) +
         ",\"refused\":" + std::to_string(refused.load()) + "}";
    return s;
}

Proxy::Proxy(ProxyConfig config, FaultPlan& plan, ssl_ctx_st* status_tls)
    : config_(std::move(config)), plan_(plan), status_tls_(status_tls) {
    (void)loopback_address(config_.upstream_host, config_.upstream_port);
    sockaddr_in a = loopback_address(config_.listen_host, config_.listen_port);
    listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (listen_fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    int one = 1;
    ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(listen_fd_, 128) != 0) {
        const std::string why = std::strerror(errno);
        ::close(listen_fd_);
        throw std::runtime_error("cannot listen on " + config_.listen_host + ":" + std::to_string(config_.listen_port) +
                                 ": " + why);
    }
    socklen_t len = sizeof a;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
}

Proxy::~Proxy() {
    if (listen_fd_ >= 0) ::close(listen_fd_);
}

void Proxy::run() {
    while (true) {
        const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED) continue;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));  // EMFILE and friends: back off
            continue;
        }
        if (active_.load() >= config_.max_connections) {
            ++stats_.refused;
            ::close(fd);
            continue;
        }
        ++active_;
        std::thread([this, fd] {
            serve(fd);
            --active_;
            write_stats();
        }).detach();
    }
}

void Proxy::write_stats() {
    if (config_.stats_file.empty()) return;
    std::lock_guard<std::mutex> lock(stats_mu);
    (void)write_file_atomic(config_.stats_file, stats_.to_json() + "\n");
}

void Proxy::serve(int client_fd) {
    Fd client(client_fd);
    ++stats_.connections;
    set_send_timeout(client.get(), 10);
    auto count = [this](Fault f) { ++stats_.faults[static_cast<std::size_t>(f)]; };

    if (faults_enabled && status_tls_ != nullptr) {
        const Fault f = plan_.roll_connection();
        if (f != Fault::none) {
            count(f);
            answer_with_status(client.get(), status_tls_,
                               f == Fault::status_500   ? 500
                               : f == Fault::status_503 ? 503
                                                        : 429);
            return;
        }
    }

    Fd server(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
    const sockaddr_in up = loopback_address(config_.upstream_host, config_.upstream_port);
    if (!server || ::connect(server.get(), reinterpret_cast<const sockaddr*>(&up), sizeof up) != 0) {
        ++stats_.upstream_down;  // the server is down: the client sees the connection close
        return;
    }
    set_send_timeout(server.get(), 10);

    enum class Phase { idle, requesting, responding };
    Phase phase = Phase::idle;
    RecordTracker client_records;
    int throttle = 0;
    bool swallowing = false;
    bool swallowed_any = false;
    std::uint8_t buf[16384];

    while (true) {
        pollfd fds[2] = {{client.get(), POLLIN, 0}, {server.get(), POLLIN, 0}};
        const int timeout = swallowing && swallowed_any ? config_.quiet_ms : config_.idle_timeout_s * 1000;
        const int rc = ::poll(fds, 2, timeout);
        if (rc < 0) {
            if (errno == EINTR) continue;
            return;
        }
        if (rc == 0) return;  // idle, or the swallowed answer is complete: close both sides

        if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            const ssize_t n = ::recv(client.get(), buf, throttle > 0 ? 512 : sizeof buf, 0);
            if (n <= 0) return;
            const auto len = static_cast<std::size_t>(n);
            std::size_t forward = len;
            Fault fault = Fault::none;
            for (const RecordStart& rec : client_records.feed(buf, len)) {
                if (rec.type != 23 || rec.length < static_cast<std::size_t>(config_.request_threshold) ||
                    phase == Phase::requesting)
                    continue;
                phase = Phase::requesting;
                ++stats_.requests;
                fault = faults_enabled ? plan_.roll_request() : Fault::none;
                if (fault == Fault::drop_request) forward = std::min(len, rec.offset + 5 + rec.length / 2);
                break;
            }
            if (fault != Fault::none) count(fault);
            if (fault == Fault::stall) {
                // Nothing moves; the client's low-speed limit or the server's read timeout fires.
                for (int waited = 0; waited < config_.stall_ms; waited += 50)
                    std::this_thread::sleep_for(std::chrono::milliseconds(50));
                return;
            }
            if (fault == Fault::throttle) throttle = config_.throttle_bytes_per_s;
            if (fault == Fault::drop_response) swallowing = true;
            if (!write_all(server.get(), buf, forward, throttle)) return;
            if (fault == Fault::drop_request) return;
            if (fault == Fault::reset) {
                // The request reached the server; reset the client just as the answer starts.
                (void)wait_readable(server.get(), 2000);
                client.reset_hard();
                return;
            }
        }
        if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
            const ssize_t n = ::recv(server.get(), buf, throttle > 0 ? 512 : sizeof buf, 0);
            if (n <= 0) return;
            if (phase == Phase::requesting) phase = Phase::responding;
            if (swallowing && phase == Phase::responding) {
                swallowed_any = true;  // the server committed and answered; the client never hears
                continue;
            }
            if (!write_all(client.get(), buf, static_cast<std::size_t>(n), throttle)) return;
        }
    }
}

}  // namespace lp::faultproxy
