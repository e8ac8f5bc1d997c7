#include <lp/kiosk/outbox.hpp>
#include <lp/shared/crypto.hpp>
#include <lp/shared/enum_names.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/response_codec.hpp>
#include <lp/shared/sqlite.hpp>
#include <lp/shared/time.hpp>
#include <nlohmann/json.hpp>

namespace lp::kiosk {
namespace {

const std::vector<std::string> migrations = {
    R"(CREATE TABLE outbox (
         row_id INTEGER PRIMARY KEY,
         id TEXT NOT NULL UNIQUE,
         seq INTEGER NOT NULL UNIQUE,
         question_set_id TEXT NOT NULL,
         question_set_version INTEGER NOT NULL,
         created_hour TEXT NOT NULL,
         age_band TEXT NOT NULL,
         needs_help INTEGER NOT NULL DEFAULT 0,
         sealed BLOB NOT NULL,
         sha256 TEXT NOT NULL,
         state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'quarantined')),
         reason TEXT NOT NULL DEFAULT '',
         created_at INTEGER NOT NULL,
         sent_at INTEGER NOT NULL DEFAULT 0);
       CREATE INDEX outbox_pending ON outbox (state, needs_help DESC, seq);
       CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
       INSERT INTO meta (key, value) VALUES ('next_seq', '1');)",
};

RowState state_from(const std::string& s) {
    if (s == "sent") return RowState::sent;
    if (s == "quarantined") return RowState::quarantined;
    return RowState::pending;
}

Error to_error(const db::Error& e, const std::string& what) {
    if (e.disk_full()) return Error{Errc::disk_full, what + ": the disk is full (" + e.what() + ")"};
    return Error{Errc::io_error, what + ": " + e.what()};
}

std::string meta_get(db::Database& db, const std::string& key) {
    auto st = db.prepare("SELECT value FROM meta WHERE key = :k");
    st.bind(":k", key);
    return st.step() ? st.column_text(0) : std::string();
}

void meta_set(db::Database& db, const std::string& key, const std::string& value) {
    auto st = db.prepare(
        "INSERT INTO meta (key, value) VALUES (:k, :v) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    st.bind(":k", key).bind(":v", value);
    st.run();
}

}  // namespace

namespace detail {

const char* const outbox_row_columns =
    "row_id, id, seq, question_set_id, question_set_version, created_hour, age_band, needs_help, "
    "sealed, sha256, state, reason, created_at, sent_at";

OutboxRow read_outbox_row(const db::Statement& st) {
    OutboxRow r;
    r.row_id = st.column_int64(0);
    r.id = st.column_text(1);
    r.seq = st.column_int64(2);
    r.question_set_id = st.column_text(3);
    r.question_set_version = static_cast<int>(st.column_int64(4));
    r.created_hour = st.column_text(5);
    r.age_band = st.column_text(6);
    r.needs_help = st.column_int64(7) != 0;
    r.sealed = st.column_blob(8);
    r.sha256 = st.column_text(9);
    r.state = state_from(st.column_text(10));
    r.reason = st.column_text(11);
    r.created_at = st.column_int64(12);
    r.sent_at = st.column_int64(13);
    return r;
}

}  // namespace detail

const char* to_string(RowState s) noexcept {
    static constexpr const char* names[] = {"pending", "sent", "quarantined"};
    return enum_name(s, names, "pending");
}

std::string outbox_path(const std::string& data_dir) { return data_dir + "/kiosk.db"; }

std::string seq_mark_path(const std::string& db_path) { return db_path + ".seq-mark"; }

std::int64_t read_seq_mark(const std::string& db_path) {
    auto text = read_file(seq_mark_path(db_path));
    if (!text) return 0;
    try {
        return std::stoll(*text);
    } catch (const std::exception&) {
        return 0;
    }
}

Outbox::Outbox(std::unique_ptr<db::Database> db, std::string path) : db_(std::move(db)), path_(std::move(path)) {}
Outbox::Outbox(Outbox&&) noexcept = default;
Outbox& Outbox::operator=(Outbox&&) noexcept = default;
Outbox::~Outbox() = default;

