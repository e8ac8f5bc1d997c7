// SQLite Store: one writer connection (SQLite allows one writer) and one reader connection,
// each behind its own mutex, so dashboard and auth reads do not wait for an ingest commit.
#include <lp/aggregator/sqlite_store.hpp>
#include <lp/aggregator/ingest_service.hpp>

#include <lp/shared/json_util.hpp>
#include <lp/shared/sqlite.hpp>

#include <condition_variable>
#include <mutex>

namespace lp::aggregator {

namespace {

constexpr int constraint_failed = 19;  // SQLITE_CONSTRAINT; <sqlite3.h> stays inside shared/

Error to_error(const db::Error& e, const std::string& what) {
    return Error{e.disk_full() ? Errc::disk_full : Errc::io_error, what + ": " + e.what()};
}

// The writer's statements, prepared once and reused for every batch.
struct WriterStatements {
    explicit WriterStatements(db::Database& db)
        : find_response(db.prepare("SELECT sha256 FROM responses WHERE device_id = :device AND id = :id")),
          insert_response(db.prepare(
              "INSERT INTO responses (device_id, id, seq, batch_id, site, question_set_id, question_set_version,"
              " created_hour, age_band, language, needs_help, assisted, received_at, sealed, sha256)"
              " SELECT :device, :id, :seq, :batch, site, :qs, :qsv, :hour, :band, :lang, :help, :assisted, :now,"
              " :sealed, :sha FROM devices WHERE id = :device")),
          insert_answer(db.prepare(
              "INSERT INTO answers (response, question, state, value_int, value_text, score)"
              " VALUES (:r, :q, :state, :vi, :vt, :score)")),
          insert_chip(db.prepare(
              "INSERT OR IGNORE INTO answer_chips (response, question, option) VALUES (:r, :q, :o)")),
          insert_comment(db.prepare("INSERT INTO comments (response, text) VALUES (:r, :t)")),
          insert_theme(db.prepare("INSERT OR IGNORE INTO response_themes (response, theme) VALUES (:r, :t)")),
          insert_conflict(db.prepare(
              "INSERT OR IGNORE INTO conflicts (device_id, id, sha256, sealed, batch_id, received_at)"
              " VALUES (:device, :id, :sha, :sealed, :batch, :now)")),
          touch_device(db.prepare(
              "UPDATE devices SET last_seen = :now, responses = responses + :n WHERE id = :device")),
          savepoint_batch(db.prepare("SAVEPOINT batch")),
          release_batch(db.prepare("RELEASE batch")),
          rollback_batch(db.prepare("ROLLBACK TO batch")),
          savepoint_item(db.prepare("SAVEPOINT item")),
          release_item(db.prepare("RELEASE item")),
          rollback_item(db.prepare("ROLLBACK TO item")) {}
    db::Statement find_response, insert_response, insert_answer, insert_chip, insert_comment, insert_theme,
        insert_conflict, touch_device, savepoint_batch, release_batch, rollback_batch, savepoint_item, release_item,
        rollback_item;
};

class SqliteStore final : public Store {
public:
    explicit SqliteStore(const std::string& path) : writer_(path), reader_(path) {
        // Per-item savepoints keep sub-journals; in memory they cost no temp files (a large
        // share of ingest time otherwise). A bigger page cache keeps the indexes hot.
        writer_.exec("PRAGMA temp_store=MEMORY");
        writer_.exec("PRAGMA cache_size=-16384");
        db::migrate(writer_, sqlite_migrations());
        stmts_.emplace(writer_);
    }

    Status add_enrol_code(const std::string& code_hash, const std::string& site, std::int64_t created_at,
                          std::int64_t expires_at) override {
        std::lock_guard<std::mutex> lock(writer_mutex_);
        try {
            writer_
                .prepare("INSERT INTO enrol_codes (code_hash, site, created_at, expires_at) VALUES (?, ?, ?, ?)")
                .bind(1, code_hash)
                .bind(2, site)
                .bind(3, created_at)
                .bind(4, expires_at)
                .run();
            return ok_status();
        } catch (const db::Error& e) {
            return to_error(e, "add enrolment code");
        }
    }

