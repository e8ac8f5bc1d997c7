#include <lp/shared/sqlite.hpp>

#include <sqlite3.h>

namespace lp::db {
namespace {

[[noreturn]] void throw_error(sqlite3* db, int rc, const std::string& context) {
    std::string msg = context + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    throw Error(rc, msg);
}

void check(sqlite3* db, int rc, const char* context) {
    if (rc != SQLITE_OK) throw_error(db, rc, context);
}

}  // namespace

bool Error::disk_full() const noexcept { return (code_ & 0xff) == SQLITE_FULL; }
bool Error::busy() const noexcept { return (code_ & 0xff) == SQLITE_BUSY || (code_ & 0xff) == SQLITE_LOCKED; }

void Statement::finalize(sqlite3_stmt* s) noexcept { sqlite3_finalize(s); }

int Statement::index_of(const char* name) const {
    int i = sqlite3_bind_parameter_index(stmt_.get(), name);
    if (i == 0) throw Error(SQLITE_RANGE, std::string("no SQL parameter named ") + name);
    return i;
}

Statement& Statement::bind(int index, std::int64_t v) {
    check(db_, sqlite3_bind_int64(stmt_.get(), index, v), "bind");
    return *this;
}
Statement& Statement::bind(int index, double v) {
    check(db_, sqlite3_bind_double(stmt_.get(), index, v), "bind");
    return *this;
}
Statement& Statement::bind(int index, std::string_view v) {
    check(db_, sqlite3_bind_text64(stmt_.get(), index, v.data(), v.size(), SQLITE_TRANSIENT, SQLITE_UTF8), "bind");
    return *this;
}
Statement& Statement::bind(int index, const Blob& v) {
    // A zero-length blob must still be a blob, not NULL.
    static const std::uint8_t empty = 0;
    const void* p = v.empty() ? static_cast<const void*>(&empty) : static_cast<const void*>(v.data());
    check(db_, sqlite3_bind_blob64(stmt_.get(), index, p, v.size(), SQLITE_TRANSIENT), "bind");
    return *this;
}
Statement& Statement::bind_null(int index) {
    check(db_, sqlite3_bind_null(stmt_.get(), index), "bind");
    return *this;
}

bool Statement::step() {
    int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3_reset(stmt_.get());
    throw_error(db_, rc, "step");
}

void Statement::run() {
    while (step()) {
    }
    reset();
}

void Statement::reset() {
    sqlite3_reset(stmt_.get());
    sqlite3_clear_bindings(stmt_.get());
}

std::int64_t Statement::column_int64(int i) const { return sqlite3_column_int64(stmt_.get(), i); }
double Statement::column_double(int i) const { return sqlite3_column_double(stmt_.get(), i); }
std::string Statement::column_text(int i) const {
    auto* p = sqlite3_column_text(stmt_.get(), i);
    int n = sqlite3_column_bytes(stmt_.get(), i);
    return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string();
}
Blob Statement::column_blob(int i) const {
    auto* p = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_.get(), i));
    int n = sqlite3_column_bytes(stmt_.get(), i);
    return p ? Blob(p, p + n) : Blob();
}
bool Statement::column_is_null(int i) const { return sqlite3_column_type(stmt_.get(), i) == SQLITE_NULL; }
int Statement::column_count() const { return sqlite3_column_count(stmt_.get()); }

void Database::close(sqlite3* db) noexcept { sqlite3_close_v2(db); }

Database::Database(const std::string& path, OpenOptions options) : path_(path), db_(nullptr, &close) {
    int flags = options.read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
    if (options.create && !options.read_only) flags |= SQLITE_OPEN_CREATE;
    flags |= SQLITE_OPEN_NOMUTEX;
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    db_.reset(raw);
    if (rc != SQLITE_OK) throw_error(raw, rc, "open " + path);
    sqlite3_extended_result_codes(raw, 1);
    sqlite3_busy_timeout(raw, options.busy_timeout_ms);
    exec("PRAGMA foreign_keys=ON");
    if (!options.read_only && options.wal && path != ":memory:") exec("PRAGMA journal_mode=WAL");
    exec(options.synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL");
}

void Database::exec(const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_.get(), sql.c_str(), nullptr, nullptr, &err);
    if (rc != SQLITE_OK) {
        std::string msg = err ? err : sqlite3_errstr(rc);
        sqlite3_free(err);
        throw Error(sqlite3_extended_errcode(db_.get()), "exec: " + msg);
    }
}

Statement Database::prepare(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_.get(), sql.c_str(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                                &stmt, nullptr);
    if (rc != SQLITE_OK) throw_error(db_.get(), rc, "prepare");
    return Statement(db_.get(), stmt);
}

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_.get()); }
int Database::changes() const { return sqlite3_changes(db_.get()); }

int Database::user_version() { return static_cast<int>(scalar_int("PRAGMA user_version")); }
void Database::set_user_version(int v) { exec("PRAGMA user_version=" + std::to_string(v)); }

std::string Database::integrity_check() {
    auto st = prepare("PRAGMA integrity_check");
    return st.step() ? st.column_text(0) : std::string("no result");
}

std::int64_t Database::scalar_int(const std::string& sql) {
    auto st = prepare(sql);
    return st.step() ? st.column_int64(0) : 0;
}

Transaction::Transaction(Database& db, Mode mode) : db_(db) {
    db_.exec(mode == Mode::immediate ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::~Transaction() {
    if (done_) return;
    try {
        db_.exec("ROLLBACK");
    } catch (...) {
        // Never throw from a destructor; SQLite may already have rolled back (e.g. SQLITE_FULL).
    }
}

void Transaction::commit() {
    db_.exec("COMMIT");
    done_ = true;
}

void migrate(Database& db, const std::vector<std::string>& migrations) {
    int v = db.user_version();
    for (int i = v; i < static_cast<int>(migrations.size()); ++i) {
        Transaction tx(db);
        db.exec(migrations[static_cast<std::size_t>(i)]);
        db.set_user_version(i + 1);
        tx.commit();
    }
}

}  // namespace lp::db
