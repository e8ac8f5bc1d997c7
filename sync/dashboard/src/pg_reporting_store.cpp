// PostgreSQL ReportingStore: a small pool of its own on the dashboard's database. Tables come
// from pg_dashboard_migrations() step 3. Lost connections and serialisation failures are
// retried like the dashboard store's; every write is one transaction.
#include <lp/aggregator/pg_pool.hpp>
#include <lp/dashboard/reporting_store.hpp>
#include <lp/dashboard/store_open.hpp>
#include <map>
#include <pqxx/pqxx>

namespace lp::dashboard {
namespace {

constexpr int reconnect_budget_ms = 8000;

Error to_error(const std::exception& e) { return aggregator::pg_error(e, "reporting database"); }

class PgReportingStore final : public ReportingStore {
public:
    PgReportingStore(const std::string& url, int pool_size) : pool_(url, pool_size) {}

    Status upsert_cohorts(const std::vector<Cohort>& rows) override {
        for (const auto& c : rows)
            if (auto s = check_cohort(c); !s) return s;
        auto done = call<bool>([&](pqxx::connection& conn) {
            pqxx::work w(conn);
            for (const auto& c : rows)
                w.exec_params(
                    "INSERT INTO dash_cohorts (quarter, site, age_band, size) VALUES ($1,$2,$3,$4)"
                    " ON CONFLICT (quarter, site, age_band) DO UPDATE SET size = excluded.size",
                    c.quarter, c.site, c.age_band, c.size);
            w.commit();
            return true;
        });
        if (!done) return done.error();
        return ok_status();
    }

    Status delete_cohort(const std::string& quarter, const std::string& site, const std::string& band) override {
        auto n = call<std::int64_t>([&](pqxx::connection& conn) {
            pqxx::work w(conn);
            auto r = w.exec_params("DELETE FROM dash_cohorts WHERE quarter = $1 AND site = $2 AND age_band = $3",
                                   quarter, site, band);
            w.commit();
            return static_cast<std::int64_t>(r.affected_rows());
        });
        if (!n) return n.error();
        if (*n == 0) return Error{Errc::not_found, "no cohort for " + quarter + " " + site + " " + band};
        return ok_status();
    }

    Result<std::vector<Cohort>> cohorts() override {
        return call<std::vector<Cohort>>([&](pqxx::connection& conn) {
            pqxx::read_transaction w(conn);
            std::vector<Cohort> out;
            for (const auto& row : w.exec("SELECT quarter, site, age_band, size FROM dash_cohorts"
                                          " ORDER BY quarter COLLATE \"C\", site COLLATE \"C\", age_band COLLATE \"C\""))
                out.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                               row[3].as<std::int64_t>()});
            return out;
        });
    }

    Result<std::vector<ResponseCount>> response_counts(const std::string& from, const std::string& to) override {
        return call<std::vector<ResponseCount>>([&](pqxx::connection& conn) {
            pqxx::read_transaction w(conn);
            std::vector<ResponseCount> out;
            // COLLATE "C": the index dash_responses_reach orders bytes, like the bounds.
            for (const auto& row : w.exec_params(
                     "SELECT substr(created_hour, 1, 7) AS m, site, age_band, count(*)::bigint FROM responses"
                     " WHERE created_hour >= $1 AND created_hour <= $2 GROUP BY m, site, age_band",
                     from, to + "-99"))
                out.push_back({row[0].as<std::string>(), row[1].as<std::string>(), row[2].as<std::string>(),
                               row[3].as<std::int64_t>()});
            return out;
        });
    }

    Result<SafeguardingCounts> safeguarding_counts(const std::string& from, const std::string& to,
                                                   const std::string& site) override {
        return call<SafeguardingCounts>([&](pqxx::connection& conn) {
            pqxx::read_transaction w(conn);
            SafeguardingCounts out;
            for (const auto& row : w.exec_params(
                     "SELECT needs_help, matched <> '[]', ack_at - received_at FROM dash_safeguarding"
                     " WHERE created_hour >= $1 AND created_hour <= $2 AND ($3 = '' OR site = $3)",
                     from, to + "-99", site)) {
                if (row[0].as<bool>()) ++out.help_requests;
                if (row[1].as<bool>()) ++out.flagged_comments;
                if (row[2].is_null())
                    ++out.waiting;
                else
                    out.ack_seconds.push_back(row[2].as<std::int64_t>());
            }
            return out;
        });
    }