    Result<Device> enrol_device(const std::string& code_hash, const NewDevice& device, std::int64_t now) override {
        std::lock_guard<std::mutex> lock(writer_mutex_);
        try {
            db::Transaction tx(writer_);
            auto find = writer_.prepare(
                "SELECT site FROM enrol_codes WHERE code_hash = ? AND used_at IS NULL AND expires_at > ?");
            find.bind(1, code_hash).bind(2, now);
            if (!find.step()) return Error{Errc::not_found, "enrolment code is unknown, used or expired"};
            std::string site = find.column_text(0);
            find.reset();
            writer_.prepare("UPDATE enrol_codes SET used_at = ?, device_id = ? WHERE code_hash = ?")
                .bind(1, now)
                .bind(2, device.id)
                .bind(3, code_hash)
                .run();
            writer_
                .prepare("INSERT INTO devices (id, site, name, token_hash, enrolled_at) VALUES (?, ?, ?, ?, ?)")
                .bind(1, device.id)
                .bind(2, site)
                .bind(3, device.name)
                .bind(4, device.token_hash)
                .bind(5, device.enrolled_at)
                .run();
            tx.commit();
            Device d;
            d.id = device.id;
            d.site = site;
            d.name = device.name;
            d.enrolled_at = device.enrolled_at;
            return d;
        } catch (const db::Error& e) {
            return to_error(e, "enrol device");
        }
    }

    Result<Device> reissue_device_token(const std::string& code_hash, const std::string& device_id,
                                        const std::string& token_hash, std::int64_t now) override {
        std::lock_guard<std::mutex> lock(writer_mutex_);
        try {
            db::Transaction tx(writer_);
            auto find = writer_.prepare(
                "SELECT d.site, d.name, d.enrolled_at FROM enrol_codes c JOIN devices d ON d.id = c.device_id"
                " WHERE c.code_hash = ? AND c.device_id = ? AND c.used_at IS NOT NULL AND c.expires_at > ?"
                " AND d.revoked_at IS NULL");
            find.bind(1, code_hash).bind(2, device_id).bind(3, now);
            if (!find.step()) return Error{Errc::not_found, "no live enrolment of this device with this code"};
            Device d;
            d.id = device_id;
            d.site = find.column_text(0);
            d.name = find.column_text(1);
            d.enrolled_at = find.column_int64(2);
            find.reset();
            writer_.prepare("UPDATE devices SET token_hash = ? WHERE id = ?").bind(1, token_hash).bind(2, device_id).run();
            tx.commit();
            return d;
        } catch (const db::Error& e) {
            return to_error(e, "reissue device token");
        }
    }

    Result<std::optional<DeviceAuth>> find_device_by_token_hash(const std::string& token_hash) override {
        std::lock_guard<std::mutex> lock(reader_mutex_);
        try {
            auto st = reader_.prepare("SELECT id, site, token_hash, revoked_at FROM devices WHERE token_hash = ?");
            st.bind(1, token_hash);
            if (!st.step()) return std::optional<DeviceAuth>();
            DeviceAuth a{st.column_text(0), st.column_text(1), st.column_text(2), !st.column_is_null(3)};
            return std::optional<DeviceAuth>(std::move(a));
        } catch (const db::Error& e) {
            return to_error(e, "find device");
        }
    }

    Result<std::vector<Device>> list_devices() override {
        std::lock_guard<std::mutex> lock(reader_mutex_);
        try {
            auto st = reader_.prepare(
                "SELECT id, site, name, enrolled_at, last_seen, responses, revoked_at FROM devices"
                " ORDER BY enrolled_at, id");
            std::vector<Device> out;
            while (st.step()) {
                Device d;
                d.id = st.column_text(0);
                d.site = st.column_text(1);
                d.name = st.column_text(2);
                d.enrolled_at = st.column_int64(3);
                if (!st.column_is_null(4)) d.last_seen = st.column_int64(4);
                d.responses = st.column_int64(5);
                d.revoked = !st.column_is_null(6);
                out.push_back(std::move(d));
            }
            return out;
        } catch (const db::Error& e) {
            return to_error(e, "list devices");
        }
    }

