#pragma once
// Roles by site: a DashboardStore that shows one account only its own sites. Every figure,
// comment and safeguarding query is narrowed to them (another site reads as empty), items of
// other sites cannot be acknowledged or their comments corrected, and the audit page shows the
// account's own actions. Dashboard::context() hands views this store for any account with
// sites, so pages, JSON, CSV and the evidence pack are scoped in one place. Everything else
// passes through to the real store.
#include <lp/dashboard/store.hpp>
#include <string>
#include <vector>

namespace lp::dashboard {

class ScopedStore final : public DashboardStore {
public:
    /// sites: the account's sites (not empty); user: its name (for the audit page).
    ScopedStore(DashboardStore& inner, std::vector<std::string> sites, std::string user);

    bool sees(const std::string& site) const;

    Status replace_catalogue(const Catalogue& c) override { return inner_.replace_catalogue(c); }
    Result<Catalogue> catalogue() override { return inner_.catalogue(); }
    Result<std::vector<HistoryReport>> report_history() override { return inner_.report_history(); }
    Result<std::int64_t> catalogue_version() override { return inner_.catalogue_version(); }
    Result<std::int64_t> cursor() override { return inner_.cursor(); }
    Result<std::vector<RawResponse>> raw_responses_after(std::int64_t after, int limit) override {
        return inner_.raw_responses_after(after, limit);
    }
    Status apply_indexed(const std::vector<IndexedResponse>& batch) override { return inner_.apply_indexed(batch); }
    Status reset_index() override { return inner_.reset_index(); }

    Result<std::vector<ThemeMonth>> theme_months(const Filter& filter) override;
    Result<std::vector<ValueCount>> value_counts(const Filter& filter, const std::vector<std::string>& questions) override;
    Result<std::vector<CommentView>> comments(const CommentQuery& query) override;
    Result<std::int64_t> count_comments(const CommentQuery& query) override;
    Result<std::vector<std::string>> sites() override;
    Result<std::vector<std::string>> months() override { return inner_.months(); }
    Result<AssistedCounts> assisted_counts(const Filter& filter) override;

    Status correct_link(std::int64_t response, const std::string& theme, bool add, const std::string& user,
                        std::int64_t now) override;
    Result<std::vector<std::string>> labelled_examples() override { return inner_.labelled_examples(); }

    Result<std::vector<SafeguardingItem>> safeguarding_items(bool include_acknowledged, int limit) override;
    Result<std::int64_t> unacknowledged_count() override;
    Status acknowledge(std::int64_t id, const std::string& user, const std::string& note, std::int64_t now) override;

    Result<std::vector<UnreadComment>> unread_comments(int limit, int offset) override;
    Result<ReviewCounts> review_counts(const ReviewDeadlines& deadlines, std::int64_t now) override;
    /// Marks only the comments of the account's own sites.
    Result<std::vector<std::int64_t>> mark_read(const std::vector<std::int64_t>& responses, bool only_unflagged,
                                                const std::string& user, std::int64_t now) override;

    Status create_session(const std::string& h, const Session& s) override { return inner_.create_session(h, s); }
    Result<std::optional<Session>> find_session(const std::string& h) override { return inner_.find_session(h); }
    Status touch_session(const std::string& h, std::int64_t now) override { return inner_.touch_session(h, now); }
    Status delete_session(const std::string& h) override { return inner_.delete_session(h); }
    Status expire_sessions(std::int64_t idle_cutoff, std::int64_t created_cutoff) override {
        return inner_.expire_sessions(idle_cutoff, created_cutoff);
    }
    Result<LoginState> login_state(const std::string& u) override { return inner_.login_state(u); }
    Status set_login_state(const std::string& u, const LoginState& s) override { return inner_.set_login_state(u, s); }
    Result<LoginAttempt> count_login_attempt(const std::string& key, std::int64_t now, int max_attempts,
                                             int lockout_s) override {
        return inner_.count_login_attempt(key, now, max_attempts, lockout_s);
    }

    Status audit(const AuditEntry& entry) override { return inner_.audit(entry); }
    // Alerts are sent by the server's worker on the whole store, never through an account's view.
    Result<std::vector<AlertDelivery>> claim_alerts(const std::vector<std::string>&, std::int64_t, std::int64_t,
                                                    std::int64_t, int) override {
        return Error{Errc::invalid_input, "alerts are not sent through a site-scoped view"};
    }
    Status finish_alert(std::int64_t, const std::string&, AlertOutcome, std::int64_t, const std::string&,
                        std::int64_t) override {
        return Error{Errc::invalid_input, "alerts are not sent through a site-scoped view"};
    }
    Result<std::vector<AuditEntry>> audit_log(int limit) override;

    Result<std::int64_t> add_reply(const Reply& reply) override { return inner_.add_reply(reply); }
    Status delete_reply(std::int64_t id) override { return inner_.delete_reply(id); }
    Result<std::vector<Reply>> replies() override { return inner_.replies(); }

private:
    /// The site of a stored response; "" when there is none.
    std::string site_of_response(std::int64_t response);

    DashboardStore& inner_;
    std::vector<std::string> sites_;
    std::string user_;
};

}  // namespace lp::dashboard