Result<Outbox> Outbox::open(const std::string& path) {
    try {
        auto db = std::make_unique<db::Database>(path);
        db::migrate(*db, migrations);
        // Checkpoints run between young people (checkpoint()), never inside a save.
        db->exec("PRAGMA wal_autocheckpoint = 0");
        Outbox out(std::move(db), path);
        out.reserved_seq_ = read_seq_mark(path);
        return out;
    } catch (const db::Error& e) {
        return to_error(e, "opening " + path);
    } catch (const std::exception& e) {
        return Error{Errc::io_error, "opening " + path + ": " + e.what()};
    }
}

db::Database& Outbox::database() { return *db_; }

Status Outbox::checkpoint() {
    try {
        db_->exec("PRAGMA wal_checkpoint(PASSIVE)");
        return ok_status();
    } catch (const db::Error& e) {
        return to_error(e, "checkpointing the outbox");
    }
}

Status Outbox::save(const Response& response, const SealingKey& key, SaveReceipt* receipt) {
    try {
        Response r = response;
        if (r.id.empty()) r.id = crypto::uuid4();
        std::int64_t now = now_unix();
        if (r.created_hour.empty()) r.created_hour = hour_rounded_utc(now);

        db::Transaction tx(*db_);
        // The sequence lives in meta, not max(seq)+1, so purging sent rows never reuses a number.
        r.seq = std::stoll(meta_get(*db_, "next_seq"));
        meta_set(*db_, "next_seq", std::to_string(r.seq + 1));
        if (r.seq >= reserved_seq_) {
            // Reserve the next block before using a number in it (see seq_mark_path).
            std::int64_t mark = r.seq + seq_reserve_block;
            auto st = write_file_atomic(seq_mark_path(path_), std::to_string(mark) + "\n");
            if (!st) return Status::fail(st.error().code, "saving a response: " + st.error().message);
            reserved_seq_ = mark;
        }
        crypto::Bytes sealed = crypto::seal(encode_response(r), key);
        std::string sha = crypto::sha256_hex(sealed);

        auto st = db_->prepare(
            "INSERT INTO outbox (id, seq, question_set_id, question_set_version, created_hour, age_band, "
            "needs_help, sealed, sha256, state, created_at) VALUES (:id, :seq, :qs, :qv, :hour, :band, :help, "
            ":sealed, :sha, 'pending', :now)");
        st.bind(":id", r.id).bind(":seq", r.seq).bind(":qs", r.question_set_id);
        st.bind(":qv", r.question_set_version).bind(":hour", r.created_hour);
        st.bind(":band", std::string(to_string(r.age_band))).bind(":help", r.needs_help ? 1 : 0);
        st.bind(":sealed", sealed).bind(":sha", sha).bind(":now", now);
        st.run();
        tx.commit();
        if (receipt) *receipt = SaveReceipt{r.id, r.seq, sha};
        return ok_status();
    } catch (const db::Error& e) {
        return to_error(e, "saving a response");
    } catch (const std::exception& e) {
        return Error{Errc::io_error, std::string("saving a response: ") + e.what()};
    }
}

Result<std::vector<OutboxRow>> Outbox::pending(std::size_t limit) {
    try {
        auto st = db_->prepare(std::string("SELECT ") + detail::outbox_row_columns +
                               " FROM outbox WHERE state = 'pending' ORDER BY needs_help DESC, seq LIMIT :n");
        st.bind(":n", static_cast<std::int64_t>(limit));
        std::vector<OutboxRow> rows;
        while (st.step()) rows.push_back(detail::read_outbox_row(st));
        return rows;
    } catch (const db::Error& e) {
        return to_error(e, "reading the outbox");
    }
}

Status Outbox::mark_sent(const std::vector<std::string>& ids, std::int64_t now) {
    try {
        db::Transaction tx(*db_);
        auto st = db_->prepare("UPDATE outbox SET state = 'sent', sent_at = :now WHERE id = :id AND state = 'pending'");
        for (const auto& id : ids) {
            st.bind(":now", now).bind(":id", id);
            st.run();
        }
        tx.commit();
        return ok_status();
    } catch (const db::Error& e) {
        return to_error(e, "marking rows sent");
    }
}

