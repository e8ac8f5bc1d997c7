#pragma once
// A small pool of PostgreSQL connections shared by the aggregator's and the dashboard's stores.
#include <chrono>
#include <condition_variable>
#include <exception>
#include <functional>
#include <lp/shared/result.hpp>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>  // pqxx::connection is a typedef in libpqxx 6, so it cannot be forward-declared
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace lp::aggregator {

/// What a PostgreSQL failure means for a caller: disk_full when the server's disk is full
/// (SQLSTATE 53100), else io_error; the message is "what: " and the server's words.
Error pg_error(const std::exception& e, const std::string& what);

class PgPool {
public:
    /// on_connect runs once on each new connection (e.g. to prepare statements).
    PgPool(std::string url, int size, std::function<void(pqxx::connection&)> on_connect = {});
    ~PgPool();

    /// One connection for one call; returned to the pool unless it broke.
    class Lease {
    public:
        Lease(PgPool& pool, std::unique_ptr<pqxx::connection> c);
        Lease(Lease&& o) noexcept;
        Lease& operator=(Lease&&) = delete;
        Lease(const Lease&) = delete;
        ~Lease();
        pqxx::connection& operator*() { return *conn_; }
        void mark_broken() { broken_ = true; }

    private:
        PgPool* pool_;
        std::unique_ptr<pqxx::connection> conn_;
        bool broken_ = false;
    };

    /// Waits for a free slot; throws pqxx::broken_connection when the server is unreachable.
    Lease acquire();

    /// Runs fn on a pooled connection and returns what it returns. Serialisation failures and
    /// deadlocks (the transaction did nothing) run it again, up to max_conflict_retries; a lost
    /// connection or a server going down or coming up runs it again until reconnect_budget_ms
    /// has passed. Callers' operations are idempotent or report not_found on replay, so running
    /// one again is safe. The last failure, or any other, is thrown.
    template <class F>
    auto with_retries(F&& fn, int reconnect_budget_ms, int max_conflict_retries = 20)
        -> decltype(fn(std::declval<pqxx::connection&>()));

    /// 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now and class 08: the
    /// server is going down or coming up, so the connection is done.
    static bool is_server_going_away(const pqxx::sql_error& e);

private:
    void give_back(std::unique_ptr<pqxx::connection> c, bool broken);

    std::string url_;
    int size_;
    std::function<void(pqxx::connection&)> on_connect_;
    std::mutex m_;
    std::condition_variable cv_;
    std::vector<std::unique_ptr<pqxx::connection>> idle_;
    int open_ = 0;
};

template <class F>
auto PgPool::with_retries(F&& fn, int reconnect_budget_ms, int max_conflict_retries)
    -> decltype(fn(std::declval<pqxx::connection&>())) {
    using Clock = std::chrono::steady_clock;
    const auto give_up = Clock::now() + std::chrono::milliseconds(reconnect_budget_ms);
    thread_local std::minstd_rand jitter(std::random_device{}());
    int conflicts = 0;
    while (true) {
        try {
            auto lease = acquire();
            try {
                return fn(*lease);
            } catch (const pqxx::broken_connection&) {
                lease.mark_broken();
                throw;
            } catch (const pqxx::in_doubt_error&) {
                lease.mark_broken();
                throw;
            } catch (const pqxx::sql_error& e) {
                if (!is_server_going_away(e)) throw;
                lease.mark_broken();
                throw pqxx::broken_connection(e.what());
            }
        } catch (const pqxx::transaction_rollback&) {
            if (++conflicts > max_conflict_retries) throw;
            std::this_thread::sleep_for(std::chrono::milliseconds(1 + jitter() % (5 * conflicts)));
        } catch (const pqxx::broken_connection&) {
            if (Clock::now() > give_up) throw;
            std::this_thread::sleep_for(std::chrono::milliseconds(100 + jitter() % 100));
        } catch (const pqxx::in_doubt_error&) {
            if (Clock::now() > give_up) throw;
        }
    }
}

}  // namespace lp::aggregator
