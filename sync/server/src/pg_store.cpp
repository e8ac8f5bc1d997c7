// PostgreSQL Store. Many aggregator instances share one database, so every rule the SQLite
// store gets from its single writer is enforced here by the database itself:
// - exactly-once: UNIQUE (device_id, id) + INSERT … ON CONFLICT DO NOTHING. When two instances
//   insert the same item at once, the second waits for the first's transaction and then sees
//   its row (READ COMMITTED takes a fresh snapshot per statement), so it answers "duplicate".
// - single-use enrolment codes: one UPDATE … WHERE used_at IS NULL … RETURNING.
// - a batch is one transaction; serialisation failures, deadlocks and lost connections (a
//   server restart) roll it back and the whole batch is retried within a time budget.
// A batch is written with a handful of statements whatever its size (rows travel as one JSON
// document each, unpacked by jsonb_to_recordset), and falls back to one savepoint per item
// when a constraint the validator missed fails, so one bad item never sinks its batch.
#include <lp/aggregator/pg_pool.hpp>
#include <lp/aggregator/pg_store.hpp>
#include <lp/aggregator/ingest_service.hpp>
#include <lp/shared/json_util.hpp>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <condition_variable>
#include <map>
#include <mutex>
#include <set>

namespace lp::aggregator {

namespace {

using json = nlohmann::json;

constexpr int max_conflict_retries = 20;   // serialisation failures / deadlocks per call
constexpr std::int64_t page_rows = 1000;   // for_each_response reads this many at a time
constexpr long long migration_lock_key = 0x4c50'0001;  // "LP" + 1: pg_advisory_xact_lock

// A row-shaped failure the validator missed (duplicate answer, bad check value): the item is
// rejected, the rest of the batch goes on.
bool is_item_constraint(const pqxx::sql_error& e) { return e.sqlstate().rfind("23", 0) == 0; }

// PostgreSQL text (and jsonb) cannot hold U+0000, which SQLite stores and the codec lets
// through (e.g. in a comment or language). Such an item is rejected alone; sent to the server
// it would fail its whole batch on every retry, for ever.
bool has_nul(const IncomingItem& item) {
    const auto nul = [](const std::string& s) { return s.find('\0') != std::string::npos; };
    if (nul(item.id) || nul(item.question_set_id) || nul(item.created_hour) || nul(item.sha256)) return true;
    if (!item.opened) return false;
    const Response& r = *item.opened;
    if (nul(r.language) || nul(r.comment)) return true;
    for (const auto& a : r.answers) {
        if (nul(a.question) || nul(a.choice)) return true;
        for (const auto& chip : a.chips)
            if (nul(chip)) return true;
    }
    for (const auto& t : item.themes)
        if (nul(t)) return true;
    return false;
}

constexpr const char* nul_rejection = "bad fields: text with a NUL character (U+0000) cannot be stored";

// The statements prepared on every connection (pqxx prepares lazily on first use).
void prepare_statements(pqxx::connection& c) {
    c.prepare("device_site", "SELECT site FROM devices WHERE id = $1");
    c.prepare("insert_responses",
              "INSERT INTO responses (device_id, id, seq, batch_id, site, question_set_id, question_set_version,"
              " created_hour, age_band, language, needs_help, assisted, received_at, sealed, sha256)"
              " SELECT $1, x.id, x.seq, $2, $3, x.qs, x.qsv, x.hour, x.band, x.lang, x.help, x.assisted, $4,"
              " decode(x.sealed, 'base64'), x.sha"
              " FROM jsonb_to_recordset($5::jsonb) AS x(ord int, id text, seq bigint, qs text, qsv int, hour text,"
              " band text, lang text, help boolean, assisted boolean, sealed text, sha text)"
              " ORDER BY x.ord"
              " ON CONFLICT (device_id, id) DO NOTHING RETURNING id, pk");
    c.prepare("insert_details",
              "WITH a AS (INSERT INTO answers (response, ord, question, state, value_int, value_text, score)"
              "  SELECT response, ord, question, state, value_int, value_text, score FROM jsonb_to_recordset($1::jsonb)"
              "  AS x(response bigint, ord int, question text, state text, value_int int, value_text text,"
              "  score double precision) RETURNING 1),"
              " ch AS (INSERT INTO answer_chips (response, question, option)"
              "  SELECT response, question, option FROM jsonb_to_recordset($2::jsonb)"
              "  AS x(response bigint, question text, option text)"
              "  ON CONFLICT DO NOTHING RETURNING 1),"
              " co AS (INSERT INTO comments (response, text)"
              "  SELECT response, text FROM jsonb_to_recordset($3::jsonb) AS x(response bigint, text text) RETURNING 1),"
              " th AS (INSERT INTO response_themes (response, theme)"
              "  SELECT response, theme FROM jsonb_to_recordset($4::jsonb) AS x(response bigint, theme text)"
              "  ON CONFLICT DO NOTHING RETURNING 1)"
              " SELECT (SELECT count(*) FROM a), (SELECT count(*) FROM ch), (SELECT count(*) FROM co),"
              " (SELECT count(*) FROM th)");
    c.prepare("existing",
              "SELECT id, sha256 FROM responses WHERE device_id = $1"
              " AND id IN (SELECT jsonb_array_elements_text($2::jsonb))");
    c.prepare("insert_conflicts",
              "INSERT INTO conflicts (device_id, id, sha256, sealed, batch_id, received_at)"
              " SELECT $1, x.id, x.sha, decode(x.sealed, 'base64'), $2, $3"
              " FROM jsonb_to_recordset($4::jsonb) AS x(id text, sha text, sealed text)"
              " ON CONFLICT DO NOTHING");
    c.prepare("touch_device", "UPDATE devices SET last_seen = $2, responses = responses + $3 WHERE id = $1");
    c.prepare("find_device", "SELECT id, site, token_hash, revoked_at FROM devices WHERE token_hash = $1");
}

// [SECTION] Connection pool

using Pool = PgPool;

// [SECTION] Migrations

int apply_migrations(pqxx::connection& c) {
    pqxx::work w(c);
    w.exec_params("SELECT pg_advisory_xact_lock($1)", migration_lock_key);
    w.exec("CREATE TABLE IF NOT EXISTS lp_schema_version (version integer NOT NULL, applied_at timestamptz NOT NULL"
           " DEFAULT now())");
    int version = w.exec1("SELECT coalesce(max(version), 0) FROM lp_schema_version")[0].as<int>();
    const auto& steps = pg_migrations();
    for (int i = version; i < static_cast<int>(steps.size()); ++i) {
        w.exec(steps[static_cast<std::size_t>(i)]);
        w.exec_params("INSERT INTO lp_schema_version (version) VALUES ($1)", i + 1);
    }
    w.commit();
    return static_cast<int>(steps.size()) > version ? static_cast<int>(steps.size()) : version;
}

// [SECTION] Store

class PgStore final : public Store {
public:
    PgStore(const std::string& url, const PgOptions& o) : pool_(url, o.pool_size, prepare_statements), options_(o) {
        auto lease = pool_.acquire();
        if (o.migrate) apply_migrations(*lease);
    }

