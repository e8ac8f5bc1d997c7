#pragma once
// The dashboard's storage interface. Pages, the indexer and the CLI talk to this, never to SQL.
// Implementations: SQLite (sqlite_store.hpp, same file as the aggregator's database, own
// versioned tables) and PostgreSQL (pg_dashboard_store.hpp, same database as the aggregator's). Every method is safe to
// call from many threads and reports failures as values. No method builds SQL from caller values: everything is bound.
#include <algorithm>
#include <cstdint>
#include <functional>
#include <lp/shared/catalogue.hpp>
#include <lp/shared/result.hpp>
#include <optional>
#include <string>
#include <vector>

namespace lp::dashboard {

// [SECTION] Value types

/// Filters shared by every view. Empty string = all. Months are "YYYY-MM", inclusive.
struct Filter {
    std::string site;
    std::string age_band;      // "8-12" | "13-17" | "16-25" | "unsaid" | ""
    std::string question_set;  // question-set id or ""
    std::string from_month;    // "" = open
    std::string to_month;      // "" = open
};

/// One row of the theme × month summary after grouping (what the matrix draws).
struct ThemeMonth {
    std::string theme;
    std::string month;
    std::int64_t responses = 0;  // distinct responses with a scored answer on this theme
    std::int64_t answers = 0;    // scored answers
    double score_sum = 0.0;
    std::int64_t negatives = 0;  // answers with score < 0.5
};

/// Responses under a filter, and how many of them "A grown-up helped me" (the under-8s path asks).
struct AssistedCounts {
    std::int64_t responses = 0;
    std::int64_t assisted = 0;
};

/// Count of one answer value of one question under a filter (theme page bar charts).
struct ValueCount {
    std::string question_set;
    std::string question;
    std::string value;  // "1".."5", "yes", "unsure", "no", "rather_not_say"
    std::int64_t count = 0;
};

struct Session {
    std::string user;
    std::string role;  // "manager" | "viewer"
    std::string csrf;
    std::int64_t created_at = 0;
    std::int64_t last_seen = 0;
    std::string stamp{};                // the account's password, role and sites at login (Auth::stamp_of)
    std::vector<std::string> sites{};   // not stored: the account's sites, filled in by Auth::session
};

struct LoginState {
    int failures = 0;  // attempts in a row (a successful login clears them)
    std::int64_t locked_until = 0;
};

/// What counting one login attempt decided (DashboardStore::count_login_attempt).
struct LoginAttempt {
    bool allowed = false;        // false: the key was already locked; no password check
    bool locks_now = false;      // this attempt reached the limit and locked the key
    std::int64_t locked_until = 0;
};

/// The counting rule both stores apply under their row lock: refused while locked; otherwise
/// one more attempt, and the max_attempts-th in a row locks the key for lockout_s.
inline LoginAttempt count_attempt(LoginState& state, std::int64_t now, int max_attempts, int lockout_s) {
    if (state.locked_until > now) return {false, false, state.locked_until};
    if (++state.failures < max_attempts) return {true, false, 0};
    state.failures = 0;
    state.locked_until = now + lockout_s;
    return {true, true, state.locked_until};
}

struct AuditEntry {
    std::int64_t at = 0;
    std::string user;
    std::string action;
    std::string detail;
};

/// A linked or listed comment. Time is hour-rounded (created_hour); no device id.
struct CommentLinkView {
    std::string theme;
    double score = 0.0;
    std::vector<std::string> matched;
    std::string source;  // "linker" | "manager"
};
struct CommentView {
    std::int64_t response = 0;
    std::string site;
    std::string created_hour;
    std::string age_band;
    std::string question_set;
    std::string text;
    std::vector<CommentLinkView> links;
    std::optional<std::int64_t> read_at;  // nullopt: new, nobody has read it yet
    std::string read_by;
};

/// A comment in the "To read" queue: every comment waits there until a person has read it.
struct UnreadComment {
    std::int64_t response = 0;
    std::string site;
    std::string created_hour;
    std::string age_band;
    std::int64_t received_at = 0;
    bool flagged = false;  // in the safeguarding queue (scan hit or help request): the shorter deadline
    std::vector<std::string> categories;
    std::string text;
    bool read_first = false;  // flagged only to be read first (IndexedResponse::read_first): no scan hit,
                              // no help request, no alert
};

/// Deadlines of the "To read" queue, in seconds after a comment was received.
struct ReviewDeadlines {
    std::int64_t comment_s = 72 * 3600;  // every comment (comment_review_hours)
    std::int64_t flagged_s = 24 * 3600;  // flagged comments and help requests (overdue_s)
};

/// How many comments wait to be read, and how many of those are past their deadline.
struct ReviewCounts {
    std::int64_t unread = 0;
    std::int64_t overdue = 0;
};

struct CommentQuery {
    Filter filter;
    std::string theme;   // "" = any
    std::string search;  // substring, case-insensitive; "" = any
    int limit = 50;
    int offset = 0;
    bool unlinked = false;  // only comments linked to no theme ("No theme yet")
};

struct SafeguardingItem {
    std::int64_t id = 0;
    std::int64_t response = 0;
    std::string site;
    std::string created_hour;
    std::int64_t received_at = 0;
    bool needs_help = false;           // the young person pressed "I need to talk to someone"
    std::vector<std::string> matched;  // scan hit words
    std::vector<std::string> categories;
    std::string comment;
    std::optional<std::int64_t> acknowledged_at;
    std::string acknowledged_by;
    std::string note;
};

/// One alert channel's delivery of one alert (a help request or a flagged comment), claimed for sending.
/// Never carries the comment's text: only what the alert says (alerts.hpp).
struct AlertDelivery {
    std::int64_t alert = 0;      // dash_alerts.pk
    std::string uid;             // random, fixed at queueing: the idempotency id and Message-ID
    std::string channel;         // "email" | "webhook"
    std::int64_t response = 0;
    std::string site;
    std::string created_hour;    // the hour the young person answered (already rounded down)
    bool needs_help = false;     // "I need to talk to someone" was pressed
    std::vector<std::string> categories;  // the scan's categories (empty for a help request alone)
    int attempts = 0;            // including this one (counted before sending)
};

/// What became of one delivery attempt.
enum class AlertOutcome { sent, retry, failed };

struct Reply {
    std::int64_t id = 0;
    std::string theme;
    std::string text;
    std::string user;
    std::int64_t at = 0;
};

/// What the indexer learned about one response; applied to the summary tables in one go.
struct IndexedAnswer {
    std::string question;
    std::vector<std::string> themes;
    std::optional<double> score;  // nullopt: chips / skipped / rather not say
    std::string value;            // bar chart bucket ("" = not charted)
};
struct IndexedComment {
    std::string theme;
    double score = 0.0;
    std::vector<std::string> matched;
};
struct IndexedResponse {
    std::int64_t pk = 0;
    std::string site;
    std::string month;  // "YYYY-MM" of created_hour
    std::string created_hour;
    std::string age_band;
    std::string question_set;
    std::int64_t received_at = 0;
    bool needs_help = false;
    bool has_comment = false;  // a comment to read: it joins the "To read" queue
    std::vector<IndexedAnswer> answers;
    std::vector<IndexedComment> comment_links;
    std::vector<std::string> safeguarding_matched;  // non-empty: scan hit
    std::vector<std::string> safeguarding_categories;
    bool read_first = false;  // top of "To read" with no alert: a comment the scan cannot read
                              // (safeguarding_can_read) or is in doubt about (SafeguardingHit::read_first)
};

/// A response as the aggregator stored it (input of the indexer).
struct RawAnswer {
    std::string question;
    std::string state;  // value | skipped | rather_not_say
    std::optional<std::int64_t> value_int;
    std::string value_text;
    std::optional<double> score;
};
struct RawResponse {
    std::int64_t pk = 0;
    std::string site;
    std::string question_set;
    int question_set_version = 0;
    std::string created_hour;
    std::string age_band;
    bool needs_help = false;
    std::int64_t received_at = 0;
    std::vector<RawAnswer> answers;
    std::string comment;
    std::string language = "en";  // the kiosk language the young person used
};

/// An improvement point of an imported report, with the themes the linker gave it.
struct HistoryPoint {
    std::string area;  // the finding's area ("care leavers", ...)
    std::string text;
    std::vector<std::string> themes;
};

/// A report as it was imported, kept after later imports replace the catalogue (history).
struct HistoryReport {
    Report report;  // with framework, framework_version and judgements (canonical areas)
    std::vector<HistoryPoint> points;  // its improvement points, in the report's order
    std::int64_t imported_at = 0;      // unix time of the last import of this report id
};

/// What the retention policy lets go at one moment (retention.hpp computes it from the policy).
struct RetentionCutoffs {
    std::string response_month;              // "YYYY-MM": responses created before this month are due
    std::int64_t response_before = 0;        // unix time the month starts (conflicting copies received before are due)
    std::int64_t safeguarding_ack_before = 0;  // acknowledged safeguarding items acknowledged before this are due
};

/// How many of each kind a purge deleted (or, in a dry run, would delete).
struct PurgeCounts {
    std::int64_t responses = 0;     // responses with their answers, chips and theme rows
    std::int64_t comments = 0;      // comments among them (with their links, corrections and review state)
    std::int64_t safeguarding = 0;  // acknowledged safeguarding items (with their alerts)
    std::int64_t conflicts = 0;     // kept conflicting copies of a response (sealed)
    std::int64_t total() const { return responses + comments + safeguarding + conflicts; }
    PurgeCounts& operator+=(const PurgeCounts& o) {
        responses += o.responses;
        comments += o.comments;
        safeguarding += o.safeguarding;
        conflicts += o.conflicts;
        return *this;
    }
    bool operator==(const PurgeCounts& o) const {
        return responses == o.responses && comments == o.comments && safeguarding == o.safeguarding &&
               conflicts == o.conflicts;
    }
    /// The stores keep running totals in dash_state under these keys, one per kind, in at()'s order.
    static constexpr int kinds = 4;
    static constexpr const char* total_keys[kinds] = {"purged_responses", "purged_comments", "purged_safeguarding",
                                                      "purged_conflicts"};
    std::int64_t& at(int kind) {
        std::int64_t* f[kinds] = {&responses, &comments, &safeguarding, &conflicts};
        return *f[kind];
    }
    std::int64_t at(int kind) const { return const_cast<PurgeCounts&>(*this).at(kind); }
};

/// What a purged response added to the summaries, recomputed from its stored answers (the
/// question sets decide themes and values); the store fills in its stored comment links.
using ResponseIndexer = std::function<IndexedResponse(const RawResponse&)>;

// [SECTION] Interface

class DashboardStore {
public:
    virtual ~DashboardStore() = default;

