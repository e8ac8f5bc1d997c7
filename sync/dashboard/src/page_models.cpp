// Page models: each page's figures read, computed and suppressed here, once (page_models.hpp).
#include <lp/dashboard/page_models.hpp>
#include <lp/dashboard/privacy.hpp>

namespace lp::dashboard {

namespace {

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

}  // namespace lp::dashboard