    Status add_enrol_code(const std::string& code_hash, const std::string& site, std::int64_t created_at,
                          std::int64_t expires_at) override {
        return status_of("add enrolment code", [&](pqxx::connection& c) {
            pqxx::work w(c);
            w.exec_params("INSERT INTO enrol_codes (code_hash, site, created_at, expires_at) VALUES ($1, $2, $3, $4)",
                          code_hash, site, created_at, expires_at);
            w.commit();
        });
    }

    Result<Device> enrol_device(const std::string& code_hash, const NewDevice& device, std::int64_t now) override {
        return call<Device>("enrol device", [&](pqxx::connection& c) -> Result<Device> {
            pqxx::work w(c);
            // The row lock makes a code single-use even when two instances get it at once:
            // the second UPDATE re-checks used_at after the first commits and matches nothing.
            auto r = w.exec_params(
                "UPDATE enrol_codes SET used_at = $2, device_id = $3"
                " WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2 RETURNING site",
                code_hash, now, device.id);
            if (r.empty()) return Error{Errc::not_found, "enrolment code is unknown, used or expired"};
            Device d;
            d.id = device.id;
            d.site = r[0][0].as<std::string>();
            d.name = device.name;
            d.enrolled_at = device.enrolled_at;
            w.exec_params("INSERT INTO devices (id, site, name, token_hash, enrolled_at) VALUES ($1, $2, $3, $4, $5)",
                          device.id, d.site, device.name, device.token_hash, device.enrolled_at);
            w.commit();
            return d;
        });
    }

