// SQLite → PostgreSQL copy. Table-driven: each table lists its columns with a kind, so rows
// can be read from either side into the same canonical text (integers in decimal, reals with
// 17 significant digits, blobs in hex, booleans 0/1) and hashed in key order. The aggregator's
// tables are listed here; other modules pass theirs as CopySets (lp/dashboard/copy_set.hpp).
#include <lp/aggregator/pg_store.hpp>
#include <lp/aggregator/sqlite_store.hpp>
#include <lp/aggregator/store_copy.hpp>
#include <lp/shared/crypto.hpp>
#include <lp/shared/sqlite.hpp>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>

#include <algorithm>
#include <cstdio>
#include <optional>
#include <set>

namespace lp::aggregator {

namespace {

using json = nlohmann::json;

using Kind = CopyKind;
using Table = CopyTable;

using Row = std::vector<std::optional<std::string>>;

std::string real_text(double d) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", d);
    return buf;
}

std::string quoted(const std::string& name) { return "\"" + name + "\""; }

// Hashes rows as "v1\x1fv2\x1f…\x1e" with NULL as "\x00".
class RowHasher {
public:
    void add(const Row& row) {
        for (const auto& v : row) text_ += (v ? *v : std::string(1, '\0')) + '\x1f';
        text_ += '\x1e';
        ++rows_;
        if (text_.size() > (1 << 20)) flush();
    }
    TableCopy finish(const std::string& table) {
        flush();
        return TableCopy{table, rows_, crypto::sha256_hex(chunks_)};
    }

private:
    void flush() {
        chunks_ += crypto::sha256_hex(text_);
        text_.clear();
    }
    std::string text_, chunks_;
    std::int64_t rows_ = 0;
};

std::string sqlite_select(const Table& t) {
    std::string cols;
    for (const auto& c : t.columns) cols += (cols.empty() ? "" : ", ") + quoted(c.name);
    const std::string base = !t.sqlite_select.empty() ? t.sqlite_select : "SELECT " + cols + " FROM " + t.name;
    return "SELECT * FROM (" + base + ") ORDER BY " + t.key;
}

// Reads every row of a SQLite table in key order.
template <class F>
void each_sqlite_row(db::Database& db, const Table& t, F&& fn) {
    auto st = db.prepare(sqlite_select(t));
    Row row(t.columns.size());
    while (st.step()) {
        for (std::size_t i = 0; i < t.columns.size(); ++i) {
            const int c = static_cast<int>(i);
            if (st.column_is_null(c)) {
                row[i].reset();
                continue;
            }
            switch (t.columns[i].kind) {
                case Kind::text: row[i] = st.column_text(c); break;
                case Kind::integer: row[i] = std::to_string(st.column_int64(c)); break;
                case Kind::boolean: row[i] = st.column_int64(c) != 0 ? "1" : "0"; break;
                case Kind::real: row[i] = real_text(st.column_double(c)); break;
                case Kind::blob: {
                    auto b = st.column_blob(c);
                    row[i] = crypto::to_hex(b.data(), b.size());
                    break;
                }
            }
        }
        fn(row);
    }
}

// Inserts rows (canonical text) into PostgreSQL, converting hex blobs and 0/1 booleans.
void insert_pg_rows(pqxx::transaction_base& w, const Table& t, const std::vector<Row>& rows) {
    if (rows.empty()) return;
    std::string cols, exprs, types;
    for (std::size_t i = 0; i < t.columns.size(); ++i) {
        const auto& c = t.columns[i];
        const std::string x = "c" + std::to_string(i);
        cols += (i ? ", " : "") + quoted(c.name);
        const char* type = c.kind == Kind::text ? "text" : c.kind == Kind::real ? "double precision"
                           : c.kind == Kind::blob                              ? "text"
                                                                              : "bigint";
        types += (i ? ", " : "") + x + " " + type;
        exprs += (i ? ", " : "") + (c.kind == Kind::blob      ? "decode(" + x + ", 'hex')"
                                    : c.kind == Kind::boolean ? "(" + x + " <> 0)"
                                                              : x);
    }
    json arr = json::array();
    for (const auto& row : rows) {
        json o = json::object();
        for (std::size_t i = 0; i < row.size(); ++i) {
            const std::string x = "c" + std::to_string(i);
            if (!row[i]) {
                o[x] = nullptr;
                continue;
            }
            const Kind k = t.columns[i].kind;
            if (k == Kind::integer || k == Kind::boolean) o[x] = std::stoll(*row[i]);
            else if (k == Kind::real) o[x] = std::stod(*row[i]);
            else o[x] = *row[i];
        }
        arr.push_back(std::move(o));
    }
    w.exec_params("INSERT INTO " + t.name + " (" + cols + ") SELECT " + exprs +
                      " FROM jsonb_to_recordset($1::jsonb) AS x(" + types + ")",
                  arr.dump());
}

TableCopy digest_pg(pqxx::transaction_base& w, const Table& t) {
    std::string cols;
    for (const auto& c : t.columns) {
        const std::string q = quoted(c.name);
        cols += (cols.empty() ? "" : ", ") +
                (c.kind == Kind::blob ? "encode(" + q + ", 'hex')" : c.kind == Kind::boolean ? q + "::int" : q);
    }
    // COLLATE "C": compare text bytewise, as SQLite does.
    std::string key;
    std::size_t start = 0;
    const std::string k = t.key;
    while (start < k.size()) {
        auto end = k.find(',', start);
        if (end == std::string::npos) end = k.size();
        std::string part = k.substr(start, end - start);
        while (!part.empty() && part.front() == ' ') part.erase(part.begin());
        bool text = false;
        for (const auto& c : t.columns) text = text || ((part == c.name || part == quoted(c.name)) && c.kind == Kind::text);
        key += (key.empty() ? "" : ", ") + part + (text ? " COLLATE \"C\"" : "");
        start = end + 1;
    }
    RowHasher h;
    Row row(t.columns.size());
    for (const auto& r : w.exec("SELECT " + cols + " FROM " + t.name + " ORDER BY " + key)) {
        for (std::size_t i = 0; i < t.columns.size(); ++i) {
            const auto& f = r[static_cast<int>(i)];
            if (f.is_null()) {
                row[i].reset();
                continue;
            }
            row[i] = t.columns[i].kind == Kind::real ? real_text(f.as<double>()) : f.as<std::string>();
        }
        h.add(row);
    }
    return h.finish(t.name);
}

std::int64_t pg_count(pqxx::transaction_base& w, const Table& t, bool skip_seeded) {
    const std::string where = skip_seeded && !t.seeded.empty() ? " WHERE NOT (" + t.seeded + ")" : "";
    return w.exec1("SELECT count(*) FROM " + t.name + where)[0].as<std::int64_t>();
}

// The source's digest of one table, without copying it.
TableCopy digest_sqlite(db::Database& db, const Table& t) {
    RowHasher h;
    each_sqlite_row(db, t, [&](const Row& row) { h.add(row); });
    return h.finish(t.name);
}

// Copies one table in chunks, returning the digest of what was read.
TableCopy copy_table(db::Database& src, pqxx::transaction_base& w, const Table& t) {
    if (!t.seeded.empty()) w.exec("DELETE FROM " + t.name + " WHERE " + t.seeded);
    RowHasher h;
    std::vector<Row> chunk;
    each_sqlite_row(src, t, [&](const Row& row) {
        h.add(row);
        chunk.push_back(row);
        if (chunk.size() == 2000) {
            insert_pg_rows(w, t, chunk);
            chunk.clear();
        }
    });
    insert_pg_rows(w, t, chunk);
    if (!t.identity.empty())
        w.exec("SELECT setval(pg_get_serial_sequence('" + t.name + "', '" + t.identity + "'), coalesce(max(" +
               t.identity + "), 0) + 1, false) FROM " + t.name);
    return h.finish(t.name);
}

std::string rows_text(std::int64_t n) { return std::to_string(n) + (n == 1 ? " row" : " rows"); }

}  // namespace

