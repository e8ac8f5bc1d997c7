#pragma once
// Reads text aloud with espeak-ng (offline) on a worker thread, so the UI never waits.
// A new request stops the one still speaking.
#include <sys/types.h>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace lp::kiosk {

class ReadAloud {
public:
    /// command: the program to run with the text as its last argument ("espeak-ng").
    explicit ReadAloud(std::string command);
    ~ReadAloud();
    ReadAloud(const ReadAloud&) = delete;
    ReadAloud& operator=(const ReadAloud&) = delete;

    /// Queues text to speak (replacing anything queued or speaking). Returns at once.
    /// `voice` ("pl") is passed as "-v VOICE" before the text when not empty.
    void speak(const std::string& text, const std::string& voice = "");
    /// Stops speaking now.
    void stop();
    /// How many texts were handed to the program (for tests).
    int spoken() const;

private:
    void run();
    std::string command_;
    mutable std::mutex mu_;
    std::condition_variable cv_;
    std::optional<std::string> next_;
    std::string next_voice_;
    pid_t child_ = -1;
    bool quit_ = false;
    int spoken_ = 0;
    std::thread worker_;
};

}  // namespace lp::kiosk
