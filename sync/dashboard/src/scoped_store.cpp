#include <lp/dashboard/scoped_store.hpp>

#include <algorithm>
#include <map>
#include <tuple>

namespace lp::dashboard {
namespace {
/// Enough safeguarding items to scope from: the whole queue of a council fits many times over.
constexpr int whole_queue = 1000000;
}  // namespace

ScopedStore::ScopedStore(DashboardStore& inner, std::vector<std::string> sites, std::string user)
    : inner_(inner), sites_(std::move(sites)), user_(std::move(user)) {}

bool ScopedStore::sees(const std::string& site) const {
    return std::find(sites_.begin(), sites_.end(), site) != sites_.end();
}

// "All sites" for a scoped account is the sum over its own sites, one query each; a site it
// does not have reads as empty.
Result<std::vector<ThemeMonth>> ScopedStore::theme_months(const Filter& filter) {
    if (!filter.site.empty()) {
        if (!sees(filter.site)) return std::vector<ThemeMonth>{};
        return inner_.theme_months(filter);
    }
    std::map<std::pair<std::string, std::string>, ThemeMonth> sum;
    for (const auto& site : sites_) {
        Filter f = filter;
        f.site = site;
        auto rows = inner_.theme_months(f);
        if (!rows) return rows.error();
        for (const auto& r : *rows) {
            auto& t = sum[{r.theme, r.month}];
            t.theme = r.theme;
            t.month = r.month;
            t.responses += r.responses;
            t.answers += r.answers;
            t.score_sum += r.score_sum;
            t.negatives += r.negatives;
        }
    }
    std::vector<ThemeMonth> out;
    for (auto& [k, v] : sum) out.push_back(std::move(v));
    return out;
}

Result<std::vector<ValueCount>> ScopedStore::value_counts(const Filter& filter,
                                                          const std::vector<std::string>& questions) {
    if (!filter.site.empty()) {
        if (!sees(filter.site)) return std::vector<ValueCount>{};
        return inner_.value_counts(filter, questions);
    }
    std::map<std::tuple<std::string, std::string, std::string>, ValueCount> sum;
    for (const auto& site : sites_) {
        Filter f = filter;
        f.site = site;
        auto rows = inner_.value_counts(f, questions);
        if (!rows) return rows.error();
        for (const auto& r : *rows) {
            auto& v = sum[{r.question_set, r.question, r.value}];
            v.question_set = r.question_set;
            v.question = r.question;
            v.value = r.value;
            v.count += r.count;
        }
    }
    std::vector<ValueCount> out;
    for (auto& [k, v] : sum) out.push_back(std::move(v));
    return out;
}

Result<std::vector<CommentView>> ScopedStore::comments(const CommentQuery& query) {
    if (!query.filter.site.empty()) {
        if (!sees(query.filter.site)) return std::vector<CommentView>{};
        return inner_.comments(query);
    }
    // Newest first across the sites: each site's first offset+limit, merged, then the page.
    std::vector<CommentView> all;
    for (const auto& site : sites_) {
        CommentQuery q = query;
        q.filter.site = site;
        q.offset = 0;
        q.limit = query.offset + query.limit;
        auto rows = inner_.comments(q);
        if (!rows) return rows.error();
        for (auto& c : *rows) all.push_back(std::move(c));
    }
    std::sort(all.begin(), all.end(), [](const CommentView& a, const CommentView& b) { return a.response > b.response; });
    std::vector<CommentView> out;
    for (std::size_t i = static_cast<std::size_t>(std::max(query.offset, 0));
         i < all.size() && out.size() < static_cast<std::size_t>(std::max(query.limit, 0)); ++i)
        out.push_back(std::move(all[i]));
    return out;
}

Result<std::int64_t> ScopedStore::count_comments(const CommentQuery& query) {
    if (!query.filter.site.empty()) {
        if (!sees(query.filter.site)) return std::int64_t{0};
        return inner_.count_comments(query);
    }
    std::int64_t n = 0;
    for (const auto& site : sites_) {
        CommentQuery q = query;
        q.filter.site = site;
        auto c = inner_.count_comments(q);
        if (!c) return c;
        n += *c;
    }
    return n;
}

Result<AssistedCounts> ScopedStore::assisted_counts(const Filter& filter) {
    if (!filter.site.empty()) {
        if (!sees(filter.site)) return AssistedCounts{};
        return inner_.assisted_counts(filter);
    }
    AssistedCounts n;
    for (const auto& site : sites_) {
        Filter f = filter;
        f.site = site;
        auto c = inner_.assisted_counts(f);
        if (!c) return c;
        n.responses += c->responses;
        n.assisted += c->assisted;
    }
    return n;
}

Result<std::vector<std::string>> ScopedStore::sites() {
    auto all = inner_.sites();
    if (!all) return all;
    all->erase(std::remove_if(all->begin(), all->end(), [&](const std::string& s) { return !sees(s); }), all->end());
    return all;
}

std::string ScopedStore::site_of_response(std::int64_t response) {
    if (response <= 0) return "";
    auto rows = inner_.raw_responses_after(response - 1, 1);
    if (!rows || rows->empty() || rows->front().pk != response) return "";
    return rows->front().site;
}

Status ScopedStore::correct_link(std::int64_t response, const std::string& theme, bool add, const std::string& user,
                                 std::int64_t now) {
    if (!sees(site_of_response(response)))
        return Status::fail(Errc::not_found, "no comment " + std::to_string(response) + " at your sites");
    return inner_.correct_link(response, theme, add, user, now);
}

Result<std::vector<SafeguardingItem>> ScopedStore::safeguarding_items(bool include_acknowledged, int limit) {
    auto items = inner_.safeguarding_items(include_acknowledged, whole_queue);
    if (!items) return items;
    std::vector<SafeguardingItem> out;
    for (auto& i : *items)
        if (sees(i.site) && out.size() < static_cast<std::size_t>(std::max(limit, 0))) out.push_back(std::move(i));
    return out;
}

Result<std::int64_t> ScopedStore::unacknowledged_count() {
    auto items = safeguarding_items(false, whole_queue);
    if (!items) return items.error();
    return static_cast<std::int64_t>(items->size());
}

Status ScopedStore::acknowledge(std::int64_t id, const std::string& user, const std::string& note, std::int64_t now) {
    auto items = inner_.safeguarding_items(true, whole_queue);
    if (!items) return items.error();
    for (const auto& i : *items)
        if (i.id == id) {
            if (!sees(i.site)) break;
            return inner_.acknowledge(id, user, note, now);
        }
    return Status::fail(Errc::not_found, "no safeguarding item " + std::to_string(id) + " at your sites");
}

Result<std::vector<UnreadComment>> ScopedStore::unread_comments(int limit, int offset) {
    auto all = inner_.unread_comments(whole_queue, 0);
    if (!all) return all;
    std::vector<UnreadComment> out;
    int skipped = 0;
    for (auto& c : *all) {
        if (!sees(c.site)) continue;
        if (skipped++ < offset) continue;
        if (out.size() >= static_cast<std::size_t>(std::max(limit, 0))) break;
        out.push_back(std::move(c));
    }
    return out;
}

Result<ReviewCounts> ScopedStore::review_counts(const ReviewDeadlines& deadlines, std::int64_t now) {
    auto mine = unread_comments(whole_queue, 0);
    if (!mine) return mine.error();
    ReviewCounts counts;
    for (const auto& c : *mine) {
        ++counts.unread;
        if (now - c.received_at > (c.flagged ? deadlines.flagged_s : deadlines.comment_s)) ++counts.overdue;
    }
    return counts;
}

Result<std::vector<std::int64_t>> ScopedStore::mark_read(const std::vector<std::int64_t>& responses,
                                                         bool only_unflagged, const std::string& user,
                                                         std::int64_t now) {
    std::vector<std::int64_t> mine;
    for (auto r : responses)
        if (sees(site_of_response(r))) mine.push_back(r);
    return inner_.mark_read(mine, only_unflagged, user, now);
}

Result<std::vector<AuditEntry>> ScopedStore::audit_log(int limit) {
    // Other accounts' entries name other sites' items and notes: a scoped account sees its own.
    auto log = inner_.audit_log(limit * 20);
    if (!log) return log;
    std::vector<AuditEntry> out;
    for (auto& e : *log)
        if (e.user == user_ && out.size() < static_cast<std::size_t>(std::max(limit, 0))) out.push_back(std::move(e));
    return out;
}

}  // namespace lp::dashboard