    Result<Device> reissue_device_token(const std::string& code_hash, const std::string& device_id,
                                        const std::string& token_hash, std::int64_t now) override {
        return call<Device>("reissue device token", [&](pqxx::connection& c) -> Result<Device> {
            pqxx::work w(c);
            auto r = w.exec_params(
                "UPDATE devices d SET token_hash = $3 FROM enrol_codes c"
                " WHERE c.code_hash = $1 AND c.device_id = $2 AND d.id = c.device_id AND c.used_at IS NOT NULL"
                " AND c.expires_at > $4 AND d.revoked_at IS NULL RETURNING d.site, d.name, d.enrolled_at",
                code_hash, device_id, token_hash, now);
            if (r.empty()) return Error{Errc::not_found, "no live enrolment of this device with this code"};
            Device d;
            d.id = device_id;
            d.site = r[0][0].as<std::string>();
            d.name = r[0][1].as<std::string>();
            d.enrolled_at = r[0][2].as<std::int64_t>();
            w.commit();
            return d;
        });
    }

    Result<std::optional<DeviceAuth>> find_device_by_token_hash(const std::string& token_hash) override {
        return call<std::optional<DeviceAuth>>("find device", [&](pqxx::connection& c) {
            pqxx::read_transaction w(c);
            auto r = w.exec_prepared("find_device", token_hash);
            if (r.empty()) return std::optional<DeviceAuth>();
            return std::optional<DeviceAuth>(DeviceAuth{r[0][0].as<std::string>(), r[0][1].as<std::string>(),
                                                        r[0][2].as<std::string>(), !r[0][3].is_null()});
        });
    }

    Result<std::vector<Device>> list_devices() override {
        return call<std::vector<Device>>("list devices", [&](pqxx::connection& c) {
            pqxx::read_transaction w(c);
            auto r = w.exec("SELECT id, site, name, enrolled_at, last_seen, responses, revoked_at FROM devices"
                            " ORDER BY enrolled_at, id COLLATE \"C\"");
            std::vector<Device> out;
            out.reserve(r.size());
            for (const auto& row : r) {
                Device d;
                d.id = row[0].as<std::string>();
                d.site = row[1].as<std::string>();
                d.name = row[2].as<std::string>();
                d.enrolled_at = row[3].as<std::int64_t>();
                if (!row[4].is_null()) d.last_seen = row[4].as<std::int64_t>();
                d.responses = row[5].as<std::int64_t>();
                d.revoked = !row[6].is_null();
                out.push_back(std::move(d));
            }
            return out;
        });
    }

    Status revoke_device(const std::string& device_id, std::int64_t now) override {
        auto r = call<bool>("revoke device", [&](pqxx::connection& c) {
            pqxx::work w(c);
            auto res = w.exec_params("UPDATE devices SET revoked_at = coalesce(revoked_at, $1) WHERE id = $2", now,
                                     device_id);
            w.commit();
            return res.affected_rows() > 0;
        });
        if (!r) return r.error();
        if (!*r) return Status::fail(Errc::not_found, "no device " + device_id);
        return ok_status();
    }

    Status touch_device(const std::string& device_id, std::int64_t now) override {
        return status_of("touch device", [&](pqxx::connection& c) {
            pqxx::work w(c);
            w.exec_prepared("touch_device", device_id, now, 0);
            w.commit();
        });
    }

    Status set_site_question_set(const std::string& site, const std::string& question_set_id) override {
        return status_of("set site question set", [&](pqxx::connection& c) {
            pqxx::work w(c);
            w.exec_params("INSERT INTO sites (name, question_set_id) VALUES ($1, $2)"
                          " ON CONFLICT (name) DO UPDATE SET question_set_id = excluded.question_set_id",
                          site, question_set_id);
            w.commit();
        });
    }

    Result<std::optional<std::string>> site_question_set(const std::string& site) override {
        return call<std::optional<std::string>>("site question set", [&](pqxx::connection& c) {
            pqxx::read_transaction w(c);
            auto r = w.exec_params("SELECT question_set_id FROM sites WHERE name = $1", site);
            if (r.empty()) return std::optional<std::string>();
            return std::optional<std::string>(r[0][0].as<std::string>());
        });
    }

