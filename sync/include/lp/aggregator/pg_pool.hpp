#pragma once
// A small pool of PostgreSQL connections shared by the aggregator's and the dashboard's stores.
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>  // pqxx::connection is a typedef in libpqxx 6, so it cannot be forward-declared
#include <string>
#include <vector>

namespace lp::aggregator {

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

}  // namespace lp::aggregator
