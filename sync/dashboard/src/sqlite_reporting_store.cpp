// SQLite ReportingStore: its own connection on the dashboard's file (WAL lets it read while the
// indexer writes), behind one mutex. Tables come from dashboard_migrations() step 2.
#include <lp/dashboard/reporting_store.hpp>
#include <lp/dashboard/store_open.hpp>
#include <lp/shared/sqlite.hpp>
#include <mutex>

namespace lp::dashboard {
namespace {

Error db_error(const std::exception& e) {
    if (const auto* d = dynamic_cast<const db::Error*>(&e); d && d->disk_full())
        return Error{Errc::disk_full, e.what()};
    return Error{Errc::io_error, std::string("reporting database: ") + e.what()};
}

class SqliteReportingStore final : public ReportingStore {
public:
    explicit SqliteReportingStore(const std::string& path) : db_(path) {}

    Status upsert_cohorts(const std::vector<Cohort>& rows) override {
        for (const auto& c : rows)
            if (auto s = check_cohort(c); !s) return s;
        return run([&](db::Database& db) -> Status {
            db::Transaction tx(db);
            auto st = db.prepare(
                "INSERT INTO dash_cohorts (quarter, site, age_band, size) VALUES (?,?,?,?)"
                " ON CONFLICT (quarter, site, age_band) DO UPDATE SET size = excluded.size");
            for (const auto& c : rows) st.bind(1, c.quarter).bind(2, c.site).bind(3, c.age_band).bind(4, c.size).run();
            tx.commit();
            return ok_status();
        });
    }

    Status delete_cohort(const std::string& quarter, const std::string& site, const std::string& band) override {
        return run([&](db::Database& db) -> Status {
            auto st = db.prepare("DELETE FROM dash_cohorts WHERE quarter = ? AND site = ? AND age_band = ?");
            st.bind(1, quarter).bind(2, site).bind(3, band).run();
            if (db.changes() == 0) return Error{Errc::not_found, "no cohort for " + quarter + " " + site + " " + band};
            return ok_status();
        });
    }

    Result<std::vector<Cohort>> cohorts() override {
        return run([&](db::Database& db) -> Result<std::vector<Cohort>> {
            auto st = db.prepare("SELECT quarter, site, age_band, size FROM dash_cohorts ORDER BY quarter, site, age_band");
            std::vector<Cohort> out;
            while (st.step()) out.push_back({st.column_text(0), st.column_text(1), st.column_text(2), st.column_int64(3)});
            return out;
        });
    }

    Result<std::vector<ResponseCount>> response_counts(const std::string& from, const std::string& to) override {
        return run([&](db::Database& db) -> Result<std::vector<ResponseCount>> {
            // "-99" sorts after every day and hour of the last month (index dash_responses_reach).
            auto st = db.prepare(
                "SELECT substr(created_hour, 1, 7) AS m, site, age_band, count(*) FROM responses"
                " WHERE created_hour >= ? AND created_hour <= ? GROUP BY m, site, age_band");
            st.bind(1, from).bind(2, to + "-99");
            std::vector<ResponseCount> out;
            while (st.step())
                out.push_back({st.column_text(0), st.column_text(1), st.column_text(2), st.column_int64(3)});
            return out;
        });
    }

    Result<SafeguardingCounts> safeguarding_counts(const std::string& from, const std::string& to,
                                                   const std::string& site) override {
        return run([&](db::Database& db) -> Result<SafeguardingCounts> {
            auto st = db.prepare(
                "SELECT needs_help, matched <> '[]', ack_at - received_at FROM dash_safeguarding"
                " WHERE created_hour >= ? AND created_hour <= ? AND (? = '' OR site = ?)");
            st.bind(1, from).bind(2, to + "-99").bind(3, site).bind(4, site);
            SafeguardingCounts out;
            while (st.step()) {
                if (st.column_int64(0) != 0) ++out.help_requests;
                if (st.column_int64(1) != 0) ++out.flagged_comments;
                if (st.column_is_null(2))
                    ++out.waiting;
                else
                    out.ack_seconds.push_back(st.column_int64(2));
            }
            return out;
        });
    }