    Status set_site_contact(const std::string& site, const SiteContact& contact) override {
        return status_of("set site contact", [&](pqxx::connection& c) {
            pqxx::work w(c);
            if (contact.name.empty() && contact.phone.empty())
                w.exec_params("DELETE FROM site_contacts WHERE site = $1", site);
            else
                w.exec_params("INSERT INTO site_contacts (site, name, phone) VALUES ($1, $2, $3)"
                              " ON CONFLICT (site) DO UPDATE SET name = excluded.name, phone = excluded.phone",
                              site, contact.name, contact.phone);
            w.commit();
        });
    }

    Result<std::optional<SiteContact>> site_contact(const std::string& site) override {
        return call<std::optional<SiteContact>>("site contact", [&](pqxx::connection& c) {
            pqxx::read_transaction w(c);
            auto r = w.exec_params("SELECT name, phone FROM site_contacts WHERE site = $1", site);
            if (r.empty()) return std::optional<SiteContact>();
            return std::optional<SiteContact>(SiteContact{r[0][0].as<std::string>(), r[0][1].as<std::string>()});
        });
    }

    Result<std::vector<ItemResult>> store_batch(const std::string& device_id, const std::string& batch_id,
                                                const std::vector<IncomingItem>& items, std::int64_t now) override {
        return call<std::vector<ItemResult>>("store batch", [&](pqxx::connection& c) -> Result<std::vector<ItemResult>> {
            pqxx::work w(c);
            auto site = w.exec_prepared("device_site", device_id);
            if (site.empty()) return Error{Errc::io_error, "store batch: device " + device_id + " is not registered"};
            const std::string site_name = site[0][0].as<std::string>();

            std::set<std::string> ids;
            bool repeated_ids = false;
            for (const auto& item : items) repeated_ids = repeated_ids || !ids.insert(item.id).second;

            std::vector<ItemResult> results;
            bool bulk_done = false;
            if (!repeated_ids) {
                // Fast path: the whole batch in a few statements, inside a savepoint so a
                // constraint failure can fall back to item-by-item without losing the batch.
                // (Plain SAVEPOINT statements: pqxx 6's subtransaction leaves the outer
                // transaction aborted after an error.)
                w.exec("SAVEPOINT bulk");
                try {
                    results = write_items(w, device_id, batch_id, site_name, items, now);
                    bulk_done = true;
                } catch (const pqxx::sql_error& e) {
                    if (!is_item_constraint(e)) throw;
                    w.exec("ROLLBACK TO SAVEPOINT bulk");
                }
                w.exec("RELEASE SAVEPOINT bulk");
            }
            if (!bulk_done) {
                results.clear();
                for (const auto& item : items) {
                    w.exec("SAVEPOINT item");
                    try {
                        results.push_back(write_items(w, device_id, batch_id, site_name, {item}, now).front());
                    } catch (const pqxx::sql_error& e) {
                        if (!is_item_constraint(e)) throw;
                        w.exec("ROLLBACK TO SAVEPOINT item");
                        std::string why = e.what();
                        while (!why.empty() && why.back() == '\n') why.pop_back();
                        results.push_back({item.id, ItemStatus::rejected, "bad fields: " + why});
                    }
                    w.exec("RELEASE SAVEPOINT item");
                }
            }
            std::int64_t stored = 0;
            for (const auto& r : results) stored += r.status == ItemStatus::stored ? 1 : 0;
            w.exec_prepared("touch_device", device_id, now, stored);
            w.commit();
            return results;
        });
    }

    Status for_each_response(std::int64_t since, const std::function<void(const StoredResponse&)>& fn) override {
        // Read a whole page before calling fn, so a slow consumer never holds a query open; the
        // repeatable-read snapshot keeps pages consistent with each other.
        std::vector<StoredResponse> page;
        std::int64_t after = 0;
        try {
            auto lease = pool_.acquire();
            try {
                pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> w(*lease);
                while (true) {
                    page.clear();
                    const std::int64_t last = read_page(w, since, after, page);
                    for (const auto& s : page) fn(s);
                    if (page.size() < static_cast<std::size_t>(page_rows)) break;
                    after = last;
                }
                return ok_status();
            } catch (const pqxx::broken_connection&) {
                lease.mark_broken();
                throw;
            }
        } catch (const std::exception& e) {
            return pg_error(e, "read responses");
        }
    }

