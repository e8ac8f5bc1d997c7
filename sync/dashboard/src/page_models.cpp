// Page models: each page's figures read, computed and suppressed here, once (page_models.hpp).
#include <lp/dashboard/page_models.hpp>
#include <lp/dashboard/privacy.hpp>
#include <algorithm>

namespace lp::dashboard {

namespace {

constexpr std::size_t max_search_chars = 100;  // the search box's maxlength
constexpr long long max_comment_page = 100000;

/// The newest distinct published comments on a theme, at most recent_comments; none when the
/// theme's comments are fewer than min_group (or cannot be read).
std::vector<CommentView> theme_quotes(const ViewContext& ctx, const Filter& filter, const std::string& theme_id) {
    CommentQuery cq;
    cq.filter = filter;
    cq.theme = theme_id;
    cq.limit = ctx.config.recent_comments * 5;
    auto total = ctx.store.count_comments(cq);
    if (!total || suppressed(*total, ctx.config.min_group)) return {};
    auto list = published_comments(ctx, cq);
    if (!list) return {};
    return distinct_texts(*list, ctx.config.recent_comments);
}

struct Bucket {
    const char* value;
    const char* label_key;  // in the catalogue
    svg::Tone tone;
};

std::vector<Bucket> buckets_for(const Question& q) {
    switch (q.kind) {
        case QuestionKind::smiley5:
            return {{"1", "answer.smiley5_1", svg::Tone::negative},
                    {"2", "answer.smiley5_2", svg::Tone::negative},
                    {"3", "answer.smiley5_3", svg::Tone::middle},
                    {"4", "answer.smiley5_4", svg::Tone::positive},
                    {"5", "answer.smiley5_5", svg::Tone::positive},
                    {"rather_not_say", "answer.rather_not_say", svg::Tone::none}};
        case QuestionKind::smiley3:
            return {{"1", "answer.smiley3_1", svg::Tone::negative},
                    {"2", "answer.smiley3_2", svg::Tone::middle},
                    {"3", "answer.smiley3_3", svg::Tone::positive},
                    {"rather_not_say", "answer.rather_not_say", svg::Tone::none}};
        case QuestionKind::yes_no:
            return {{"yes", "answer.yes", svg::Tone::positive},
                    {"unsure", "answer.unsure", svg::Tone::middle},
                    {"no", "answer.no", svg::Tone::negative},
                    {"rather_not_say", "answer.rather_not_say", svg::Tone::none}};
        default:
            return {};
    }
}

/// A question's answers counted into its buckets, rounded, or hidden when fewer than min_group.
QuestionFigures question_figures(const LinkedQuestion& lq, const std::vector<ValueCount>* counts, int min_group) {
    QuestionFigures out;
    out.linked = lq;
    std::int64_t total = 0;
    for (const auto& bucket : buckets_for(*lq.question)) {
        std::int64_t n = 0;
        if (counts)
            for (const auto& c : *counts)
                if (c.question_set == lq.question_set && c.question == lq.question->id && c.value == bucket.value)
                    n += c.count;
        total += n;
        out.buckets.push_back({bucket.label_key, rounded_count(n), bucket.tone});
    }
    out.hidden = suppressed(total, min_group);
    if (out.hidden)
        out.buckets.clear();  // nothing built from a small group leaves here
    else
        out.total = rounded_count(total);
    return out;
}

/// How many comments in the filter no theme holds yet, suppressed and rounded like the matrix's
/// own counts; nullopt when there are none or they cannot be counted.
std::optional<CountFigure> unlinked_count(const ViewContext& ctx, const Filter& filter) {
    CommentQuery q;
    q.filter = filter;
    q.unlinked = true;
    auto n = ctx.store.count_comments(q);
    if (!n || *n == 0) return std::nullopt;
    CountFigure c;
    c.hidden = suppressed(*n, ctx.config.min_group);
    if (!c.hidden) c.count = rounded_count(*n);
    return c;
}

}  // namespace

Result<EvidenceModel> evidence_model(const ViewContext& ctx, const Filter& filter) {
    auto stats = theme_stats(ctx, filter);
    if (!stats) return stats.error();
    EvidenceModel m;
    m.filter = filter;
    m.cohort = filter_cohort(ctx, filter);
    m.small_sites = small_sites(ctx);
    auto replies = ctx.store.replies();
    for (const auto& te : ctx.cat.themes()) {
        EvidenceTheme& e = m.themes[te.theme.id];
        e.stats = stats->at(te.theme.id);
        if (ctx.config.recent_comments > 0 && !e.stats.suppressed) e.quotes = theme_quotes(ctx, filter, te.theme.id);
        if (replies)
            for (const auto& r : *replies)
                if (r.theme == te.theme.id) e.replies.push_back(r);
    }
    return m;
}

Result<MatrixModel> matrix_model(const ViewContext& ctx, const Filter& filter) {
    auto stats = theme_stats(ctx, filter);
    if (!stats) return stats.error();
    MatrixModel m;
    m.changes = theme_changes(ctx, filter, *stats);
    m.stats = std::move(*stats);
    m.filter = filter;
    m.cohort = filter_cohort(ctx, filter);
    if (ctx.user && ctx.user->manager()) m.unlinked = unlinked_count(ctx, filter);
    return m;
}

Result<ThemePageModel> theme_page_model(const ViewContext& ctx, const ThemeEntry& te, const Filter& filter) {
    // This theme's summary rows only: reading every theme's (the matrix's query) was half the
    // page's time (tests/bench/dashboard.sh).
    auto stats = theme_stats(ctx, filter, te.theme.id);
    if (!stats) return stats.error();
    ThemePageModel m;
    m.filter = filter;
    m.stats = stats->at(te.theme.id);
    m.cohort = filter_cohort(ctx, filter);
    m.changes = theme_changes(ctx, filter, *stats, te.theme.id);
    std::vector<std::string> ids;
    for (const auto& q : te.questions) ids.push_back(q.question->id);
    auto counts = ctx.store.value_counts(filter, ids);
    for (const auto& lq : te.questions) {
        if (!filter.question_set.empty() && filter.question_set != lq.question_set) continue;
        m.questions.push_back(question_figures(lq, counts ? &*counts : nullptr, ctx.config.min_group));
    }
    if (ctx.user && ctx.user->manager()) {
        CommentQuery cq;
        cq.filter = filter;
        cq.theme = te.theme.id;
        cq.limit = 20;
        ThemeComments c;
        auto total = ctx.store.count_comments(cq);
        c.readable = bool(total);
        c.hidden = !total || suppressed(*total, ctx.config.min_group);
        if (!c.hidden) {
            c.total = rounded_count(*total);  // like every published count (docs/privacy.md)
            if (auto list = published_comments(ctx, cq)) c.list = std::move(*list);
        }
        m.comments = std::move(c);
    }
    if (auto replies = ctx.store.replies())
        for (const auto& r : *replies)
            if (r.theme == te.theme.id) m.replies.push_back(r);
    return m;
}

Result<CommentsPageModel> comments_page_model(const ViewContext& ctx, const Params& params) {
    CommentsPageModel m;
    CommentQuery& q = m.query;
    q.filter = filter_from(params, ctx.now);
    q.theme = get(params, "theme");
    q.unlinked = get(params, "unlinked") == "1";  // "No theme yet"
    q.search = get(params, "q").substr(0, max_search_chars);
    q.limit = ctx.config.comments_per_page;
    try {
        const std::string page = get(params, "page");
        m.page = std::clamp(std::stoll(page.empty() ? "0" : page), 0LL, max_comment_page);
    } catch (const std::exception&) {
    }
    q.offset = static_cast<int>(m.page) * q.limit;
    auto total = ctx.store.count_comments(q);
    if (!total) return total.error();
    m.hidden = suppressed(*total, ctx.config.min_group);
    if (m.hidden) return m;
    auto list = published_comments(ctx, q);
    if (!list) return list.error();
    m.total = *total;
    m.shown_total = rounded_count(*total);
    m.list = std::move(*list);
    m.older = q.offset + q.limit < *total;
    return m;
}

}  // namespace lp::dashboard
