#pragma once
// Page rendering: each view reads through DashboardStore / aggregator::Store and returns HTML
// (or CSV / JSON). Every value is escaped; small groups are suppressed in every output.
// Views never see the request or the cookie: routes.cpp checks the session and role first.
#include <lp/aggregator/store.hpp>
#include <lp/dashboard/catalogue_index.hpp>
#include <lp/dashboard/config.hpp>
#include <lp/dashboard/reach.hpp>
#include <lp/dashboard/reporting_store.hpp>
#include <lp/dashboard/store.hpp>
#include <lp/dashboard/svg.hpp>
#include <lp/dashboard/text.hpp>
#include <lp/dashboard/upload_stash.hpp>
#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace lp::dashboard {

using Params = std::map<std::string, std::string>;

struct PageUser {
    std::string user;
    std::string role;  // manager | viewer
    std::string csrf;
    std::vector<std::string> sites{};  // the sites this user sees; empty: every site (an admin)
    bool manager() const { return role == "manager"; }
    /// True when the user may see site's figures, comments and safeguarding items.
    bool sees(const std::string& site) const {
        return sites.empty() || std::find(sites.begin(), sites.end(), site) != sites.end();
    }
};

struct ViewContext {
    DashboardStore& store;
    aggregator::Store& agg;
    const CatalogueIndex& cat;
    const DashboardConfig& config;
    std::optional<PageUser> user;
    std::int64_t now = 0;
    const Text* text = nullptr;            // the page's language; nullptr: English
    const Languages* languages = nullptr;  // for the language links; nullptr: none
    std::shared_ptr<DashboardStore> scoped{};  // keeps `store` alive when it is a ScopedStore
    ReportingStore* reporting = nullptr;   // cohorts and reach; nullptr: no rates shown
};

/// The words of a view's language.
inline const Text& text_of(const ViewContext& ctx) { return ctx.text ? *ctx.text : english_text(); }

/// Figures for one theme under a filter, already suppressed where needed.
struct ThemeStats {
    std::int64_t responses = 0;
    std::int64_t answers = 0;
    double mean = 0.0;
    double negative_share = 0.0;
    bool suppressed = true;
    std::vector<svg::Point> trend;              // one point per month of the period
    std::vector<std::int64_t> trend_responses;  // responses behind each point (0: none)
    std::string status;
};

/// The value of query parameter key; "" when it is absent.
std::string get(const Params& p, const std::string& key);

/// The filter a page's query parameters ask for (site, band, qs, period), with the period
/// turned into months relative to now.
Filter filter_from(const Params& params, std::int64_t now);
/// "YYYY-MM" of a unix time.
std::string month_of(std::int64_t unix_seconds);
/// Months from..to inclusive ("YYYY-MM").
std::vector<std::string> month_range(const std::string& from, const std::string& to);

/// Stats of every theme for a filter (one summary query). only_theme: read that theme's rows
/// only (a theme page); the other themes then read as empty.
Result<std::map<std::string, ThemeStats>> theme_stats(const ViewContext& ctx, const Filter& filter,
                                                      const std::string& only_theme = "");

/// Sites with fewer than min_group responses in all: comment lists name them "a small site".
std::vector<std::string> small_sites(const ViewContext& ctx);
/// What may be shown next to a comment: "" for each part left out.
struct CommentMeta {
    std::string site;
    std::string age_band;
    std::string month;  // "YYYY-MM", never the hour
};
/// The metadata rule of every comment list (docs/privacy.md): a comment shows its site, age
/// band and month together only when at least min_group comments of the list (query, any
/// page) share all of them; otherwise the band goes, then the month, then the site.
class CommentCoarsener {
public:
    CommentCoarsener(const ViewContext& ctx, CommentQuery query) : ctx_(ctx), query_(std::move(query)) {}
    CommentMeta shown(const std::string& site, const std::string& age_band, const std::string& month);

private:
    const ViewContext& ctx_;
    CommentQuery query_;
    std::map<std::string, bool> memo_;  // combination → shared by at least min_group comments
};
/// A page of comments as they may be published: the time cut to the month, and the site,
/// age band and month coarsened by CommentCoarsener over the same list. Every comment list
/// and export reads through this.
Result<std::vector<CommentView>> published_comments(const ViewContext& ctx, const CommentQuery& query);
/// The newest comments with different words, at most max: the same words twice tell an
/// inspector or a board nothing new.
std::vector<CommentView> distinct_texts(const std::vector<CommentView>& list, int max);
/// The site as shown next to a comment: its name, or the words for "a small site" when it is
/// in small or empty (hidden by published_comments).
std::string shown_site(const std::string& site, const std::vector<std::string>& small, const Text& t);

/// The GET filter form (site, age band, period, question set; optionally theme and search).
std::string filter_form(const ViewContext& ctx, const Params& params, const std::string& action, bool comment_fields);
/// Comments as an HTML list (text, site, hour, band, links with matched words); manage adds
/// the link-correction forms.
std::string comment_list(const ViewContext& ctx, const std::vector<CommentView>& comments, bool manage,
                         const std::string& back);

/// The page chrome around body: skip link, navigation by role, unacknowledged safeguarding
/// count and the "To read" count with its overdue part (managers), logout form with CSRF token.
std::string layout(const ViewContext& ctx, const std::string& title, const std::string& nav, const std::string& body);
/// A page with a heading and a sentence (errors, 403, 404).
std::string message_page(const ViewContext& ctx, const std::string& title, const std::string& text);

