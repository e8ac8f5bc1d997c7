#pragma once
// Small RAII layer over SQLite: one owner per handle, bound parameters only,
// transactions that roll back unless committed, migrations keyed on user_version.
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace lp::db {

/// Thrown inside a module on SQLite failures; carries SQLite's result code.
class Error : public std::runtime_error {
public:
    Error(int code, const std::string& what) : std::runtime_error(what), code_(code) {}
    int code() const noexcept { return code_; }
    /// True when the disk (or quota) is full.
    bool disk_full() const noexcept;
    /// True when another connection holds the lock past the busy timeout.
    bool busy() const noexcept;

private:
    int code_;
};

using Blob = std::vector<std::uint8_t>;

class Statement {
public:
    Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt, &finalize) {}

    /// Bind by 1-based index or by name (":name"). Throws db::Error on a bad name.
    Statement& bind(int index, std::int64_t v);
    Statement& bind(int index, int v) { return bind(index, static_cast<std::int64_t>(v)); }
    Statement& bind(int index, double v);
    Statement& bind(int index, std::string_view v);
    Statement& bind(int index, const char* v) { return bind(index, std::string_view(v)); }
    Statement& bind(int index, const std::string& v) { return bind(index, std::string_view(v)); }
    Statement& bind(int index, const Blob& v);
    Statement& bind_null(int index);
    template <class T>
    Statement& bind(const char* name, const T& v) { return bind(index_of(name), v); }
    template <class T>
    Statement& bind(int index, const std::optional<T>& v) { return v ? bind(index, *v) : bind_null(index); }
    Statement& bind_null(const char* name) { return bind_null(index_of(name)); }

    /// Steps once: true when a row is available, false when done. Throws db::Error.
    bool step();
    /// Runs to completion (for statements without rows) and resets.
    void run();
    void reset();

    std::int64_t column_int64(int i) const;
    double column_double(int i) const;
    std::string column_text(int i) const;
    Blob column_blob(int i) const;
    bool column_is_null(int i) const;
    int column_count() const;

private:
    int index_of(const char* name) const;
    static void finalize(sqlite3_stmt* s) noexcept;
    sqlite3* db_;
    std::unique_ptr<sqlite3_stmt, void (*)(sqlite3_stmt*)> stmt_;
};

struct OpenOptions {
    bool read_only = false;
    bool create = true;
    bool wal = true;
    bool synchronous_full = true;  // synchronous=FULL: a commit survives power loss
    int busy_timeout_ms = 5000;
};

class Database {
public:
    /// Opens (and creates) a database file; ":memory:" for tests. Throws db::Error.
    explicit Database(const std::string& path, OpenOptions options = {});

    void exec(const std::string& sql);
    Statement prepare(const std::string& sql);
    std::int64_t last_insert_rowid() const;
    int changes() const;
    int user_version();
    void set_user_version(int v);
    /// Runs PRAGMA integrity_check and returns its first line ("ok" when healthy).
    std::string integrity_check();
    /// Returns a single integer from a query such as "SELECT count(*) FROM t".
    std::int64_t scalar_int(const std::string& sql);
    sqlite3* raw() const noexcept { return db_.get(); }
    const std::string& path() const noexcept { return path_; }

private:
    static void close(sqlite3* db) noexcept;
    std::string path_;
    std::unique_ptr<sqlite3, void (*)(sqlite3*)> db_;
};

class Transaction {
public:
    enum class Mode { deferred, immediate };
    explicit Transaction(Database& db, Mode mode = Mode::immediate);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& db_;
    bool done_ = false;
};

/// Applies migrations[user_version..] in one transaction each and bumps user_version.
/// Throws db::Error when a step fails (the database stays at the last good version).
void migrate(Database& db, const std::vector<std::string>& migrations);

}  // namespace lp::db