    Result<StoreCounts> counts() override {
        return call<StoreCounts>("count", [&](pqxx::connection& c) {
            pqxx::read_transaction w(c);
            auto r = w.exec1("SELECT (SELECT count(*) FROM devices), (SELECT count(*) FROM responses),"
                             " (SELECT count(*) FROM answers), (SELECT count(*) FROM conflicts)");
            return StoreCounts{r[0].as<std::int64_t>(), r[1].as<std::int64_t>(), r[2].as<std::int64_t>(),
                               r[3].as<std::int64_t>()};
        });
    }

    Status upsert_manager(const Manager& m) override {
        return status_of("add manager", [&](pqxx::connection& c) {
            pqxx::work w(c);
            w.exec_params("INSERT INTO managers (\"user\", password_hash, role, created_at, sites)"
                          " VALUES ($1, $2, $3, $4, $5)"
                          " ON CONFLICT (\"user\") DO UPDATE SET password_hash = excluded.password_hash,"
                          " role = excluded.role, sites = excluded.sites",
                          m.user, m.password_hash, m.role, m.created_at, to_json_list(m.sites));
            w.commit();
        });
    }

    static Manager manager_of(const pqxx::row& r) {
        return Manager{r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                       r[3].as<std::int64_t>(), from_json_list(r[4].as<std::string>())};
    }

    Result<std::optional<Manager>> find_manager(const std::string& user) override {
        return call<std::optional<Manager>>("find manager", [&](pqxx::connection& c) {
            pqxx::read_transaction w(c);
            auto r = w.exec_params(
                "SELECT \"user\", password_hash, role, created_at, sites FROM managers WHERE \"user\" = $1", user);
            if (r.empty()) return std::optional<Manager>();
            return std::optional<Manager>(manager_of(r[0]));
        });
    }

    Status remove_manager(const std::string& user) override {
        bool found = false;
        auto s = status_of("remove manager", [&](pqxx::connection& c) {
            pqxx::work w(c);
            found = w.exec_params("DELETE FROM managers WHERE \"user\" = $1", user).affected_rows() > 0;
            w.commit();
        });
        if (!s) return s;
        if (!found) return Status::fail(Errc::not_found, "no account named '" + user + "'");
        return ok_status();
    }

    Result<std::vector<Manager>> list_managers() override {
        return call<std::vector<Manager>>("list managers", [&](pqxx::connection& c) {
            pqxx::read_transaction w(c);
            std::vector<Manager> out;
            for (const auto& row : w.exec(
                     "SELECT \"user\", password_hash, role, created_at, sites FROM managers ORDER BY \"user\""))
                out.push_back(manager_of(row));
            return out;
        });
    }

    // PostgreSQL makes every commit durable itself (WAL + fsync); nothing to flush on shutdown.
    Status checkpoint() override { return ok_status(); }