    // Catalogue.
    /// Replaces the loaded catalogue (reports, findings, themes, finding→theme links) at once, and
    /// records each of its reports (with its improvement points) in the report history.
    virtual Status replace_catalogue(const Catalogue& catalogue) = 0;
    /// The loaded catalogue (empty when none was imported).
    virtual Result<Catalogue> catalogue() = 0;
    /// Every report ever imported (the catalogue's and earlier ones), keyed by report id, in no
    /// particular order. replace_catalogue() adds or refreshes its reports here in the same transaction.
    virtual Result<std::vector<HistoryReport>> report_history() = 0;
    /// Bumped by every replace_catalogue(), so running servers notice a new import.
    virtual Result<std::int64_t> catalogue_version() = 0;

    // Indexing.
    /// Last aggregator responses.pk the summaries include.
    virtual Result<std::int64_t> cursor() = 0;
    /// Up to limit stored responses with pk > after, oldest first, answers and comment included.
    virtual Result<std::vector<RawResponse>> raw_responses_after(std::int64_t after, int limit) = 0;
    /// Adds indexed responses to summaries, comment links and the safeguarding queue and moves
    /// the cursor to the last pk, in ONE transaction (a crash leaves all or nothing).
    virtual Status apply_indexed(const std::vector<IndexedResponse>& batch) = 0;
    /// Empties summaries and linker links (manager corrections and the queue are kept) and sets
    /// the cursor to 0, so the next indexing pass rebuilds everything.
    virtual Status reset_index() = 0;