    Status revoke_device(const std::string& device_id, std::int64_t now) override {
        std::lock_guard<std::mutex> lock(writer_mutex_);
        try {
            writer_.prepare("UPDATE devices SET revoked_at = coalesce(revoked_at, ?) WHERE id = ?")
                .bind(1, now)
                .bind(2, device_id)
                .run();
            if (writer_.changes() == 0) return Status::fail(Errc::not_found, "no device " + device_id);
            return ok_status();
        } catch (const db::Error& e) {
            return to_error(e, "revoke device");
        }
    }

    Status touch_device(const std::string& device_id, std::int64_t now) override {
        std::lock_guard<std::mutex> lock(writer_mutex_);
        try {
            stmts_->touch_device.bind(":now", now).bind(":n", 0).bind(":device", device_id).run();
            return ok_status();
        } catch (const db::Error& e) {
            return to_error(e, "touch device");
        }
    }

    Status set_site_question_set(const std::string& site, const std::string& question_set_id) override {
        std::lock_guard<std::mutex> lock(writer_mutex_);
        try {
            writer_
                .prepare("INSERT INTO sites (name, question_set_id) VALUES (?, ?)"
                         " ON CONFLICT (name) DO UPDATE SET question_set_id = excluded.question_set_id")
                .bind(1, site)
                .bind(2, question_set_id)
                .run();
            return ok_status();
        } catch (const db::Error& e) {
            return to_error(e, "set site question set");
        }
    }

    Result<std::optional<std::string>> site_question_set(const std::string& site) override {
        std::lock_guard<std::mutex> lock(reader_mutex_);
        try {
            auto st = reader_.prepare("SELECT question_set_id FROM sites WHERE name = ?");
            st.bind(1, site);
            if (!st.step()) return std::optional<std::string>();
            return std::optional<std::string>(st.column_text(0));
        } catch (const db::Error& e) {
            return to_error(e, "site question set");
        }
    }

    Status set_site_contact(const std::string& site, const SiteContact& contact) override {
        std::lock_guard<std::mutex> lock(writer_mutex_);
        try {
            if (contact.name.empty() && contact.phone.empty()) {
                writer_.prepare("DELETE FROM site_contacts WHERE site = ?").bind(1, site).run();
                return ok_status();
            }
            writer_
                .prepare("INSERT INTO site_contacts (site, name, phone) VALUES (?, ?, ?)"
                         " ON CONFLICT (site) DO UPDATE SET name = excluded.name, phone = excluded.phone")
                .bind(1, site)
                .bind(2, contact.name)
                .bind(3, contact.phone)
                .run();
            return ok_status();
        } catch (const db::Error& e) {
            return to_error(e, "set site contact");
        }
    }

    Result<std::optional<SiteContact>> site_contact(const std::string& site) override {
        std::lock_guard<std::mutex> lock(reader_mutex_);
        try {
            auto st = reader_.prepare("SELECT name, phone FROM site_contacts WHERE site = ?");
            st.bind(1, site);
            if (!st.step()) return std::optional<SiteContact>();
            return std::optional<SiteContact>(SiteContact{st.column_text(0), st.column_text(1)});
        } catch (const db::Error& e) {
            return to_error(e, "site contact");
        }
    }

    // Group commit: concurrent batches queue up; one thread (the leader) writes every queued
    // batch inside one transaction, each batch under its own savepoint so it stays atomic on its
    // own, then commits once. Every batch is durable before store_batch returns, and the
    // fsync of a commit is shared by all batches that arrived while the last one ran.
    Result<std::vector<ItemResult>> store_batch(const std::string& device_id, const std::string& batch_id,
                                                const std::vector<IncomingItem>& items, std::int64_t now) override {
        PendingBatch mine{&device_id, &batch_id, &items, now, Error{Errc::internal, "not written"}, false};
        std::unique_lock<std::mutex> lock(queue_mutex_);
        queue_.push_back(&mine);
        while (!mine.done) {
            if (leader_active_) {
                queue_cv_.wait(lock);
                continue;
            }
            leader_active_ = true;
            std::vector<PendingBatch*> group;
            group.swap(queue_);
            lock.unlock();
            write_group(group);
            lock.lock();
            for (auto* p : group) p->done = true;
            leader_active_ = false;
            queue_cv_.notify_all();
        }
        return std::move(mine.result);
    }

