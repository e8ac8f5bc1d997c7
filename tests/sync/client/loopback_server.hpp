#pragma once
// A plain-HTTP server on a free loopback port, run on its own thread for the length of a test.
#include <httplib.h>

#include <chrono>
#include <string>
#include <thread>

namespace lp::test {

/// Register routes on `http`, then start(); the destructor stops the server and joins its thread.
/// Declare it as the last member of a class whose handlers use the other members, so it stops first.
class LoopbackServer {
public:
    httplib::Server http;

    LoopbackServer() = default;
    LoopbackServer(const LoopbackServer&) = delete;
    LoopbackServer& operator=(const LoopbackServer&) = delete;
    ~LoopbackServer() {
        http.stop();
        if (thread_.joinable()) thread_.join();
    }
    void start() {
        port_ = http.bind_to_any_port("127.0.0.1");
        thread_ = std::thread([this] { http.listen_after_bind(); });
        while (!http.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

private:
    int port_ = 0;
    std::thread thread_;
};

}  // namespace lp::test