    // Views.
    virtual Result<std::vector<ThemeMonth>> theme_months(const Filter& filter) = 0;
    /// theme_months of one theme only: a theme page reads its own rows, not every theme's. The
    /// default filters theme_months (correct for any store); the SQL stores read only that theme.
    virtual Result<std::vector<ThemeMonth>> theme_months_of(const Filter& filter, const std::string& theme) {
        auto rows = theme_months(filter);
        if (rows)
            rows->erase(std::remove_if(rows->begin(), rows->end(), [&](const ThemeMonth& r) { return r.theme != theme; }),
                        rows->end());
        return rows;
    }
    virtual Result<std::vector<ValueCount>> value_counts(const Filter& filter,
                                                         const std::vector<std::string>& questions) = 0;
    virtual Result<std::vector<CommentView>> comments(const CommentQuery& query) = 0;
    /// Number of comments matching the query (ignores limit/offset).
    virtual Result<std::int64_t> count_comments(const CommentQuery& query) = 0;
    virtual Result<std::vector<std::string>> sites() = 0;
    virtual Result<std::vector<std::string>> months() = 0;
    /// Responses matching the filter (read from the aggregator's rows) and the assisted ones among them.
    virtual Result<AssistedCounts> assisted_counts(const Filter& filter) = 0;

    // Manager link corrections (also labelled examples for the linker's evaluation).
    /// Adds (add=true) or removes a comment→theme link, recording who and the comment's text.
    virtual Status correct_link(std::int64_t response, const std::string& theme, bool add, const std::string& user,
                                std::int64_t now) = 0;
    /// JSON lines {"text","themes":[...],"safeguarding":bool} of corrected comments.
    virtual Result<std::vector<std::string>> labelled_examples() = 0;