    Status for_each_response(std::int64_t since, const std::function<void(const StoredResponse&)>& fn) override {
        std::lock_guard<std::mutex> lock(reader_mutex_);
        try {
            db::Transaction snapshot(reader_, db::Transaction::Mode::deferred);  // one consistent view
            auto rows = reader_.prepare(
                "SELECT r.pk, r.device_id, r.site, r.received_at, r.sha256, r.id, r.seq, r.question_set_id,"
                " r.question_set_version, r.created_hour, r.age_band, r.language, r.needs_help,"
                " coalesce(c.text, ''), r.assisted FROM responses r LEFT JOIN comments c ON c.response = r.pk"
                " WHERE r.received_at >= ? ORDER BY r.pk");
            auto answers = reader_.prepare(
                "SELECT question, state, value_int, value_text FROM answers WHERE response = ? ORDER BY rowid");
            auto chips = reader_.prepare(
                "SELECT option FROM answer_chips WHERE response = ? AND question = ? ORDER BY option");
            auto themes = reader_.prepare("SELECT theme FROM response_themes WHERE response = ? ORDER BY theme");
            rows.bind(1, since);
            while (rows.step()) {
                StoredResponse s;
                std::int64_t pk = rows.column_int64(0);
                s.device_id = rows.column_text(1);
                s.site = rows.column_text(2);
                s.received_at = rows.column_int64(3);
                s.sha256 = rows.column_text(4);
                auto& r = s.response;
                r.id = rows.column_text(5);
                r.seq = rows.column_int64(6);
                r.question_set_id = rows.column_text(7);
                r.question_set_version = static_cast<int>(rows.column_int64(8));
                r.created_hour = rows.column_text(9);
                r.age_band = age_band_from_string(rows.column_text(10)).value_or(AgeBand::unsaid);
                r.language = rows.column_text(11);
                r.needs_help = rows.column_int64(12) != 0;
                r.comment = rows.column_text(13);
                r.assisted = rows.column_int64(14) != 0;
                answers.bind(1, pk);
                while (answers.step()) r.answers.push_back(read_answer(answers, chips, pk));
                answers.reset();
                themes.bind(1, pk);
                while (themes.step()) s.themes.push_back(themes.column_text(0));
                themes.reset();
                fn(s);
            }
            return ok_status();
        } catch (const db::Error& e) {
            return to_error(e, "read responses");
        }
    }

    Result<StoreCounts> counts() override {
        std::lock_guard<std::mutex> lock(reader_mutex_);
        try {
            StoreCounts c;
            c.devices = reader_.scalar_int("SELECT count(*) FROM devices");
            c.responses = reader_.scalar_int("SELECT count(*) FROM responses");
            c.answers = reader_.scalar_int("SELECT count(*) FROM answers");
            c.conflicts = reader_.scalar_int("SELECT count(*) FROM conflicts");
            return c;
        } catch (const db::Error& e) {
            return to_error(e, "count");
        }
    }

    Status upsert_manager(const Manager& m) override {
        std::lock_guard<std::mutex> lock(writer_mutex_);
        try {
            writer_
                .prepare("INSERT INTO managers (user, password_hash, role, created_at, sites) VALUES (?, ?, ?, ?, ?)"
                         " ON CONFLICT (user) DO UPDATE SET password_hash = excluded.password_hash,"
                         " role = excluded.role, sites = excluded.sites")
                .bind(1, m.user)
                .bind(2, m.password_hash)
                .bind(3, m.role)
                .bind(4, m.created_at)
                .bind(5, to_json_list(m.sites))
                .run();
            return ok_status();
        } catch (const db::Error& e) {
            return to_error(e, "add manager");
        }
    }

    Result<std::optional<Manager>> find_manager(const std::string& user) override {
        std::lock_guard<std::mutex> lock(reader_mutex_);
        try {
            auto st = reader_.prepare(
                "SELECT user, password_hash, role, created_at, sites FROM managers WHERE user = ?");
            st.bind(1, user);
            if (!st.step()) return std::optional<Manager>();
            return std::optional<Manager>(Manager{st.column_text(0), st.column_text(1), st.column_text(2),
                                                  st.column_int64(3), from_json_list(st.column_text(4))});
        } catch (const db::Error& e) {
            return to_error(e, "find manager");
        }
    }