Status Outbox::quarantine(const std::string& id, const std::string& reason) {
    try {
        auto st = db_->prepare("UPDATE outbox SET state = 'quarantined', reason = :r WHERE id = :id");
        st.bind(":r", reason).bind(":id", id);
        st.run();
        if (db_->changes() == 0) return Status::fail(Errc::not_found, "no outbox row with id " + id);
        return ok_status();
    } catch (const db::Error& e) {
        return to_error(e, "quarantining a row");
    }
}

Result<OutboxCounts> Outbox::counts() {
    try {
        OutboxCounts c;
        auto st = db_->prepare(
            "SELECT count(*), "
            "coalesce(sum(state = 'pending'), 0), coalesce(sum(state = 'sent'), 0), "
            "coalesce(sum(state = 'quarantined'), 0), coalesce(sum(state = 'pending' AND needs_help), 0) "
            "FROM outbox");
        if (st.step()) {
            c.stored = st.column_int64(0);
            c.pending = st.column_int64(1);
            c.sent = st.column_int64(2);
            c.quarantined = st.column_int64(3);
            c.needs_help_pending = st.column_int64(4);
        }
        return c;
    } catch (const db::Error& e) {
        return to_error(e, "counting the outbox");
    }
}

Result<std::vector<OutboxRow>> Outbox::quarantined() {
    try {
        auto st = db_->prepare(std::string("SELECT ") + detail::outbox_row_columns +
                               " FROM outbox WHERE state = 'quarantined' ORDER BY seq DESC");
        std::vector<OutboxRow> rows;
        while (st.step()) rows.push_back(detail::read_outbox_row(st));
        return rows;
    } catch (const db::Error& e) {
        return to_error(e, "reading quarantined rows");
    }
}

Result<std::int64_t> Outbox::purge_sent_before(std::int64_t unix_time) {
    try {
        auto st = db_->prepare("DELETE FROM outbox WHERE state = 'sent' AND sent_at < :t");
        st.bind(":t", unix_time);
        st.run();
        return static_cast<std::int64_t>(db_->changes());
    } catch (const db::Error& e) {
        return to_error(e, "purging sent rows");
    }
}

Result<std::optional<OutboxRow>> Outbox::find(const std::string& id) {
    try {
        auto st = db_->prepare(std::string("SELECT ") + detail::outbox_row_columns + " FROM outbox WHERE id = :id");
        st.bind(":id", id);
        if (st.step()) return std::optional<OutboxRow>(detail::read_outbox_row(st));
        return std::optional<OutboxRow>();
    } catch (const db::Error& e) {
        return to_error(e, "reading the outbox");
    }
}

Result<LastSync> Outbox::last_sync() {
    try {
        LastSync s;
        std::string v = meta_get(*db_, "last_success_time");
        s.last_success_time = v.empty() ? 0 : std::stoll(v);
        v = meta_get(*db_, "last_attempt_time");
        s.last_attempt_time = v.empty() ? 0 : std::stoll(v);
        s.last_error = meta_get(*db_, "last_error");
        return s;
    } catch (const db::Error& e) {
        return to_error(e, "reading sync status");
    } catch (const std::exception& e) {
        return Error{Errc::io_error, std::string("reading sync status: ") + e.what()};
    }
}

Status Outbox::set_last_success(std::int64_t unix_time) {
    try {
        db::Transaction tx(*db_);
        meta_set(*db_, "last_success_time", std::to_string(unix_time));
        meta_set(*db_, "last_attempt_time", std::to_string(unix_time));
        meta_set(*db_, "last_error", "");
        tx.commit();
        return ok_status();
    } catch (const db::Error& e) {
        return to_error(e, "recording a sync");
    }
}

Status Outbox::set_last_error(std::int64_t unix_time, const std::string& plain_words) {
    try {
        db::Transaction tx(*db_);
        meta_set(*db_, "last_attempt_time", std::to_string(unix_time));
        meta_set(*db_, "last_error", plain_words);
        tx.commit();
        return ok_status();
    } catch (const db::Error& e) {
        return to_error(e, "recording a sync error");
    }
}