/// The login page in t's language, with links to the other languages when there are any.
std::string login_page(const Text& t, const Languages* languages, const std::string& login_csrf,
                       const std::string& message, const std::string& next);
/// Links to the page in every other loaded language ("?lang=pl"); "" with one language.
std::string language_links(const Text& t, const Languages* languages);
/// A status word (status_word()) in t's language.
std::string status_label(const Text& t, const std::string& status);
/// "fewer than 5" in t's language, for a suppressed figure.
std::string fewer_than_text(const Text& t, int min_group);
std::string matrix_page(const ViewContext& ctx, const Params& params);
std::string matrix_json(const ViewContext& ctx, const Params& params);
std::string theme_page(const ViewContext& ctx, const ThemeEntry& theme, const Params& params);
std::string comments_page(const ViewContext& ctx, const Params& params);
std::string safeguarding_page(const ViewContext& ctx, const Params& params);
/// The "To read" queue: unread comments, flagged first then oldest first, with their deadlines.
std::string to_read_page(const ViewContext& ctx, const Params& params);
/// Whether an unread comment is past its deadline (flagged_s when flagged, else comment_s) at now.
bool unread_overdue(const UnreadComment& comment, const ReviewDeadlines& deadlines, std::int64_t now);
std::string devices_page(const ViewContext& ctx, const Params& params, const std::string& issued_code_html);
std::string replies_page(const ViewContext& ctx, const Params& params);
std::string audit_page(const ViewContext& ctx);
/// "Since the last inspection": every imported report oldest first, each area's grade across
/// them, and each improvement point with the later reports that still name it (views_history.cpp).
std::string history_page(const ViewContext& ctx, const std::string& done = "");
/// The report upload form (managers): refusal is why the last file was refused ("" none);
/// done a notice key as for notice_for (views_upload.cpp).
std::string upload_page(const ViewContext& ctx, std::size_t max_bytes, const std::string& authority,
                        const std::string& refusal, const std::string& done = "");
/// What was found in an upload (kind, report, judgements, improvement points, findings count)
/// and the confirm / cancel forms carrying its one-time id.
std::string upload_preview_page(const ViewContext& ctx, const std::string& id, const PendingUpload& upload);
std::string evidence_page(const ViewContext& ctx, const Params& params);
std::string evidence_csv(const ViewContext& ctx, const Params& params);
/// JSON for kiosks: {"replies": [{"theme", "young_title", "text", "date"}]} (no user names).
std::string replies_json(const std::vector<Reply>& replies, const CatalogueIndex& cat);

// [SECTION] Reach and response rates (views_reach.cpp)

/// The cohort size behind a filter's figures: the cohort of the quarter holding the filter's
/// last month, for its site and age band; nullopt without a reporting store or cohort.
std::optional<std::int64_t> filter_cohort(const ViewContext& ctx, const Filter& filter);
/// " <small class="rate">31% of the cohort</small>" beside a count of responses; "" when there
/// is no cohort or the count is suppressed.
std::string rate_note(const ViewContext& ctx, std::optional<std::int64_t> cohort, std::int64_t responses);
/// The same filter over the period just before it, as long as it ("" from: none, nullopt).
std::optional<Filter> previous_period(const Filter& filter);
/// Per theme: the change in the share of negative answers from the period before to this one,
/// shown only when larger than its uncertainty (negative_change()); absent when either side has
/// no answers.
/// now: theme_stats() of the same filter (so only the period before is read again).
std::map<std::string, Change> theme_changes(const ViewContext& ctx, const Filter& filter,
                                            const std::map<std::string, ThemeStats>& now,
                                            const std::string& only_theme = "");
/// "+12 points", "no clear change", or "–" (no change to show), as HTML.
std::string change_html(const Text& t, const std::map<std::string, Change>& changes, const std::string& theme,
                        bool suppressed);
/// The sentence stating how changes are tested (Wilson intervals, Newcombe's method), as HTML.
std::string change_method_html(const Text& t);

/// The Reach page: rates by site and age band for a quarter, groups under reach_warning_rate
/// flagged; for managers also the board pack button and the cohort forms. notice: "saved",
/// "deleted", "bad" or "".
std::string reach_page(const ViewContext& ctx, const Params& params);

// [SECTION] Actions (views_actions.cpp)

/// The actions page: every action with owner, due date, status since when, links and evidence,
/// overdue ones marked; managers also get the add and change forms.
std::string actions_page(const ViewContext& ctx, const Params& params);
/// A theme page's section listing the theme's actions, overdue marked ("" without a store).
std::string theme_actions_section(const ViewContext& ctx, const std::string& theme_id);
/// What kiosks show: the replies, plus every done action in young people's words (its first
/// theme, the day it was done), newest first.
std::vector<Reply> kiosk_replies(std::vector<Reply> replies, const std::vector<Action>& actions);
/// "YYYY-MM-DD" of a unix time (UTC).
std::string day_of(std::int64_t unix_seconds);

/// A short fixed notice for ?done=… after a form (never echoes user input).
std::string notice_for(const Text& t, const std::string& done);

}  // namespace lp::dashboard
