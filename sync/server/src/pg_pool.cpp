#include <lp/aggregator/pg_pool.hpp>

#include <pqxx/pqxx>

namespace lp::aggregator {

Error pg_error(const std::exception& e, const std::string& what) {
    std::string msg = e.what();
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e); sql && sql->sqlstate() == "53100")
        return Error{Errc::disk_full, what + ": " + msg};
    return Error{Errc::io_error, what + ": " + msg};
}

PgPool::PgPool(std::string url, int size, std::function<void(pqxx::connection&)> on_connect)
    : url_(std::move(url)), size_(size < 1 ? 1 : size), on_connect_(std::move(on_connect)) {}

PgPool::~PgPool() = default;

PgPool::Lease::Lease(PgPool& pool, std::unique_ptr<pqxx::connection> c) : pool_(&pool), conn_(std::move(c)) {}
PgPool::Lease::Lease(Lease&& o) noexcept : pool_(o.pool_), conn_(std::move(o.conn_)), broken_(o.broken_) {}
PgPool::Lease::~Lease() { pool_->give_back(std::move(conn_), broken_); }

PgPool::Lease PgPool::acquire() {
    std::unique_lock<std::mutex> lock(m_);
    cv_.wait(lock, [&] { return !idle_.empty() || open_ < size_; });
    if (!idle_.empty()) {
        auto c = std::move(idle_.back());
        idle_.pop_back();
        return Lease(*this, std::move(c));
    }
    ++open_;
    lock.unlock();
    try {
        auto c = std::make_unique<pqxx::connection>(url_);
        if (on_connect_) on_connect_(*c);
        return Lease(*this, std::move(c));
    } catch (...) {
        lock.lock();
        --open_;
        cv_.notify_one();
        throw;
    }
}

void PgPool::give_back(std::unique_ptr<pqxx::connection> c, bool broken) {
    std::lock_guard<std::mutex> lock(m_);
    if (!c) return;
    if (broken || !c->is_open()) {
        --open_;
        c.reset();
    } else {
        idle_.push_back(std::move(c));
    }
    cv_.notify_one();
}

bool PgPool::is_server_going_away(const pqxx::sql_error& e) {
    const std::string& s = e.sqlstate();
    return s.rfind("57P", 0) == 0 || s.rfind("08", 0) == 0;
}

}  // namespace lp::aggregator
