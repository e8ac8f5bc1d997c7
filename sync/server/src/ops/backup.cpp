#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <lp/aggregator/ops/backup.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/time.hpp>
#include <memory>
#include <thread>

namespace lp::aggregator::ops {
namespace {

struct CloseDb {
    void operator()(sqlite3* d) const noexcept { sqlite3_close_v2(d); }
};
using DbPtr = std::unique_ptr<sqlite3, CloseDb>;

struct Fd {
    int fd = -1;
    explicit Fd(int f) : fd(f) {}
    ~Fd() {
        if (fd >= 0) ::close(fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
};

Result<DbPtr> open_db(const std::string& path, int flags) {
    sqlite3* raw = nullptr;
    int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    DbPtr d(raw);
    if (rc != SQLITE_OK) return Error{Errc::io_error, path + ": " + (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc))};
    sqlite3_busy_timeout(raw, 10000);
    sqlite3_extended_result_codes(raw, 1);
    return d;
}

Result<std::string> query_text(sqlite3* d, const std::string& sql) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(d, sql.c_str(), -1, &raw, nullptr) != SQLITE_OK)
        return Error{Errc::io_error, sqlite3_errmsg(d)};
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> st(raw, sqlite3_finalize);
    int rc = sqlite3_step(raw);
    if (rc == SQLITE_ROW) {
        const auto* t = sqlite3_column_text(raw, 0);
        return std::string(t ? reinterpret_cast<const char*>(t) : "");
    }
    if (rc == SQLITE_DONE) return std::string();
    return Error{Errc::io_error, sqlite3_errmsg(d)};
}

Status exec(sqlite3* d, const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(d, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string m = err ? err : "sqlite error";
        sqlite3_free(err);
        return Status::fail(Errc::io_error, m);
    }
    return ok_status();
}

// Integrity and shape of a copy: "ok", and the aggregator's tables are there.
Result<BackupReport> check_copy(sqlite3* d, const std::string& name) {
    auto integrity = query_text(d, "PRAGMA integrity_check");
    if (!integrity) return Error{Errc::invalid_input, name + ": " + integrity.error().message};
    if (*integrity != "ok") return Error{Errc::invalid_input, name + " failed its integrity check: " + *integrity};
    auto tables = query_text(d,
                             "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN "
                             "('devices', 'responses')");
    if (!tables || *tables != "2") return Error{Errc::invalid_input, name + " is not an aggregator database"};
    BackupReport r;
    r.devices = std::stoll(query_text(d, "SELECT count(*) FROM devices").value());
    r.responses = std::stoll(query_text(d, "SELECT count(*) FROM responses").value());
    r.pages = std::stoll(query_text(d, "PRAGMA page_count").value());
    // What it holds, so a backup can be checked against the retention policy (docs/privacy.md).
    r.comments = std::stoll(query_text(d, "SELECT count(*) FROM comments").value());
    r.oldest_hour = query_text(d, "SELECT coalesce(min(created_hour), '') FROM responses").value();
    r.newest_hour = query_text(d, "SELECT coalesce(max(created_hour), '') FROM responses").value();
    auto dash = query_text(d, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'dash_safeguarding'");
    if (dash && *dash == "1") r.safeguarding_items = std::stoll(query_text(d, "SELECT count(*) FROM dash_safeguarding").value());
    return r;
}

Status fsync_path(const std::string& path, int flags = O_RDONLY) {
    Fd f(::open(path.c_str(), flags | O_CLOEXEC));
    if (f.fd < 0 || ::fsync(f.fd) != 0) return Status::fail(Errc::io_error, "cannot sync " + path);
    return ok_status();
}

std::string parent_dir(const std::string& path) {
    auto slash = path.rfind('/');
    return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

// PID holding a POSIX lock that conflicts with a write lock on [start, start+len) of path.
int lock_holder(const std::string& path, off_t start, off_t len) {
    Fd f(::open(path.c_str(), O_RDWR | O_CLOEXEC));
    if (f.fd < 0) return 0;
    struct flock l {};
    l.l_type = F_WRLCK;
    l.l_whence = SEEK_SET;
    l.l_start = start;
    l.l_len = len;
    if (::fcntl(f.fd, F_GETLK, &l) != 0) return 0;
    return l.l_type == F_UNLCK ? 0 : static_cast<int>(l.l_pid);
}

void remove_quietly(const std::string& path) { ::unlink(path.c_str()); }

}  // namespace

Result<BackupReport> backup_sqlite(const std::string& db_path, const std::string& file) {
    if (!file_exists(db_path)) return Error{Errc::not_found, "no database at " + db_path};
    const std::string tmp = file + ".tmp-" + std::to_string(::getpid());
    remove_quietly(tmp);
    BackupReport report;
    {
        auto src = open_db(db_path, SQLITE_OPEN_READWRITE);
        if (!src) return src.error();
        auto dst = open_db(tmp, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
        if (!dst) return dst.error();
        ::chmod(tmp.c_str(), 0600);  // it holds every response: not readable by others
        sqlite3_backup* b = sqlite3_backup_init(dst->get(), "main", src->get(), "main");
        if (!b) return Error{Errc::io_error, std::string("backup could not start: ") + sqlite3_errmsg(dst->get())};
        // One step copies every page inside one read transaction: a consistent snapshot that
        // never blocks the server's writers (WAL). Busy only while a checkpoint restarts the log.
        int rc = SQLITE_OK;
        for (int attempt = 0; attempt < 100; ++attempt) {
            rc = sqlite3_backup_step(b, -1);
            if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) break;
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
        }
        sqlite3_backup_finish(b);
        if (rc != SQLITE_DONE) {
            remove_quietly(tmp);
            return Error{rc == SQLITE_FULL ? Errc::disk_full : Errc::io_error,
                         std::string("backup failed: ") + sqlite3_errstr(rc)};
        }
        // A single self-contained file: no -wal needed beside it.
        if (auto s = exec(dst->get(), "PRAGMA journal_mode=DELETE"); !s) return s.error();
        auto checked = check_copy(dst->get(), "the backup");
        if (!checked) {
            remove_quietly(tmp);
            return checked.error();
        }
        report = *checked;
    }
    if (auto s = fsync_path(tmp); !s) return s.error();
    if (std::rename(tmp.c_str(), file.c_str()) != 0) {
        remove_quietly(tmp);
        return Error{Errc::io_error, "cannot write " + file + ": " + std::strerror(errno)};
    }
    (void)fsync_path(parent_dir(file), O_RDONLY | O_DIRECTORY);
    return report;
}

int database_holder(const std::string& db_path) {
    // WAL mode: every open connection keeps a read lock on the -shm "DMS" byte (offset 128,
    // SQLite's os_unix.c); rollback mode: locks on the lock bytes at 1 GiB of the main file.
    if (int pid = lock_holder(db_path + "-shm", 128, 1)) return pid;
    return lock_holder(db_path, 0x40000000, 512);
}

Result<RestoreReport> restore_sqlite(const std::string& db_path, const std::string& file, std::int64_t now) {
    if (!file_exists(file)) return Error{Errc::not_found, "no backup file at " + file};
    if (int pid = database_holder(db_path))
        return Error{Errc::conflict, db_path + " is open in process " + std::to_string(pid) +
                                         " (a running server?); stop it before restoring"};
    const std::string incoming = db_path + ".restoring";
    remove_quietly(incoming);
    auto bytes = read_file(file);
    if (!bytes) return bytes.error();
    if (auto s = write_file_atomic(incoming, *bytes, 0600); !s) return s.error();
    RestoreReport report;
    {
        auto d = open_db(incoming, SQLITE_OPEN_READWRITE);
        if (!d) {
            remove_quietly(incoming);
            return Error{Errc::invalid_input, file + " is not a SQLite database"};
        }
        auto checked = check_copy(d->get(), file);
        if (!checked) {
            d.value().reset();
            remove_quietly(incoming);
            return checked.error();
        }
        report.counts = *checked;
        if (auto s = exec(d->get(), "PRAGMA journal_mode=WAL"); !s) return s.error();
    }
    if (int pid = database_holder(db_path)) {
        remove_quietly(incoming);
        return Error{Errc::conflict,
                     db_path + " was opened by process " + std::to_string(pid) + " meanwhile; nothing changed"};
    }
    if (file_exists(db_path)) {
        std::string stamp = iso_utc(now);
        for (char& c : stamp)
            if (c == ':') c = '-';
        report.kept_aside = db_path + ".before-restore-" + stamp;
        for (const char* suffix : {"", "-wal", "-shm"}) {
            const std::string from = db_path + suffix;
            if (file_exists(from) && std::rename(from.c_str(), (report.kept_aside + suffix).c_str()) != 0)
                return Error{Errc::io_error, "cannot move " + from + " aside: " + std::strerror(errno)};
        }
    }
    if (std::rename(incoming.c_str(), db_path.c_str()) != 0)
        return Error{Errc::io_error, "cannot put the restored database in place: " + std::string(std::strerror(errno))};
    (void)fsync_path(parent_dir(db_path), O_RDONLY | O_DIRECTORY);
    return report;
}

}  // namespace lp::aggregator::ops