    Result<std::int64_t> add_action(const Action& a, const std::string& user, std::int64_t now) override {
        if (auto s = check_action(a); !s) return s.error();
        return run([&](db::Database& db) -> Result<std::int64_t> {
            db::Transaction tx(db);
            auto st = db.prepare(
                "INSERT INTO dash_actions (title, young_text, owner, due, status, status_at, evidence, created_by,"
                " created_at) VALUES (?,?,?,?,?,?,?,?,?)");
            st.bind(1, a.title).bind(2, a.young_text).bind(3, a.owner).bind(4, a.due).bind(5, a.status);
            st.bind(6, now).bind(7, a.evidence).bind(8, user).bind(9, now).run();
            const std::int64_t id = db.last_insert_rowid();
            write_links(db, id, a.links);
            add_history(db, id, a.status, now, user);
            tx.commit();
            return id;
        });
    }

    Status update_action(const Action& a, const std::string& user, std::int64_t now) override {
        if (auto s = check_action(a); !s) return s;
        return run([&](db::Database& db) -> Status {
            db::Transaction tx(db);
            auto find = db.prepare("SELECT status FROM dash_actions WHERE pk = ?");
            find.bind(1, a.id);
            if (!find.step()) return Error{Errc::not_found, "no action " + std::to_string(a.id)};
            const bool changed = find.column_text(0) != a.status;
            auto st = db.prepare(
                "UPDATE dash_actions SET title = ?, young_text = ?, owner = ?, due = ?, status = ?,"
                " status_at = CASE WHEN status = ? THEN status_at ELSE ? END, evidence = ? WHERE pk = ?");
            st.bind(1, a.title).bind(2, a.young_text).bind(3, a.owner).bind(4, a.due).bind(5, a.status);
            st.bind(6, a.status).bind(7, now).bind(8, a.evidence).bind(9, a.id).run();
            auto del = db.prepare("DELETE FROM dash_action_links WHERE action = ?");
            del.bind(1, a.id).run();
            write_links(db, a.id, a.links);
            if (changed) add_history(db, a.id, a.status, now, user);
            tx.commit();
            return ok_status();
        });
    }

    Result<std::vector<Action>> actions() override {
        return run([&](db::Database& db) -> Result<std::vector<Action>> {
            std::vector<Action> out;
            auto st = db.prepare(
                "SELECT pk, title, young_text, owner, due, status, status_at, evidence FROM dash_actions"
                " ORDER BY due = '', due, pk");
            while (st.step()) {
                Action a;
                a.id = st.column_int64(0);
                a.title = st.column_text(1);
                a.young_text = st.column_text(2);
                a.owner = st.column_text(3);
                a.due = st.column_text(4);
                a.status = st.column_text(5);
                a.status_at = st.column_int64(6);
                a.evidence = st.column_text(7);
                out.push_back(std::move(a));
            }
            auto links = db.prepare("SELECT kind, target FROM dash_action_links WHERE action = ? ORDER BY kind DESC, target");
            auto history = db.prepare("SELECT status, at, user FROM dash_action_history WHERE action = ? ORDER BY pk");
            for (auto& a : out) {
                links.bind(1, a.id);
                while (links.step()) a.links.push_back({links.column_text(0), links.column_text(1)});
                links.reset();
                history.bind(1, a.id);
                while (history.step())
                    a.history.push_back({history.column_text(0), history.column_int64(1), history.column_text(2)});
                history.reset();
            }
            return out;
        });
    }

private:
    static void write_links(db::Database& db, std::int64_t id, const std::vector<ActionLink>& links) {
        auto st = db.prepare("INSERT OR IGNORE INTO dash_action_links (action, kind, target) VALUES (?,?,?)");
        for (const auto& l : links) st.bind(1, id).bind(2, l.kind).bind(3, l.target).run();
    }
    static void add_history(db::Database& db, std::int64_t id, const std::string& status, std::int64_t at,
                            const std::string& user) {
        auto st = db.prepare("INSERT INTO dash_action_history (action, status, at, user) VALUES (?,?,?,?)");
        st.bind(1, id).bind(2, status).bind(3, at).bind(4, user).run();
    }

    template <class F>
    auto run(F&& f) -> decltype(f(std::declval<db::Database&>())) {
        std::lock_guard<std::mutex> lock(mutex_);
        try {
            return f(db_);
        } catch (const std::exception& e) {
            return db_error(e);
        }
    }

    db::Database db_;
    std::mutex mutex_;
};

}  // namespace

Result<std::unique_ptr<ReportingStore>> open_sqlite_reporting_store(const std::string& path) {
    return construct_store<ReportingStore, SqliteReportingStore>(
        [&](const std::exception& e) { return Error{Errc::io_error, path + ": " + e.what()}; }, path);
}

}  // namespace lp::dashboard
