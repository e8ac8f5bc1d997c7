#pragma once
// Reads text aloud with espeak-ng (offline) on a worker thread, so the UI never waits.
// A new request stops the one still speaking.
#include <sys/types.h>

#include <condition_variable>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>

namespace lp::kiosk {

/// The languages of `espeak-ng --voices` output ("ar", "fa", "pl", "en-gb"...): its second column.
std::set<std::string> parse_espeak_voices(std::string_view listing);
/// The languages the speech program has voices for (runs "COMMAND --voices" once); empty when it
/// does not run, so no language offers read-aloud.
std::set<std::string> installed_voices(const std::string& command);
/// The voice to read a kiosk language with, or nothing when the speech program has none for it
/// (then the kiosk shows no read-aloud button). Dari ("prs") reads with the Persian voice ("fa"):
/// the same letters and words, an Iranian accent.
std::optional<std::string> voice_for(std::string_view language, const std::set<std::string>& voices);

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
