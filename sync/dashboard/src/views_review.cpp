// The "To read" page: every comment waits here, flagged ones first and then oldest first, until a
// manager marks it read. Flagged comments are marked read one at a time; the others in bulk too.
#include <lp/dashboard/html.hpp>
#include <lp/dashboard/views.hpp>
#include <lp/shared/time.hpp>

namespace lp::dashboard {

using html::escape;

namespace {

constexpr int unread_per_page = 100;


std::string days_or_hours(const Text& t, std::int64_t seconds) {
    if (seconds >= 2 * 86400 && seconds % 86400 == 0)
        return t.html("review.days", {{"n", std::to_string(seconds / 86400)}});
    return t.html("review.hours", {{"n", std::to_string(seconds / 3600)}});
}

}  // namespace

bool unread_overdue(const UnreadComment& c, const ReviewDeadlines& d, std::int64_t now) {
    return now - c.received_at > (c.flagged ? d.flagged_s : d.comment_s);
}

std::string to_read_page(const ViewContext& ctx, const Params& params) {
    const Text& t = text_of(ctx);
    const ReviewDeadlines deadlines = review_deadlines(ctx.config);
    long page = 0;
    const std::string page_param = get(params, "page");
    if (!page_param.empty() && page_param.size() < 6 && page_param.find_first_not_of("0123456789") == std::string::npos)
        page = std::stol(page_param);
    auto counts = ctx.store.review_counts(deadlines, ctx.now);
    auto list = ctx.store.unread_comments(unread_per_page, static_cast<int>(page) * unread_per_page);
    if (!counts || !list)
        return message_page(ctx, t.plain("error.to_read"), (!counts ? counts.error() : list.error()).message);

    std::string b = "<h1>" + t.html("nav.to_read") + "</h1>" + notice_for(t, get(params, "done"));
    b += "<p>" +
         t.html("review.intro",
                {{"flagged", days_or_hours(t, deadlines.flagged_s)}, {"all", days_or_hours(t, deadlines.comment_s)}}) +
         "</p><p>" + t.html("review.languages") + "</p>";
    b += "<p class=\"counts\" role=\"status\">" +
         t.html("review.counts", {{"n", "<strong>" + std::to_string(counts->unread) + "</strong>"},
                                  {"overdue", "<strong>" + std::to_string(counts->overdue) + "</strong>"}}) +
         "</p>";
    if (list->empty()) {
        b += "<p class=\"calm\">" + t.html("review.nothing") + "</p>";
        return layout(ctx, t.plain("nav.to_read"), "to_read", b);
    }
    const auto small = small_sites(ctx);
    // An unflagged comment shows no more than the unfiltered comment list would; a flagged one
    // (a possible disclosure someone must act on) shows its site, day and age band, never the
    // hour (docs/privacy.md, "What the reader of a flagged comment sees").
    CommentCoarsener coarse(ctx, CommentQuery{});
    b += "<form method=\"post\" action=\"/to-read/read\"><input type=\"hidden\" name=\"csrf\" value=\"" +
         escape(ctx.user->csrf) + "\"><ol class=\"queue to-read\">";
    for (const auto& c : *list) {
        const bool overdue = unread_overdue(c, deadlines, ctx.now);
        const std::string id = std::to_string(c.response);
        const CommentMeta m = c.flagged ? CommentMeta{c.site, c.age_band, c.created_hour.substr(0, 10)}
                                        : coarse.shown(c.site, c.age_band, c.created_hour.substr(0, 7));
        const std::string where = escape(c.flagged ? c.site : shown_site(m.site, small, t)) +
                                  (m.month.empty() ? "" : ", " + escape(m.month));
        b += std::string("<li class=\"item") + (overdue ? " overdue" : "") + (c.flagged ? " flagged" : "") +
             "\"><p class=\"meta\">";
        if (overdue) b += "<strong class=\"overdue-tag\">" + t.html("safeguarding.overdue") + "</strong> ";
        if (c.read_first) {  // no scan hit and no help request: say why it is first, and that no alert went
            b += "<strong class=\"flag-tag\" title=\"" + t.html("review.read_first_why") + "\">" +
                 t.html("review.read_first") + "</strong> ";
        } else if (c.flagged) {
            b += "<strong class=\"flag-tag\">" + t.html("review.flagged") + "</strong> ";
            for (std::size_t n = 0; n < c.categories.size(); ++n) {
                const std::string key = "category." + c.categories[n];
                b += (n ? ", " : "") + (t.has(key) ? t.html(key) : escape(c.categories[n]));
            }
            if (!c.categories.empty()) b += " · ";
        }
        const std::string band_key = "band.age." + m.age_band;
        b += where + (m.age_band.empty() ? "" : " · " + (t.has(band_key) ? t.html(band_key) : escape(m.age_band))) +
             "</p><blockquote>" +
             escape(c.text) + "</blockquote><p class=\"actions\">";
        if (!c.flagged)  // flagged comments are read one by one, never ticked off in bulk
            b += "<input type=\"checkbox\" name=\"response\" value=\"" + id + "\" id=\"sel-" + id +
                 "\"><label for=\"sel-" + id + "\">" + t.html("review.select") + "</label> ";
        b += "<button type=\"submit\" name=\"one\" value=\"" + id + "\" class=\"small\" aria-label=\"" +
             t.html("review.mark_one_label", {{"where", where}}) + "\">" + t.html("review.mark_one") +
             "</button></p></li>";
    }
    b += "</ol><p><button type=\"submit\" name=\"bulk\" value=\"1\">" + t.html("review.mark_selected") +
         "</button></p></form>";
    b += "<nav class=\"pages\" aria-label=\"" + t.html("comments.pages") + "\">";
    if (page > 0)
        b += "<a href=\"/to-read" + html::query({{"page", std::to_string(page - 1)}}) + "\">" +
             t.html("review.previous") + "</a> ";
    if ((page + 1) * unread_per_page < counts->unread)
        b += "<a href=\"/to-read" + html::query({{"page", std::to_string(page + 1)}}) + "\">" + t.html("review.next") +
             "</a>";
    b += "</nav>";
    return layout(ctx, t.plain("nav.to_read"), "to_read", b);
}

}  // namespace lp::dashboard