    // Safeguarding.
    virtual Result<std::vector<SafeguardingItem>> safeguarding_items(bool include_acknowledged, int limit) = 0;
    virtual Result<std::int64_t> unacknowledged_count() = 0;
    /// not_found for an unknown id, conflict when already acknowledged.
    virtual Status acknowledge(std::int64_t id, const std::string& user, const std::string& note, std::int64_t now) = 0;

    // Comment review ("To read").
    /// Unread comments, flagged ones first, then oldest first.
    virtual Result<std::vector<UnreadComment>> unread_comments(int limit, int offset) = 0;
    /// Unread comments, and those of them past their deadline at now.
    virtual Result<ReviewCounts> review_counts(const ReviewDeadlines& deadlines, std::int64_t now) = 0;
    /// Marks comments read by user at now, in one transaction; returns the ones it marked (unknown
    /// and already read ones are skipped, and flagged ones too when only_unflagged).
    virtual Result<std::vector<std::int64_t>> mark_read(const std::vector<std::int64_t>& responses, bool only_unflagged,
                                                        const std::string& user, std::int64_t now) = 0;

    // Alerts (a durable queue filled by apply_indexed for help requests and flagged comments).
    /// Makes a pending delivery on each channel for alerts received at or after since that have
    /// none, then claims up to limit due ones (pending, or sending whose lease ran out: a crash
    /// mid-send) in one transaction: each gets attempts + 1 and is leased until now + lease_s,
    /// so no other worker or instance sends it meanwhile.
    virtual Result<std::vector<AlertDelivery>> claim_alerts(const std::vector<std::string>& channels,
                                                            std::int64_t since, std::int64_t now,
                                                            std::int64_t lease_s, int limit) = 0;
    /// Records an attempt's outcome: sent (done), retry (pending again at next_at) or failed (given
    /// up). Only a delivery still leased (sending) changes; error says why it did not go.
    virtual Status finish_alert(std::int64_t alert, const std::string& channel, AlertOutcome outcome,
                                std::int64_t next_at, const std::string& error, std::int64_t now) = 0;

    // Sessions and logins.
    virtual Status create_session(const std::string& token_hash, const Session& session) = 0;
    virtual Result<std::optional<Session>> find_session(const std::string& token_hash) = 0;
    virtual Status touch_session(const std::string& token_hash, std::int64_t now) = 0;
    virtual Status delete_session(const std::string& token_hash) = 0;
    /// Deletes sessions idle since before idle_cutoff or created before created_cutoff.
    virtual Status expire_sessions(std::int64_t idle_cutoff, std::int64_t created_cutoff) = 0;
    virtual Result<LoginState> login_state(const std::string& user) = 0;
    virtual Status set_login_state(const std::string& user, const LoginState& state) = 0;
    /// Counts one login attempt for key with count_attempt() in one transaction holding the
    /// key's row, so parallel attempts each count (none is lost to a read-then-write race).
    virtual Result<LoginAttempt> count_login_attempt(const std::string& key, std::int64_t now, int max_attempts,
                                                     int lockout_s) = 0;

    // Retention (retention.hpp runs these in a loop).
    /// Counts everything due under cutoffs, changing nothing. Only responses the summaries already
    /// include are due (the indexer's cursor); unread comments and unacknowledged or recently
    /// acknowledged safeguarding items keep their response.
    virtual Result<PurgeCounts> purge_due(const RetentionCutoffs& cutoffs) {
        (void)cutoffs;
        return Error{Errc::invalid_input, "this store cannot purge"};
    }
    /// Deletes up to limit due responses and conflicts in ONE transaction: their rows, every row
    /// derived from them (links, corrections, review state, safeguarding items, alerts), and their
    /// share of the summaries (index recomputes it). Adds the counts to purged_totals() and writes
    /// an audit entry by user in the same transaction. All zero: nothing was due.
    virtual Result<PurgeCounts> purge_batch(const RetentionCutoffs& cutoffs, int limit, const ResponseIndexer& index,
                                            const std::string& user, std::int64_t now) {
        (void)cutoffs, (void)limit, (void)index, (void)user, (void)now;
        return Error{Errc::invalid_input, "this store cannot purge"};
    }
    /// Everything purged over the store's life (for /metrics).
    virtual Result<PurgeCounts> purged_totals() { return PurgeCounts{}; }

    // Audit.
    virtual Status audit(const AuditEntry& entry) = 0;
    virtual Result<std::vector<AuditEntry>> audit_log(int limit) = 0;

    // "You said, we did".
    virtual Result<std::int64_t> add_reply(const Reply& reply) = 0;
    virtual Status delete_reply(std::int64_t id) = 0;
    virtual Result<std::vector<Reply>> replies() = 0;
};

}  // namespace lp::dashboard