    Result<std::int64_t> add_action(const Action& a, const std::string& user, std::int64_t now) override {
        if (auto s = check_action(a); !s) return s.error();
        return call<std::int64_t>([&](pqxx::connection& conn) {
            pqxx::work w(conn);
            const auto id = w.exec_params1(
                                 "INSERT INTO dash_actions (title, young_text, owner, due, status, status_at, evidence,"
                                 " created_by, created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$6) RETURNING pk",
                                 a.title, a.young_text, a.owner, a.due, a.status, now, a.evidence, user)[0]
                                .as<std::int64_t>();
            write_links(w, id, a.links);
            w.exec_params("INSERT INTO dash_action_history (action, status, at, \"user\") VALUES ($1,$2,$3,$4)", id,
                          a.status, now, user);
            w.commit();
            return id;
        });
    }

    Status update_action(const Action& a, const std::string& user, std::int64_t now) override {
        if (auto s = check_action(a); !s) return s;
        auto found = call<bool>([&](pqxx::connection& conn) {
            pqxx::work w(conn);
            auto r = w.exec_params("SELECT status FROM dash_actions WHERE pk = $1 FOR UPDATE", a.id);
            if (r.empty()) return false;
            const bool changed = r[0][0].as<std::string>() != a.status;
            w.exec_params(
                "UPDATE dash_actions SET title = $1, young_text = $2, owner = $3, due = $4, status = $5,"
                " status_at = CASE WHEN status = $5 THEN status_at ELSE $6 END, evidence = $7 WHERE pk = $8",
                a.title, a.young_text, a.owner, a.due, a.status, now, a.evidence, a.id);
            w.exec_params("DELETE FROM dash_action_links WHERE action = $1", a.id);
            write_links(w, a.id, a.links);
            if (changed)
                w.exec_params("INSERT INTO dash_action_history (action, status, at, \"user\") VALUES ($1,$2,$3,$4)",
                              a.id, a.status, now, user);
            w.commit();
            return true;
        });
        if (!found) return found.error();
        if (!*found) return Error{Errc::not_found, "no action " + std::to_string(a.id)};
        return ok_status();
    }

    Result<std::vector<Action>> actions() override {
        return call<std::vector<Action>>([&](pqxx::connection& conn) {
            pqxx::read_transaction w(conn);
            std::vector<Action> out;
            std::map<std::int64_t, std::size_t> index;
            for (const auto& row : w.exec("SELECT pk, title, young_text, owner, due, status, status_at, evidence"
                                          " FROM dash_actions ORDER BY due = '', due COLLATE \"C\", pk")) {
                Action a;
                a.id = row[0].as<std::int64_t>();
                a.title = row[1].as<std::string>();
                a.young_text = row[2].as<std::string>();
                a.owner = row[3].as<std::string>();
                a.due = row[4].as<std::string>();
                a.status = row[5].as<std::string>();
                a.status_at = row[6].as<std::int64_t>();
                a.evidence = row[7].as<std::string>();
                index[a.id] = out.size();
                out.push_back(std::move(a));
            }
            for (const auto& row : w.exec("SELECT action, kind, target FROM dash_action_links"
                                          " ORDER BY action, kind DESC, target COLLATE \"C\""))
                if (auto it = index.find(row[0].as<std::int64_t>()); it != index.end())
                    out[it->second].links.push_back({row[1].as<std::string>(), row[2].as<std::string>()});
            for (const auto& row : w.exec("SELECT action, status, at, \"user\" FROM dash_action_history ORDER BY pk"))
                if (auto it = index.find(row[0].as<std::int64_t>()); it != index.end())
                    out[it->second].history.push_back(
                        {row[1].as<std::string>(), row[2].as<std::int64_t>(), row[3].as<std::string>()});
            return out;
        });
    }

private:
    static void write_links(pqxx::work& w, std::int64_t id, const std::vector<ActionLink>& links) {
        for (const auto& l : links)
            w.exec_params("INSERT INTO dash_action_links (action, kind, target) VALUES ($1,$2,$3) ON CONFLICT DO NOTHING",
                          id, l.kind, l.target);
    }

    template <class T, class F>
    Result<T> call(F&& fn) {
        try {
            return Result<T>(pool_.with_retries(fn, reconnect_budget_ms));
        } catch (const std::exception& e) {
            return to_error(e);
        }
    }

    aggregator::PgPool pool_;
};

}  // namespace

Result<std::unique_ptr<ReportingStore>> open_pg_reporting_store(const std::string& url, int pool_size) {
    return construct_store<ReportingStore, PgReportingStore>(to_error, url, pool_size);
}

}  // namespace lp::dashboard
