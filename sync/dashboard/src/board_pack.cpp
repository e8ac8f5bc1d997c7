// The board pack's figures: read once from the stores, suppressed here, so the printer only prints.
#include <algorithm>
#include <cmath>
#include <lp/dashboard/board_pack.hpp>
#include <lp/dashboard/privacy.hpp>
#include <lp/dashboard/views.hpp>
#include <lp/shared/time.hpp>
#include <map>
#include <set>

namespace lp::dashboard {
namespace {

struct Sums {
    std::int64_t responses = 0;
    std::int64_t answers = 0;
    double score_sum = 0;
    std::int64_t negatives = 0;
};

std::map<std::string, Sums> sums_by_theme(const std::vector<ThemeMonth>& rows) {
    std::map<std::string, Sums> out;
    for (const auto& r : rows) {
        auto& s = out[r.theme];
        s.responses += r.responses;
        s.answers += r.answers;
        s.score_sum += r.score_sum;
        s.negatives += r.negatives;
    }
    return out;
}

}  // namespace

Result<BoardPack> build_board_pack(const BoardPackSources& src, const Quarter& quarter, const std::string& site,
                                   std::int64_t now) {
    BoardPack pack;
    const int min_group = src.config.min_group;
    pack.quarter = quarter;
    pack.site = site;
    pack.min_group = std::max(min_group, min_group_floor);
    pack.warning_rate = src.config.reach_warning_rate;
    pack.generated_on = iso_utc(now).substr(0, 10);
    if (!src.cat.catalogue().reports.empty()) pack.council = src.cat.catalogue().reports.front().authority;

    // Responses and reach.
    const Quarter before = quarter.previous();
    auto counts = src.reporting.response_counts(before.first_month(), quarter.last_month());
    if (!counts) return counts.error();
    auto cohorts = src.reporting.cohorts();
    if (!cohorts) return cohorts.error();
    auto known_sites = src.store.sites();
    if (!known_sites) return known_sites.error();
    pack.reach = build_reach(*counts, *cohorts, quarter, site, min_group, pack.warning_rate, *known_sites);
    std::map<std::string, std::int64_t> per_site;
    std::int64_t total = 0;
    std::int64_t previous = 0;
    for (const auto& c : *counts) {
        if (!site.empty() && c.site != site) continue;
        if (c.month >= quarter.first_month()) {
            total += c.responses;
            per_site[c.site] += c.responses;
        } else {
            previous += c.responses;
        }
    }
    pack.headline = rate_of(total, cohort_size(*cohorts, quarter.id(), site, ""), min_group, pack.warning_rate);
    pack.previous_suppressed = suppressed(previous, min_group);
    pack.previous_responses = pack.previous_suppressed ? 0 : rounded_count(previous);
    for (const auto& [s, n] : per_site) {
        // A site with a few answers counts as one not heard from, as its figures read "fewer than N".
        if (suppressed(n, min_group))
            pack.small_sites.push_back(s);
        else
            ++pack.sites_heard;
    }

    // Themes: this quarter against the one before.
    Filter now_filter{site, "", "", quarter.first_month(), quarter.last_month()};
    Filter before_filter{site, "", "", before.first_month(), before.last_month()};
    auto rows_now = src.store.theme_months(now_filter);
    if (!rows_now) return rows_now.error();
    auto rows_before = src.store.theme_months(before_filter);
    if (!rows_before) return rows_before.error();
    const auto now_sums = sums_by_theme(*rows_now);
    const auto before_sums = sums_by_theme(*rows_before);
    const auto theme_cohort = cohort_size(*cohorts, quarter.id(), site, "");
    for (const auto& group : src.cat.groups()) {
        PackArea area;
        area.key = group.key;
        for (const ThemeEntry* te : group.themes) {
            PackTheme t;
            t.id = te->theme.id;
            t.title = te->theme.title;
            t.area = te->area;
            t.has_questions = !te->questions.empty();
            const auto it = now_sums.find(t.id);
            const Sums s = it == now_sums.end() ? Sums{} : it->second;
            t.answered = rate_of(s.responses, theme_cohort, min_group, pack.warning_rate);
            t.answered.flagged = false;  // reach flags groups, not themes
            if (!t.answered.suppressed && s.answers > 0) {  // rounded as on the matrix (theme_stats)
                t.answers = rounded_count(s.answers);
                t.mean = rounded_share(s.score_sum / static_cast<double>(s.answers));
                t.negative_share = rounded_share(static_cast<double>(s.negatives) / static_cast<double>(s.answers));
                // The change is worked out from this quarter's published figures, as theme_changes does.
                const auto negatives = std::llround(t.negative_share * static_cast<double>(t.answers));
                const auto b = before_sums.find(t.id);
                if (b != before_sums.end() && !suppressed(b->second.responses, min_group) && t.answers > 0)
                    t.change = negative_change(b->second.negatives, b->second.answers, negatives, t.answers, min_group);
            }
            std::vector<std::string> kinds;
            for (const auto& f : te->findings) {
                kinds.push_back(f.finding->kind);
                ++area.findings;
                if (f.finding->kind == "improvement") ++area.improvements;
                if (f.finding->kind == "strength") ++area.strengths;
            }
            const double exact_mean = s.answers > 0 ? s.score_sum / static_cast<double>(s.answers) : 0.0;
            t.status = status_word(stance_of(kinds), exact_mean, s.responses, min_group);
            if (t.status == "Young people agree") ++area.themes_agree;
            if (t.status == "Young people disagree") ++area.themes_disagree;
            if (!t.answered.suppressed) ++area.themes_with_answers;
            if (!t.answered.suppressed && src.config.recent_comments > 0) {
                CommentQuery q{now_filter, t.id, "", src.config.recent_comments * 3, 0};
                auto comments = src.store.comments(q);
                if (!comments) return comments.error();
                t.comments = distinct_texts(*comments, src.config.recent_comments);
            }
            pack.themes.push_back(std::move(t));
        }
        pack.areas.push_back(area);
    }

    // Safeguarding: counts and times only, each count suppressed and rounded like every other
    // (the council's pack too: council minus the sites' packs would otherwise give a small site's).
    auto sg = src.reporting.safeguarding_counts(quarter.first_month(), quarter.last_month(), site);
    if (!sg) return sg.error();
    pack.safeguarding = std::move(*sg);
    pack.safeguarding_suppressed = false;
    for (std::int64_t* n : {&pack.safeguarding.help_requests, &pack.safeguarding.flagged_comments,
                            &pack.safeguarding.waiting}) {
        if (suppressed(*n, min_group)) pack.safeguarding_suppressed = true;
        *n = suppressed(*n, min_group) ? -1 : rounded_count(*n);  // -1: "fewer than N"
    }
    // The median and longest time to acknowledge of 1 to min_group - 1 items would tell a small
    // site's few cases apart (the only one took 3 days): they read "fewer than N" like the counts,
    // and so does an empty quarter (empty and suppressed look the same).
    if (suppressed(static_cast<std::int64_t>(pack.safeguarding.ack_seconds.size()), min_group))
        pack.safeguarding.ack_seconds.clear();

    // Actions: every action still open, or closed during or after the quarter (older closed ones
    // were reported before), overdue judged on the day the pack is made.
    auto actions = src.reporting.actions();
    if (!actions) return actions.error();
    const std::string today = pack.generated_on;
    for (const auto& a : *actions) {
        const bool closed = a.status == "done" || a.status == "dropped";
        if (closed && iso_utc(a.status_at).substr(0, 7) < quarter.first_month()) continue;
        std::string themes;
        for (const auto& l : a.links)
            if (l.kind == "theme") themes += (themes.empty() ? "" : ", ") + src.cat.title_of(l.target);
        pack.actions.push_back({themes, a.title, a.owner, a.due, a.status, overdue(a, today)});
    }
    // And what the council replied to young people ("you said, we did") in the quarter.
    auto replies = src.store.replies();
    if (!replies) return replies.error();
    for (const auto& r : *replies) {
        const std::string day = iso_utc(r.at).substr(0, 10);
        if (day.substr(0, 7) < quarter.first_month() || day.substr(0, 7) > quarter.last_month()) continue;
        pack.actions.push_back({src.cat.title_of(r.theme), r.text, "", day, "done", false});
    }
    return pack;
}

}  // namespace lp::dashboard