CopySet aggregator_copy_set() {
    CopySet set;
    set.name = "aggregator";
    set.tables = {
        {"sites", {{"name", Kind::text}, {"question_set_id", Kind::text}}, "name", "", "", ""},
        {"enrol_codes",
         {{"code_hash", Kind::text}, {"site", Kind::text}, {"created_at", Kind::integer}, {"expires_at", Kind::integer},
          {"used_at", Kind::integer}, {"device_id", Kind::text}},
         "code_hash", "", "", ""},
        {"devices",
         {{"id", Kind::text}, {"site", Kind::text}, {"name", Kind::text}, {"token_hash", Kind::text},
          {"enrolled_at", Kind::integer}, {"last_seen", Kind::integer}, {"revoked_at", Kind::integer},
          {"responses", Kind::integer}},
         "id", "", "", ""},
        {"responses",
         {{"pk", Kind::integer}, {"device_id", Kind::text}, {"id", Kind::text}, {"seq", Kind::integer},
          {"batch_id", Kind::text}, {"site", Kind::text}, {"question_set_id", Kind::text},
          {"question_set_version", Kind::integer}, {"created_hour", Kind::text}, {"age_band", Kind::text},
          {"language", Kind::text}, {"needs_help", Kind::boolean}, {"received_at", Kind::integer},
          {"sealed", Kind::blob}, {"sha256", Kind::text}, {"assisted", Kind::boolean}},
         "pk", "", "pk", ""},
        // SQLite keeps answer order as rowid order; PostgreSQL keeps it in ord.
        {"answers",
         {{"response", Kind::integer}, {"ord", Kind::integer}, {"question", Kind::text}, {"state", Kind::text},
          {"value_int", Kind::integer}, {"value_text", Kind::text}, {"score", Kind::real}},
         "response, question",
         "SELECT response, row_number() OVER (PARTITION BY response ORDER BY rowid) - 1, question, state, value_int,"
         " value_text, score FROM answers",
         "", ""},
        {"answer_chips", {{"response", Kind::integer}, {"question", Kind::text}, {"option", Kind::text}},
         "response, question, option", "", "", ""},
        {"comments", {{"response", Kind::integer}, {"text", Kind::text}}, "response", "", "", ""},
        {"response_themes", {{"response", Kind::integer}, {"theme", Kind::text}}, "response, theme", "", "", ""},
        {"conflicts",
         {{"pk", Kind::integer}, {"device_id", Kind::text}, {"id", Kind::text}, {"sha256", Kind::text},
          {"sealed", Kind::blob}, {"batch_id", Kind::text}, {"received_at", Kind::integer}},
         "pk", "", "pk", ""},
        {"managers",
         {{"user", Kind::text}, {"password_hash", Kind::text}, {"role", Kind::text}, {"created_at", Kind::integer},
          {"sites", Kind::text}},
         "\"user\"", "", "", ""},
        {"site_contacts", {{"site", Kind::text}, {"name", Kind::text}, {"phone", Kind::text}}, "site", "", "", ""},
    };
    // Opening the store applies its pending migrations (a file from before a column was added).
    set.prepare_source = [](const std::string& path) -> Status {
        auto s = open_sqlite_store(path);
        if (!s) return s.error();
        return ok_status();
    };
    set.prepare_target = [](const std::string& url) -> Status {
        auto v = migrate_pg(url);
        if (!v) return v.error();
        return ok_status();
    };
    return set;
}

