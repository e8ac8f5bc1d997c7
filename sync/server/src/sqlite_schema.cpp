// Every schema migration of the SQLite store, in order. Never edit a shipped step: append one.
#include <lp/aggregator/sqlite_store.hpp>

namespace lp::aggregator {

const std::vector<std::string>& sqlite_migrations() {
    static const std::vector<std::string> steps = {
        // 1: devices, enrolment, responses in sealed and opened form, conflicts, managers.
        R"sql(
CREATE TABLE sites (
  name TEXT PRIMARY KEY,
  question_set_id TEXT NOT NULL
);
CREATE TABLE enrol_codes (
  code_hash TEXT PRIMARY KEY,
  site TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  used_at INTEGER,
  device_id TEXT
);
CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  site TEXT NOT NULL,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  enrolled_at INTEGER NOT NULL,
  last_seen INTEGER,
  revoked_at INTEGER,
  responses INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE responses (
  pk INTEGER PRIMARY KEY,
  device_id TEXT NOT NULL REFERENCES devices(id),
  id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  batch_id TEXT NOT NULL,
  site TEXT NOT NULL,
  question_set_id TEXT NOT NULL,
  question_set_version INTEGER NOT NULL,
  created_hour TEXT NOT NULL,
  age_band TEXT NOT NULL,
  language TEXT NOT NULL,
  needs_help INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  sealed BLOB NOT NULL,
  sha256 TEXT NOT NULL,
  UNIQUE (device_id, id)
);
CREATE INDEX responses_received ON responses(received_at);
CREATE INDEX responses_hour ON responses(created_hour);
CREATE TABLE answers (
  response INTEGER NOT NULL REFERENCES responses(pk),
  question TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('value', 'skipped', 'rather_not_say')),
  value_int INTEGER,
  value_text TEXT,
  score REAL,
  PRIMARY KEY (response, question)
);
CREATE INDEX answers_question ON answers(question);
CREATE TABLE answer_chips (
  response INTEGER NOT NULL REFERENCES responses(pk),
  question TEXT NOT NULL,
  option TEXT NOT NULL,
  PRIMARY KEY (response, question, option)
) WITHOUT ROWID;
CREATE TABLE comments (
  response INTEGER PRIMARY KEY REFERENCES responses(pk),
  text TEXT NOT NULL
);
CREATE TABLE response_themes (
  response INTEGER NOT NULL REFERENCES responses(pk),
  theme TEXT NOT NULL,
  PRIMARY KEY (response, theme)
) WITHOUT ROWID;
CREATE INDEX response_themes_theme ON response_themes(theme);
CREATE TABLE conflicts (
  pk INTEGER PRIMARY KEY,
  device_id TEXT NOT NULL,
  id TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  sealed BLOB NOT NULL,
  batch_id TEXT NOT NULL,
  received_at INTEGER NOT NULL,
  UNIQUE (device_id, id, sha256)
);
CREATE TABLE managers (
  user TEXT PRIMARY KEY,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('manager', 'viewer')),
  created_at INTEGER NOT NULL
);
)sql",
        // 2: the sites a manager or viewer may see (JSON list; empty: every site, an admin).
        R"sql(
ALTER TABLE managers ADD COLUMN sites TEXT NOT NULL DEFAULT '[]';
)sql",
        // 3: each site's own help contact (service name and phone) for its kiosks' help sheet.
        R"sql(
CREATE TABLE site_contacts (
  site TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  phone TEXT NOT NULL
);
)sql",
        // 4: "A grown-up helped me" (the under-8s path asks); older rows did not record it.
        R"sql(
ALTER TABLE responses ADD COLUMN assisted INTEGER NOT NULL DEFAULT 0;
)sql",
    };
    return steps;
}

}  // namespace lp::aggregator