    Result<std::string> integrity_check() override {
        return call<std::string>("integrity check", [&](pqxx::connection& c) {
            pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> w(c);
            // Constraints keep rows consistent; what is left to check is that every sealed
            // payload still matches the hash that was acknowledged to its kiosk.
            auto bad = w.exec1("SELECT count(*) FROM responses WHERE encode(sha256(sealed), 'hex') <> sha256")[0]
                           .as<std::int64_t>();
            if (bad > 0) return std::to_string(bad) + " responses whose sealed bytes do not match their sha256";
            auto counters = w.exec1("SELECT count(*) FROM devices d WHERE responses <> (SELECT count(*) FROM"
                                    " responses r WHERE r.device_id = d.id)")[0]
                                .as<std::int64_t>();
            if (counters > 0) return std::to_string(counters) + " devices whose response counter is off";
            return std::string("ok");
        });
    }

private:
    // Writes items (no id twice) and returns their results in item order. Throws on SQL errors.
    static std::vector<ItemResult> write_items(pqxx::transaction_base& w, const std::string& device_id,
                                               const std::string& batch_id, const std::string& site,
                                               const std::vector<IncomingItem>& items, std::int64_t now) {
        std::vector<ItemResult> results(items.size());
        json rows = json::array();
        for (std::size_t i = 0; i < items.size(); ++i) {
            const auto& item = items[i];
            results[i].id = item.id;
            if (!item.opened || has_nul(item)) continue;
            const Response& r = *item.opened;
            rows.push_back({{"ord", i},
                            {"id", item.id},
                            {"seq", item.seq},
                            {"qs", item.question_set_id},
                            {"qsv", item.question_set_version},
                            {"hour", item.created_hour},
                            {"band", to_string(r.age_band)},
                            {"lang", r.language},
                            {"help", r.needs_help},
                            {"assisted", r.assisted},
                            {"sealed", crypto::to_base64(item.sealed)},
                            {"sha", item.sha256}});
        }
        std::map<std::string, std::int64_t> inserted;
        if (!rows.empty()) {
            auto res = w.exec_prepared("insert_responses", device_id, batch_id, site, now, rows.dump());
            for (const auto& row : res) inserted[row[0].as<std::string>()] = row[1].as<std::int64_t>();
        }

        json answers = json::array(), chips = json::array(), comments = json::array(), themes = json::array();
        json others = json::array();
        for (std::size_t i = 0; i < items.size(); ++i) {
            const auto& item = items[i];
            auto it = inserted.find(item.id);
            if (it == inserted.end()) {
                others.push_back(item.id);
                continue;
            }
            const std::int64_t pk = it->second;
            const Response& r = *item.opened;
            for (std::size_t k = 0; k < r.answers.size(); ++k) {
                const Answer& a = r.answers[k];
                // Keys named as the columns they fill (prepare_statements: insert_details).
                json row = {{"response", pk},   {"ord", k},          {"question", a.question},
                            {"state", to_string(a.state)}, {"value_int", nullptr}, {"value_text", nullptr},
                            {"score", nullptr}};
                if (a.state == AnswerState::value) {
                    if (a.scale > 0) row["value_int"] = a.scale;
                    if (!a.choice.empty()) row["value_text"] = a.choice;
                    if (k < item.scores.size() && item.scores[k]) row["score"] = *item.scores[k];
                }
                answers.push_back(std::move(row));
                for (const auto& chip : a.chips)
                    chips.push_back({{"response", pk}, {"question", a.question}, {"option", chip}});
            }
            if (!r.comment.empty()) comments.push_back({{"response", pk}, {"text", r.comment}});
            for (const auto& t : item.themes) themes.push_back({{"response", pk}, {"theme", t}});
            results[i].status = ItemStatus::stored;
        }
        if (!inserted.empty())
            w.exec_prepared("insert_details", answers.dump(), chips.dump(), comments.dump(), themes.dump());

        if (!others.empty()) {
            std::map<std::string, std::string> existing;
            for (const auto& row : w.exec_prepared("existing", device_id, others.dump()))
                existing[row[0].as<std::string>()] = row[1].as<std::string>();
            json conflicts = json::array();
            for (std::size_t i = 0; i < items.size(); ++i) {
                const auto& item = items[i];
                if (inserted.count(item.id)) continue;
                auto e = existing.find(item.id);
                if (e == existing.end()) {
                    // Not stored before and not insertable: only unopened items (and those with a
                    // NUL) end up here.
                    const bool nul = has_nul(item);
                    if (item.opened && !nul) throw pqxx::serialization_failure("item vanished while storing; retrying");
                    results[i] = {item.id, ItemStatus::rejected, nul ? std::string(nul_rejection) : item.rejection};
                } else {
                    results[i] = classify_existing(item, e->second);
                    if (results[i].status == ItemStatus::conflict)
                        conflicts.push_back(
                            {{"id", item.id}, {"sha", item.sha256}, {"sealed", crypto::to_base64(item.sealed)}});
                }
            }
            if (!conflicts.empty()) w.exec_prepared("insert_conflicts", device_id, batch_id, now, conflicts.dump());
        }
        return results;
    }

