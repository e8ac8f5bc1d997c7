#pragma once
// Texts per second for a bench: work runs over every text, again and again, for `seconds`.
#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace lp::themes {

inline double texts_per_second(const std::vector<std::string>& texts, double seconds,
                               const std::function<void(const std::string&)>& work) {
    std::size_t done = 0;
    const auto start = std::chrono::steady_clock::now();
    double elapsed = 0;
    while (elapsed < seconds) {
        for (const auto& t : texts) work(t);
        done += texts.size();
        elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    return static_cast<double>(done) / elapsed;
}

}  // namespace lp::themes
