// Damaged-outbox recovery: detect, move aside, start over safely, salvage later.
#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <lp/kiosk/outbox.hpp>
#include <lp/kiosk/outbox_recovery.hpp>
#include <lp/shared/crypto.hpp>
#include <lp/shared/sqlite.hpp>
#include <lp/shared/time.hpp>
#include <map>
#include <set>

namespace lp::kiosk {
namespace fs = std::filesystem;
namespace {

bool is_corruption(int code) {
    int primary = code & 0xff;
    return primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB;
}

/// A private directory removed at scope exit (the copy of a damaged file lives here).
class ScratchDir {
public:
    explicit ScratchDir(const std::string& near) {
        std::string base = (fs::temp_directory_path() / "lp-salvage-XXXXXX").string();
        if (mkdtemp(base.data())) path_ = base;
        (void)near;
    }
    ~ScratchDir() {
        std::error_code ec;
        if (!path_.empty()) fs::remove_all(path_, ec);
    }
    ScratchDir(const ScratchDir&) = delete;
    ScratchDir& operator=(const ScratchDir&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
};

/// Reads rows in one direction until the end or the first error; returns false on error.
bool read_direction(db::Database& db, bool ascending, std::map<std::string, OutboxRow>& rows, std::string& problem) {
    try {
        auto st = db.prepare(std::string("SELECT ") + detail::outbox_row_columns + " FROM outbox ORDER BY row_id " +
                             (ascending ? "ASC" : "DESC"));
        while (st.step()) {
            OutboxRow r = detail::read_outbox_row(st);
            rows.emplace(r.id, std::move(r));
        }
        return true;
    } catch (const std::exception& e) {
        if (problem.empty()) problem = e.what();
        return false;
    }
}

/// A cut-short file's header claims more pages than the file has, and SQLite then refuses to
/// open it at all. Make the (private copy's) header tell the truth so the pages left can be read.
void fix_page_count(const std::string& copy) {
    std::fstream f(copy, std::ios::in | std::ios::out | std::ios::binary);
    unsigned char h[32];
    if (!f.read(reinterpret_cast<char*>(h), sizeof h)) return;
    if (std::memcmp(h, "SQLite format 3", 15) != 0) return;
    std::uint32_t page = (static_cast<std::uint32_t>(h[16]) << 8) | h[17];
    if (page == 1) page = 65536;
    if (page < 512) return;
    std::error_code ec;
    auto size = fs::file_size(copy, ec);
    if (ec) return;
    auto pages = static_cast<std::uint32_t>(size / page);
    unsigned char n[4] = {static_cast<unsigned char>(pages >> 24), static_cast<unsigned char>(pages >> 16),
                          static_cast<unsigned char>(pages >> 8), static_cast<unsigned char>(pages)};
    f.seekp(28);
    f.write(reinterpret_cast<const char*>(n), 4);
}

std::string stamp(std::int64_t t) {
    std::string s = iso_utc(t);  // 2026-11-25T14:03:07Z
    s.erase(std::remove(s.begin(), s.end(), ':'), s.end());
    s.erase(std::remove(s.begin(), s.end(), '-'), s.end());
    return s;  // 20261125T140307Z
}

}  // namespace

DamagedScan scan_damaged_outbox(const std::string& file) {
    DamagedScan scan;
    ScratchDir scratch(file);
    if (scratch.path().empty()) {
        scan.problem = "could not make a scratch directory";
        return scan;
    }
    std::string copy = scratch.path() + "/old.db";
    std::error_code ec;
    fs::copy_file(file, copy, ec);
    if (ec) {
        scan.problem = "could not read " + file + ": " + ec.message();
        return scan;
    }
    if (fs::exists(file + "-wal")) fs::copy_file(file + "-wal", copy + "-wal", ec);
    fix_page_count(copy);

    std::map<std::string, OutboxRow> rows;
    try {
        db::OpenOptions o;
        o.create = false;
        o.wal = false;  // keep whatever mode the file says; never rewrite it
        db::Database db(copy, o);
        // A cut-short file claims more pages than it has; SQLite refuses it unless told to read
        // the schema as it is (safe here: this is a private copy).
        db.exec("PRAGMA writable_schema = ON");
        bool forward = read_direction(db, true, rows, scan.problem);
        bool backward = forward || read_direction(db, false, rows, scan.problem);
        scan.complete = forward && backward;
        try {
            auto st = db.prepare("SELECT value FROM meta WHERE key = 'next_seq'");
            if (st.step()) scan.max_seq = std::stoll(st.column_text(0)) - 1;
        } catch (const std::exception&) {
        }
    } catch (const std::exception& e) {
        if (scan.problem.empty()) scan.problem = e.what();
    }
    for (auto& [id, r] : rows) {
        scan.max_seq = std::max(scan.max_seq, r.seq);
        scan.rows.push_back(std::move(r));
    }
    std::sort(scan.rows.begin(), scan.rows.end(), [](const OutboxRow& a, const OutboxRow& b) { return a.seq < b.seq; });
    return scan;
}

std::string check_outbox_file(const std::string& path, bool& damaged) {
    damaged = false;
    try {
        db::OpenOptions o;
        o.create = false;
        o.wal = false;
        db::Database db(path, o);
        // Never fold a damaged file's log into it on close: the log may hold the newest answers.
        sqlite3_db_config(db.raw(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
        auto st = db.prepare("PRAGMA quick_check");
        std::string first = st.step() ? st.column_text(0) : std::string("no answer");
        if (first == "ok") return "";
        damaged = true;
        return "quick_check: " + first;
    } catch (const db::Error& e) {
        damaged = is_corruption(e.code());
        return e.what();
    } catch (const std::exception& e) {
        return e.what();
    }
}

Result<Outbox> open_outbox_recovering(const std::string& data_dir, std::int64_t now_unix_s, std::string* moved_to) {
    std::string path = outbox_path(data_dir);
    if (!fs::exists(path)) return Outbox::open(path);
    bool damaged = false;
    std::string why = check_outbox_file(path, damaged);
    if (!damaged) return Outbox::open(path);

    std::string aside = path + ".corrupt-" + stamp(now_unix_s);
    std::error_code ec;
    fs::rename(path, aside, ec);
    if (ec)
        return Error{Errc::io_error, "the answer store " + path + " is damaged (" + why +
                                         ") and could not be moved aside: " + ec.message()};
    for (const char* suffix : {"-wal", "-shm"})
        if (fs::exists(path + suffix)) fs::rename(path + suffix, aside + suffix, ec);
    if (moved_to) *moved_to = aside;

    DamagedScan scan = scan_damaged_outbox(aside);
    std::int64_t pending = 0;
    for (const auto& r : scan.rows)
        if (r.state == RowState::pending) ++pending;
    auto out = Outbox::open(path);
    if (!out) return out;
    std::int64_t start = std::max(scan.max_seq, read_seq_mark(path)) + recovery_seq_gap;
    if (auto st = out->raise_next_seq(start); !st) return st.error();
    std::string note = "On " + iso_utc(now_unix_s) + " the answer store was damaged (" + why + "). It was moved to " +
                       fs::path(aside).filename().string() + " and a new one started. The old file held " +
                       (scan.complete ? "" : "at least ") + std::to_string(scan.rows.size()) + " responses (" +
                       std::to_string(pending) + " not sent yet). Run: lp-kiosk salvage --data " + data_dir +
                       " to bring back what can be read.";
    (void)out->set_recovery_note(note);
    (void)out->set_recovery_facts({now_unix_s, fs::path(aside).filename().string(),
                                   static_cast<std::int64_t>(scan.rows.size()), scan.complete, pending, 0});
    return out;
}

std::vector<std::string> damaged_outbox_files(const std::string& data_dir) {
    std::vector<std::string> files;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(data_dir, ec)) {
        std::string name = e.path().filename().string();
        if (name.rfind("kiosk.db.corrupt-", 0) != 0) continue;
        if (name.size() > 4 &&
            (name.compare(name.size() - 4, 4, "-wal") == 0 || name.compare(name.size() - 4, 4, "-shm") == 0))
            continue;
        files.push_back(e.path().string());
    }
    std::sort(files.rbegin(), files.rend());  // the stamp sorts by time
    return files;
}

SalvageReport salvage_into(Outbox& outbox, const std::string& damaged_file) {
    SalvageReport rep;
    DamagedScan scan = scan_damaged_outbox(damaged_file);
    rep.read = static_cast<std::int64_t>(scan.rows.size());
    rep.complete = scan.complete;
    rep.problem = scan.problem;
    for (const auto& r : scan.rows) {
        if (r.id.empty() || !crypto::constant_time_equal(crypto::sha256_hex(r.sealed), r.sha256)) {
            ++rep.bad_hash;
            continue;
        }
        auto res = outbox.import_row(r);
        if (!res) {
            if (rep.problem.empty()) rep.problem = res.error().message;
            continue;
        }
        switch (*res) {
            case Outbox::ImportResult::inserted:
                ++rep.imported;
                if (r.state == RowState::pending) ++rep.imported_pending;
                break;
            case Outbox::ImportResult::already_there:
                ++rep.already_there;
                break;
            case Outbox::ImportResult::seq_taken:
                ++rep.seq_taken;
                break;
        }
    }
    return rep;
}

}  // namespace lp::kiosk
