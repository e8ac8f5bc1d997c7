// Every schema step of the dashboard's tables, in order. Never edit a shipped step: append one.
#include <lp/dashboard/sqlite_store.hpp>

namespace lp::dashboard {

const std::vector<std::string>& dashboard_migrations() {
    static const std::vector<std::string> steps = {
        // 1: catalogue, summaries, comment links, safeguarding queue, sessions, audit, replies.
        R"sql(
CREATE TABLE dash_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE dash_reports (
  id TEXT PRIMARY KEY, ord INTEGER NOT NULL, authority TEXT NOT NULL, kind TEXT NOT NULL,
  date TEXT NOT NULL, title TEXT NOT NULL, sha256 TEXT NOT NULL, judgements TEXT NOT NULL
);
CREATE TABLE dash_findings (
  id TEXT PRIMARY KEY, ord INTEGER NOT NULL, report TEXT NOT NULL, kind TEXT NOT NULL,
  area TEXT NOT NULL, text TEXT NOT NULL, paragraphs TEXT NOT NULL
);
CREATE TABLE dash_themes (
  id TEXT PRIMARY KEY, ord INTEGER NOT NULL, title TEXT NOT NULL, young_title TEXT NOT NULL
);
CREATE TABLE dash_finding_themes (
  finding TEXT NOT NULL, theme TEXT NOT NULL, ord INTEGER NOT NULL, score REAL NOT NULL,
  matched TEXT NOT NULL, PRIMARY KEY (finding, theme)
) WITHOUT ROWID;
CREATE TABLE dash_theme_summary (
  theme TEXT NOT NULL, month TEXT NOT NULL, site TEXT NOT NULL, age_band TEXT NOT NULL,
  question_set TEXT NOT NULL, responses INTEGER NOT NULL, answers INTEGER NOT NULL,
  score_sum REAL NOT NULL, negatives INTEGER NOT NULL, comments INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (theme, month, site, age_band, question_set)
) WITHOUT ROWID;
CREATE TABLE dash_value_summary (
  question_set TEXT NOT NULL, question TEXT NOT NULL, month TEXT NOT NULL, site TEXT NOT NULL,
  age_band TEXT NOT NULL, value TEXT NOT NULL, count INTEGER NOT NULL,
  PRIMARY KEY (question, question_set, month, site, age_band, value)
) WITHOUT ROWID;
CREATE TABLE dash_comment_links (
  response INTEGER NOT NULL, theme TEXT NOT NULL, score REAL NOT NULL, matched TEXT NOT NULL,
  source TEXT NOT NULL CHECK (source IN ('linker', 'manager')),
  PRIMARY KEY (response, theme)
) WITHOUT ROWID;
CREATE INDEX dash_comment_links_theme ON dash_comment_links(theme, response);
CREATE TABLE dash_link_corrections (
  pk INTEGER PRIMARY KEY, response INTEGER NOT NULL, theme TEXT NOT NULL,
  action TEXT NOT NULL CHECK (action IN ('add', 'remove')), user TEXT NOT NULL, at INTEGER NOT NULL,
  text TEXT NOT NULL
);
CREATE INDEX dash_link_corrections_response ON dash_link_corrections(response, theme);
CREATE TABLE dash_safeguarding (
  pk INTEGER PRIMARY KEY, response INTEGER NOT NULL UNIQUE, site TEXT NOT NULL,
  created_hour TEXT NOT NULL, received_at INTEGER NOT NULL, needs_help INTEGER NOT NULL,
  matched TEXT NOT NULL, categories TEXT NOT NULL,
  ack_at INTEGER, ack_by TEXT, ack_note TEXT
);
CREATE INDEX dash_safeguarding_open ON dash_safeguarding(ack_at, pk);
CREATE TABLE dash_sessions (
  token_hash TEXT PRIMARY KEY, user TEXT NOT NULL, role TEXT NOT NULL, csrf TEXT NOT NULL,
  created_at INTEGER NOT NULL, last_seen INTEGER NOT NULL
);
CREATE TABLE dash_logins (user TEXT PRIMARY KEY, failures INTEGER NOT NULL, locked_until INTEGER NOT NULL);
CREATE TABLE dash_audit (
  pk INTEGER PRIMARY KEY, at INTEGER NOT NULL, user TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL
);
CREATE TABLE dash_replies (
  pk INTEGER PRIMARY KEY, theme TEXT NOT NULL, text TEXT NOT NULL, user TEXT NOT NULL, at INTEGER NOT NULL
);
)sql",
    };
    return steps;
}

}  // namespace lp::dashboard