    Status remove_manager(const std::string& user) override {
        std::lock_guard<std::mutex> lock(writer_mutex_);
        try {
            auto st = writer_.prepare("DELETE FROM managers WHERE user = ?");
            st.bind(1, user).run();
            if (writer_.changes() == 0) return Status::fail(Errc::not_found, "no account named '" + user + "'");
            return ok_status();
        } catch (const db::Error& e) {
            return to_error(e, "remove manager");
        }
    }

    Result<std::vector<Manager>> list_managers() override {
        std::lock_guard<std::mutex> lock(reader_mutex_);
        try {
            auto st = reader_.prepare("SELECT user, password_hash, role, created_at, sites FROM managers ORDER BY user");
            std::vector<Manager> out;
            while (st.step())
                out.push_back(Manager{st.column_text(0), st.column_text(1), st.column_text(2), st.column_int64(3),
                                      from_json_list(st.column_text(4))});
            return out;
        } catch (const db::Error& e) {
            return to_error(e, "list managers");
        }
    }

    Status checkpoint() override {
        std::lock_guard<std::mutex> lock(writer_mutex_);
        try {
            writer_.exec("PRAGMA wal_checkpoint(TRUNCATE)");
            return ok_status();
        } catch (const db::Error& e) {
            return to_error(e, "checkpoint");
        }
    }

    Result<std::string> integrity_check() override {
        std::lock_guard<std::mutex> lock(reader_mutex_);
        try {
            return reader_.integrity_check();
        } catch (const db::Error& e) {
            return to_error(e, "integrity check");
        }
    }

private:
    struct PendingBatch {
        const std::string* device_id;
        const std::string* batch_id;
        const std::vector<IncomingItem>* items;
        std::int64_t now;
        Result<std::vector<ItemResult>> result;
        bool done;
    };

    void write_group(const std::vector<PendingBatch*>& group) {
        std::lock_guard<std::mutex> lock(writer_mutex_);
        try {
            db::Transaction tx(writer_);
            std::vector<std::vector<ItemResult>> written(group.size());
            std::vector<bool> ok(group.size(), false);
            for (std::size_t i = 0; i < group.size(); ++i) {
                stmts_->savepoint_batch.run();
                try {
                    try {
                        written[i] = write_batch(*group[i], false);
                    } catch (const db::Error& e) {
                        if ((e.code() & 0xff) != constraint_failed) throw;
                        // Slow path, rare: redo this batch with a savepoint per item so the
                        // item the validator let through is rejected alone.
                        stmts_->rollback_batch.run();
                        written[i] = write_batch(*group[i], true);
                    }
                    stmts_->release_batch.run();
                    ok[i] = true;
                } catch (const db::Error& e) {
                    // This batch alone is undone; the others of the group go on.
                    stmts_->rollback_batch.run();
                    stmts_->release_batch.run();
                    group[i]->result = to_error(e, "store batch");
                }
            }
            tx.commit();
            for (std::size_t i = 0; i < group.size(); ++i)
                if (ok[i]) group[i]->result = std::move(written[i]);
        } catch (const db::Error& e) {
            // The transaction rolled back: nothing of the group is stored; clients retry.
            for (auto* p : group) p->result = to_error(e, "store batch");
        }
    }

    // Writes one batch. per_item_savepoints: each item under its own savepoint, so a constraint
    // failure rejects that item only (costs about a quarter of the speed, so only on retry).
    std::vector<ItemResult> write_batch(const PendingBatch& b, bool per_item_savepoints) {
        std::vector<ItemResult> results;
        results.reserve(b.items->size());
        std::int64_t stored = 0;
        for (const auto& item : *b.items) {
            if (!per_item_savepoints) {
                results.push_back(store_item(*b.device_id, *b.batch_id, item, b.now));
            } else {
                stmts_->savepoint_item.run();
                try {
                    results.push_back(store_item(*b.device_id, *b.batch_id, item, b.now));
                } catch (const db::Error& e) {
                    if ((e.code() & 0xff) != constraint_failed) throw;
                    stmts_->rollback_item.run();
                    results.push_back({item.id, ItemStatus::rejected, std::string("bad fields: ") + e.what()});
                }
                stmts_->release_item.run();
            }
            if (results.back().status == ItemStatus::stored) ++stored;
        }
        stmts_->touch_device.bind(":now", b.now).bind(":n", stored).bind(":device", *b.device_id).run();
        return results;
    }