Result<CopyReport> copy_sqlite_to_pg(const std::string& sqlite_path, const std::string& pg_url,
                                     const std::vector<CopySet>& extra) {
    std::vector<CopySet> sets{aggregator_copy_set()};
    sets.insert(sets.end(), extra.begin(), extra.end());
    try {
        // Schemas first, each in its own transaction (migrations are idempotent and locked).
        for (const auto& set : sets) {
            if (set.prepare_source)
                if (auto s = set.prepare_source(sqlite_path); !s) return s.error();
            if (set.prepare_target)
                if (auto s = set.prepare_target(pg_url); !s) return s.error();
        }
        db::OpenOptions ro;
        ro.read_only = true;
        ro.create = false;
        db::Database src(sqlite_path, ro);
        pqxx::connection c(pg_url);
        pqxx::work w(c);
        // Per set: an empty target is filled; one already holding rows must hold exactly the
        // source's (a re-run after a copy), which is verified below like a fresh copy.
        CopyReport report;
        std::vector<std::string> differ;
        std::vector<const CopySet*> to_copy;
        for (const auto& set : sets) {
            bool empty = true;
            for (const auto& t : set.tables) empty = empty && pg_count(w, t, true) == 0;
            if (empty) {
                to_copy.push_back(&set);
                continue;
            }
            for (const auto& t : set.tables) {
                TableCopy expected = digest_sqlite(src, t);
                const TableCopy got = digest_pg(w, t);
                if (got.rows != expected.rows || got.sha256 != expected.sha256)
                    differ.push_back(t.name + " (SQLite " + rows_text(expected.rows) + ", PostgreSQL " +
                                     rows_text(got.rows) + (got.rows == expected.rows ? ", other values)" : ")"));
                expected.already_there = true;
                report.tables.push_back(std::move(expected));
            }
        }
        if (!differ.empty()) {
            std::string list;
            for (const auto& d : differ) list += (list.empty() ? "" : ", ") + d;
            return Error{Errc::conflict,
                         "the PostgreSQL store already holds other data than this SQLite store in " + list +
                             "; nothing was copied. migrate-store fills an empty store (or confirms an identical"
                             " one): point --to at a new, empty database"};
        }
        for (const auto* set : to_copy)
            for (const auto& t : set->tables) report.tables.push_back(copy_table(src, w, t));
        // Verify inside the same transaction: a mismatch rolls everything back.
        std::set<std::string> known;
        for (const auto& set : sets)
            for (const auto& t : set.tables) {
                known.insert(t.name);
                const auto expected = std::find_if(report.tables.begin(), report.tables.end(),
                                                   [&](const TableCopy& x) { return x.table == t.name; });
                if (expected == report.tables.end() || expected->already_there) continue;
                const TableCopy got = digest_pg(w, t);
                if (got.rows != expected->rows || got.sha256 != expected->sha256)
                    return Error{Errc::internal, "verification failed for " + t.name + ": SQLite " +
                                                     rows_text(expected->rows) + " " + expected->sha256 +
                                                     ", PostgreSQL " + rows_text(got.rows) + " " + got.sha256};
            }
        const auto bad = w.exec1("SELECT count(*) FROM responses WHERE encode(sha256(sealed), 'hex') <> sha256")[0]
                             .as<std::int64_t>();
        if (bad > 0) return Error{Errc::internal, std::to_string(bad) + " sealed payloads do not match their sha256"};
        w.commit();
        // Schema bookkeeping tables are each side's own (versions of its own migrations).
        auto names = src.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " AND name <> 'dashboard_schema' ORDER BY name");
        while (names.step())
            if (!known.count(names.column_text(0))) report.not_copied.push_back(names.column_text(0));
        return report;
    } catch (const db::Error& e) {
        return Error{Errc::io_error, sqlite_path + ": " + e.what()};
    } catch (const std::exception& e) {
        return Error{Errc::io_error, std::string("PostgreSQL: ") + e.what()};
    }
}

}  // namespace lp::aggregator