    // One page of responses with pk > after, fully assembled; returns the last pk read.
    static std::int64_t read_page(pqxx::transaction_base& w, std::int64_t since, std::int64_t after,
                                  std::vector<StoredResponse>& out) {
        auto rows = w.exec_params(
            "SELECT r.pk, r.device_id, r.site, r.received_at, r.sha256, r.id, r.seq, r.question_set_id,"
            " r.question_set_version, r.created_hour, r.age_band, r.language, r.needs_help,"
            " coalesce(c.text, ''), r.assisted FROM responses r LEFT JOIN comments c ON c.response = r.pk"
            " WHERE r.received_at >= $1 AND r.pk > $2 ORDER BY r.pk LIMIT $3",
            since, after, page_rows);
        if (rows.empty()) return after;
        std::map<std::int64_t, std::size_t> index;
        json pks = json::array();
        for (const auto& row : rows) {
            StoredResponse s;
            const auto pk = row[0].as<std::int64_t>();
            s.device_id = row[1].as<std::string>();
            s.site = row[2].as<std::string>();
            s.received_at = row[3].as<std::int64_t>();
            s.sha256 = row[4].as<std::string>();
            auto& r = s.response;
            r.id = row[5].as<std::string>();
            r.seq = row[6].as<std::int64_t>();
            r.question_set_id = row[7].as<std::string>();
            r.question_set_version = row[8].as<int>();
            r.created_hour = row[9].as<std::string>();
            r.age_band = age_band_from_string(row[10].as<std::string>()).value_or(AgeBand::unsaid);
            r.language = row[11].as<std::string>();
            r.needs_help = row[12].as<bool>();
            r.comment = row[13].as<std::string>();
            r.assisted = row[14].as<bool>();
            index[pk] = out.size();
            pks.push_back(pk);
            out.push_back(std::move(s));
        }
        const std::string pk_list = pks.dump();
        const std::string in_page = " IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint)";
        std::map<std::pair<std::int64_t, std::string>, std::size_t> answer_at;
        for (const auto& row : w.exec_params("SELECT response, question, state, value_int, value_text FROM answers"
                                             " WHERE response" + in_page + " ORDER BY response, ord",
                                             pk_list)) {
            const auto pk = row[0].as<std::int64_t>();
            Answer a;
            a.question = row[1].as<std::string>();
            a.state = answer_state_from_string(row[2].as<std::string>());
            if (!row[3].is_null()) a.scale = row[3].as<int>();
            if (!row[4].is_null()) a.choice = row[4].as<std::string>();
            auto& answers = out[index.at(pk)].response.answers;
            answer_at[{pk, a.question}] = answers.size();
            answers.push_back(std::move(a));
        }
        for (const auto& row : w.exec_params("SELECT response, question, option FROM answer_chips WHERE response" +
                                                 in_page + " ORDER BY response, option COLLATE \"C\"",
                                             pk_list)) {
            const auto pk = row[0].as<std::int64_t>();
            auto at = answer_at.find({pk, row[1].as<std::string>()});
            if (at != answer_at.end())
                out[index.at(pk)].response.answers[at->second].chips.push_back(row[2].as<std::string>());
        }
        for (const auto& row : w.exec_params("SELECT response, theme FROM response_themes WHERE response" + in_page +
                                                 " ORDER BY response, theme COLLATE \"C\"",
                                             pk_list))
            out[index.at(row[0].as<std::int64_t>())].themes.push_back(row[1].as<std::string>());
        return rows[rows.size() - 1][0].as<std::int64_t>();
    }

    // Runs fn on a pooled connection with PgPool's retries; failures become io_error/disk_full.
    template <class T, class F>
    Result<T> call(const std::string& what, F&& fn) {
        try {
            return Result<T>(pool_.with_retries(fn, options_.reconnect_budget_ms, max_conflict_retries));
        } catch (const std::exception& e) {
            return pg_error(e, what);
        }
    }

    template <class F>
    Status status_of(const std::string& what, F&& fn) {
        auto r = call<bool>(what, [&](pqxx::connection& c) {
            fn(c);
            return true;
        });
        if (!r) return r.error();
        return ok_status();
    }

    Pool pool_;
    PgOptions options_;
};

}  // namespace

Result<std::unique_ptr<Store>> open_pg_store(const std::string& url, const PgOptions& options) {
    try {
        return std::unique_ptr<Store>(std::make_unique<PgStore>(url, options));
    } catch (const std::exception& e) {
        return pg_error(e, "open PostgreSQL store");
    }
}

Result<int> migrate_pg(const std::string& url) {
    try {
        pqxx::connection c(url);
        return apply_migrations(c);
    } catch (const std::exception& e) {
        return pg_error(e, "migrate PostgreSQL store");
    }
}

}  // namespace lp::aggregator
