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
        // 2: every comment's review state (new until read, by whom, when) for the "To read" queue.
        // Comments indexed before this step are new: nobody has recorded reading them.
        R"sql(
CREATE TABLE dash_comment_reviews (
  response INTEGER PRIMARY KEY, received_at INTEGER NOT NULL, flagged INTEGER NOT NULL,
  read_at INTEGER, read_by TEXT
);
CREATE INDEX dash_comment_reviews_unread ON dash_comment_reviews(flagged, received_at) WHERE read_at IS NULL;
INSERT INTO dash_comment_reviews (response, received_at, flagged)
  SELECT c.response, r.received_at, EXISTS (SELECT 1 FROM dash_safeguarding s WHERE s.response = c.response)
  FROM comments c JOIN responses r ON r.pk = c.response
  WHERE c.response <= coalesce((SELECT CAST(value AS INTEGER) FROM dash_state WHERE key = 'cursor'), 0);
)sql",
        // 3: a session remembers its account's password, role and sites at login (a stamp), so a
        // change or removal of the account ends it. Older sessions have no stamp and end.
        R"sql(
ALTER TABLE dash_sessions ADD COLUMN stamp TEXT NOT NULL DEFAULT '';
CREATE INDEX dash_sessions_created ON dash_sessions(created_at);
)sql",
        // 4: council reporting. Cohort sizes per quarter, site ("" = whole council) and age band
        // ("" = every age), the denominators of response rates; an index on the aggregator's
        // responses so a quarter's responses per site and band are counted from the index alone;
        // actions with owners, due dates, links to themes and findings, and their status history.
        R"sql(
CREATE TABLE dash_cohorts (
  quarter TEXT NOT NULL, site TEXT NOT NULL, age_band TEXT NOT NULL, size INTEGER NOT NULL,
  PRIMARY KEY (quarter, site, age_band)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS dash_responses_reach ON responses(created_hour, site, age_band);
CREATE TABLE dash_actions (
  pk INTEGER PRIMARY KEY, title TEXT NOT NULL, young_text TEXT NOT NULL, owner TEXT NOT NULL, due TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'dropped')), status_at INTEGER NOT NULL,
  evidence TEXT NOT NULL, created_by TEXT NOT NULL, created_at INTEGER NOT NULL
);
CREATE TABLE dash_action_links (
  action INTEGER NOT NULL REFERENCES dash_actions(pk), kind TEXT NOT NULL CHECK (kind IN ('theme', 'finding')),
  target TEXT NOT NULL, PRIMARY KEY (action, kind, target)
) WITHOUT ROWID;
CREATE INDEX dash_action_links_target ON dash_action_links(kind, target);
CREATE TABLE dash_action_history (
  pk INTEGER PRIMARY KEY, action INTEGER NOT NULL REFERENCES dash_actions(pk), status TEXT NOT NULL,
  at INTEGER NOT NULL, user TEXT NOT NULL
);
CREATE INDEX dash_action_history_action ON dash_action_history(action, pk);
)sql",
        // 5: alerts. One per help request or flagged comment as it is indexed (uid: random, the
        // receivers' idempotency id), and one delivery per channel, leased while being sent.
        R"sql(
CREATE TABLE dash_alerts (
  pk INTEGER PRIMARY KEY, uid TEXT NOT NULL UNIQUE, response INTEGER NOT NULL UNIQUE, site TEXT NOT NULL,
  created_hour TEXT NOT NULL, received_at INTEGER NOT NULL, needs_help INTEGER NOT NULL, categories TEXT NOT NULL
);
CREATE INDEX dash_alerts_received ON dash_alerts(received_at);
CREATE TABLE dash_alert_deliveries (
  alert INTEGER NOT NULL REFERENCES dash_alerts(pk), channel TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'failed')),
  attempts INTEGER NOT NULL, next_at INTEGER NOT NULL, last_error TEXT NOT NULL, done_at INTEGER,
  PRIMARY KEY (alert, channel)
) WITHOUT ROWID;
CREATE INDEX dash_alert_deliveries_due ON dash_alert_deliveries(next_at) WHERE state IN ('pending', 'sending');
)sql",
        // 6: report history. The catalogue's reports record their framework and version; every
        // imported report is kept, with its improvement points and their themes, after a later
        // import replaces the catalogue ("Since the last inspection"). The reports loaded now
        // start the history.
        R"sql(
ALTER TABLE dash_reports ADD COLUMN framework TEXT NOT NULL DEFAULT '';
ALTER TABLE dash_reports ADD COLUMN framework_version TEXT NOT NULL DEFAULT '';
CREATE TABLE dash_report_history (
  id TEXT PRIMARY KEY, authority TEXT NOT NULL, kind TEXT NOT NULL, date TEXT NOT NULL, title TEXT NOT NULL,
  sha256 TEXT NOT NULL, judgements TEXT NOT NULL, framework TEXT NOT NULL, framework_version TEXT NOT NULL,
  imported_at INTEGER NOT NULL
);
CREATE TABLE dash_report_history_points (
  report TEXT NOT NULL, ord INTEGER NOT NULL, area TEXT NOT NULL, text TEXT NOT NULL, themes TEXT NOT NULL,
  PRIMARY KEY (report, ord)
) WITHOUT ROWID;
INSERT INTO dash_report_history
  SELECT id, authority, kind, date, title, sha256, judgements, '', '', CAST(strftime('%s', 'now') AS INTEGER)
  FROM dash_reports;
INSERT INTO dash_report_history_points
  SELECT f.report, f.ord, f.area, f.text,
         coalesce((SELECT json_group_array(t.theme) FROM dash_finding_themes t WHERE t.finding = f.id), '[]')
  FROM dash_findings f WHERE f.kind = 'improvement';
)sql",
    };
    return steps;
}

}  // namespace lp::dashboard