Result<Outbox::ImportResult> Outbox::import_row(const OutboxRow& row) {
    try {
        db::Transaction tx(*db_);
        {
            auto st = db_->prepare("SELECT 1 FROM outbox WHERE id = :id");
            st.bind(":id", row.id);
            if (st.step()) return ImportResult::already_there;
        }
        {
            auto st = db_->prepare("SELECT 1 FROM outbox WHERE seq = :seq");
            st.bind(":seq", row.seq);
            if (st.step()) return ImportResult::seq_taken;
        }
        auto st = db_->prepare(
            "INSERT INTO outbox (id, seq, question_set_id, question_set_version, created_hour, age_band, "
            "needs_help, sealed, sha256, state, reason, created_at, sent_at) VALUES (:id, :seq, :qs, :qv, :hour, "
            ":band, :help, :sealed, :sha, :state, :reason, :created, :sent)");
        st.bind(":id", row.id).bind(":seq", row.seq).bind(":qs", row.question_set_id);
        st.bind(":qv", row.question_set_version).bind(":hour", row.created_hour).bind(":band", row.age_band);
        st.bind(":help", row.needs_help ? 1 : 0).bind(":sealed", row.sealed).bind(":sha", row.sha256);
        st.bind(":state", std::string(to_string(row.state))).bind(":reason", row.reason);
        st.bind(":created", row.created_at).bind(":sent", row.sent_at);
        st.run();
        // Keep new numbers above salvaged ones.
        std::int64_t next = std::stoll(meta_get(*db_, "next_seq"));
        if (row.seq >= next) meta_set(*db_, "next_seq", std::to_string(row.seq + 1));
        tx.commit();
        return ImportResult::inserted;
    } catch (const db::Error& e) {
        return to_error(e, "importing a salvaged row");
    }
}

Status Outbox::raise_next_seq(std::int64_t seq) {
    try {
        db::Transaction tx(*db_);
        if (std::stoll(meta_get(*db_, "next_seq")) < seq) meta_set(*db_, "next_seq", std::to_string(seq));
        tx.commit();
        return ok_status();
    } catch (const db::Error& e) {
        return to_error(e, "moving the sequence on");
    }
}

Result<std::int64_t> Outbox::next_seq() {
    try {
        return std::stoll(meta_get(*db_, "next_seq"));
    } catch (const db::Error& e) {
        return to_error(e, "reading the sequence");
    }
}

Result<std::string> Outbox::recovery_note() {
    try {
        return meta_get(*db_, "recovery_note");
    } catch (const db::Error& e) {
        return to_error(e, "reading the outbox");
    }
}

Result<std::optional<RecoveryFacts>> Outbox::recovery_facts() {
    try {
        const std::string text = meta_get(*db_, "recovery_facts");
        if (text.empty()) return std::optional<RecoveryFacts>();
        auto j = nlohmann::json::parse(text, nullptr, false);
        if (!j.is_object()) return std::optional<RecoveryFacts>();
        RecoveryFacts f;
        f.at = j.value("at", std::int64_t{0});
        f.moved_to = j.value("moved_to", std::string());
        f.held = j.value("held", std::int64_t{0});
        f.complete = j.value("complete", true);
        f.held_pending = j.value("held_pending", std::int64_t{0});
        f.brought_back = j.value("brought_back", std::int64_t{0});
        return std::optional<RecoveryFacts>(f);
    } catch (const db::Error& e) {
        return to_error(e, "reading the outbox");
    }
}

Status Outbox::set_recovery_facts(const RecoveryFacts& f) {
    try {
        const nlohmann::json j = {{"at", f.at},
                                  {"moved_to", f.moved_to},
                                  {"held", f.held},
                                  {"complete", f.complete},
                                  {"held_pending", f.held_pending},
                                  {"brought_back", f.brought_back}};
        meta_set(*db_, "recovery_facts", j.dump());
        return ok_status();
    } catch (const db::Error& e) {
        return to_error(e, "writing the outbox");
    }
}

Status Outbox::set_recovery_note(const std::string& plain_words) {
    try {
        meta_set(*db_, "recovery_note", plain_words);
        return ok_status();
    } catch (const db::Error& e) {
        return to_error(e, "writing the outbox");
    }
}

}  // namespace lp::kiosk
