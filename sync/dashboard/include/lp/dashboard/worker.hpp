#pragma once
// The one way the dashboard's background threads (indexer, nightly relink, alerts) are stopped.
#include <condition_variable>
#include <mutex>
#include <thread>

namespace lp::dashboard {

/// Sets stop under m, wakes the thread waiting on cv, and waits for it to end.
inline void stop_worker(std::mutex& m, std::condition_variable& cv, bool& stop, std::thread& thread) {
    {
        std::lock_guard<std::mutex> lock(m);
        stop = true;
    }
    cv.notify_all();
    thread.join();
}

}  // namespace lp::dashboard
