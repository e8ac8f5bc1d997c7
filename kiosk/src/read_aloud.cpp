#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include <array>
#include <csignal>
#include <cstdio>
#include <lp/kiosk/read_aloud.hpp>
#include <memory>
#include <sstream>
#include <vector>

extern char** environ;

namespace lp::kiosk {

std::set<std::string> parse_espeak_voices(std::string_view listing) {
    // " 5  ar              --/M      Arabic             sem/ar" under a header "Pty Language Age/Gender ...".
    std::set<std::string> out;
    std::istringstream in{std::string(listing)};
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string priority, language;
        if (!(words >> priority >> language) || priority == "Pty") continue;
        if (priority.find_first_not_of("0123456789") != std::string::npos) continue;
        out.insert(language);
    }
    return out;
}

std::set<std::string> installed_voices(const std::string& command) {
    // The command comes from kiosk.conf (staff/installers only); quoted for the shell all the same.
    std::string quoted = "'";
    for (char c : command) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    quoted += "' --voices 2>/dev/null";
    std::unique_ptr<FILE, int (*)(FILE*)> p(popen(quoted.c_str(), "r"), pclose);
    if (!p) return {};
    std::string listing;
    std::array<char, 512> buf{};
    while (std::fgets(buf.data(), static_cast<int>(buf.size()), p.get())) listing += buf.data();
    return parse_espeak_voices(listing);
}

std::optional<std::string> voice_for(std::string_view language, const std::set<std::string>& voices) {
    std::string code(language == "prs" ? "fa" : language);
    if (voices.count(code)) return code;
    // "en" is spoken by "en-gb" (and such) when there is no plain "en".
    for (const auto& v : voices)
        if (v.rfind(code + "-", 0) == 0) return v;
    return std::nullopt;
}

ReadAloud::ReadAloud(std::string command) : command_(std::move(command)), worker_([this] { run(); }) {}

ReadAloud::~ReadAloud() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        quit_ = true;
        next_.reset();
        if (child_ > 0) kill(child_, SIGTERM);
    }
    cv_.notify_all();
    worker_.join();
}

void ReadAloud::speak(const std::string& text, const std::string& voice) {
    {
        std::lock_guard<std::mutex> lock(mu_);
        next_ = text;
        next_voice_ = voice;
        if (child_ > 0) kill(child_, SIGTERM);
    }
    cv_.notify_all();
}

void ReadAloud::stop() {
    std::lock_guard<std::mutex> lock(mu_);
    next_.reset();
    if (child_ > 0) kill(child_, SIGTERM);
}

int ReadAloud::spoken() const {
    std::lock_guard<std::mutex> lock(mu_);
    return spoken_;
}

void ReadAloud::run() {
    for (;;) {
        std::string text;
        pid_t pid = -1;
        {
            std::unique_lock<std::mutex> lock(mu_);
            cv_.wait(lock, [this] { return quit_ || next_.has_value(); });
            if (quit_) return;
            text = std::move(*next_);
            next_.reset();
            // Spawn under the lock so stop()/speak() always see the child they must end.
            std::vector<std::string> args = {command_, text};
            if (!next_voice_.empty()) args = {command_, "-v", next_voice_, text};
            std::vector<char*> argv;
            for (auto& a : args) argv.push_back(a.data());
            argv.push_back(nullptr);
            posix_spawn_file_actions_t fa;
            posix_spawn_file_actions_init(&fa);
            posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
            posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
            if (posix_spawnp(&pid, command_.c_str(), &fa, nullptr, argv.data(), environ) != 0) pid = -1;
            posix_spawn_file_actions_destroy(&fa);
            child_ = pid;
            if (pid > 0) ++spoken_;
        }
        if (pid > 0) {
            int status = 0;
            waitpid(pid, &status, 0);
            std::lock_guard<std::mutex> lock(mu_);
            child_ = -1;
        }
    }
}

}  // namespace lp::kiosk