    ItemResult store_item(const std::string& device_id, const std::string& batch_id, const IncomingItem& item,
                          std::int64_t now) {
        auto& s = *stmts_;
        s.find_response.bind(":device", device_id).bind(":id", item.id);
        std::optional<std::string> existing;
        if (s.find_response.step()) existing = s.find_response.column_text(0);
        s.find_response.reset();
        if (existing) {
            ItemResult result = classify_existing(item, *existing);
            if (result.status == ItemStatus::conflict)
                s.insert_conflict.bind(":device", device_id)
                    .bind(":id", item.id)
                    .bind(":sha", item.sha256)
                    .bind(":sealed", item.sealed)
                    .bind(":batch", batch_id)
                    .bind(":now", now)
                    .run();
            return result;
        }
        if (!item.opened) return {item.id, ItemStatus::rejected, item.rejection};

        const Response& r = *item.opened;
        s.insert_response.bind(":device", device_id)
            .bind(":id", item.id)
            .bind(":seq", item.seq)
            .bind(":batch", batch_id)
            .bind(":qs", item.question_set_id)
            .bind(":qsv", item.question_set_version)
            .bind(":hour", item.created_hour)
            .bind(":band", std::string(to_string(r.age_band)))
            .bind(":lang", r.language)
            .bind(":help", r.needs_help ? 1 : 0)
            .bind(":assisted", r.assisted ? 1 : 0)
            .bind(":now", now)
            .bind(":sealed", item.sealed)
            .bind(":sha", item.sha256)
            .run();
        if (writer_.changes() != 1) throw db::Error(0, "device " + device_id + " is not registered");
        const std::int64_t pk = writer_.last_insert_rowid();
        for (std::size_t i = 0; i < r.answers.size(); ++i) {
            const Answer& a = r.answers[i];
            auto& st = s.insert_answer;
            st.bind(":r", pk).bind(":q", a.question).bind(":state", std::string(to_string(a.state)));
            st.bind_null(":vi").bind_null(":vt").bind_null(":score");
            if (a.state == AnswerState::value) {
                if (a.scale > 0) st.bind(":vi", a.scale);
                if (!a.choice.empty()) st.bind(":vt", a.choice);
                if (i < item.scores.size() && item.scores[i]) st.bind(":score", *item.scores[i]);
            }
            st.run();
            for (const auto& chip : a.chips) s.insert_chip.bind(":r", pk).bind(":q", a.question).bind(":o", chip).run();
        }
        if (!r.comment.empty()) s.insert_comment.bind(":r", pk).bind(":t", r.comment).run();
        for (const auto& t : item.themes) s.insert_theme.bind(":r", pk).bind(":t", t).run();
        return {item.id, ItemStatus::stored, {}};
    }

    static Answer read_answer(db::Statement& answers, db::Statement& chips, std::int64_t pk) {
        Answer a;
        a.question = answers.column_text(0);
        const std::string state = answers.column_text(1);
        a.state = answer_state_from_string(state);
        if (!answers.column_is_null(2)) a.scale = static_cast<int>(answers.column_int64(2));
        if (!answers.column_is_null(3)) a.choice = answers.column_text(3);
        chips.bind(1, pk).bind(2, a.question);
        while (chips.step()) a.chips.push_back(chips.column_text(0));
        chips.reset();
        return a;
    }

    std::mutex writer_mutex_;
    db::Database writer_;
    std::mutex reader_mutex_;
    db::Database reader_;
    std::optional<WriterStatements> stmts_;
    std::mutex queue_mutex_;
    std::condition_variable queue_cv_;
    std::vector<PendingBatch*> queue_;
    bool leader_active_ = false;
};

}  // namespace

Result<std::unique_ptr<Store>> open_sqlite_store(const std::string& path) {
    try {
        return std::unique_ptr<Store>(std::make_unique<SqliteStore>(path));
    } catch (const db::Error& e) {
        return to_error(e, "open database " + path);
    }
}

}  // namespace lp::aggregator
