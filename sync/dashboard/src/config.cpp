#include <lp/dashboard/config.hpp>
#include <cstdlib>
#include <lp/shared/config_file.hpp>

namespace lp::dashboard {

Result<DashboardConfig> load_dashboard_config(const std::string& path) {
    DashboardConfig c;
    auto values = load_config_file_if_any(path);
    if (!values) return values.error();
    struct Key {
        const char* name;
        int* field;
        long long lo, hi;
    };
    const Key keys[] = {
        {"min_group", &c.min_group, min_group_floor, 1000},
        {"overdue_s", &c.overdue_s, 60, 30LL * 86400},
        {"comment_review_hours", &c.comment_review_hours, 1, 90LL * 24},
        {"idle_timeout_s", &c.idle_timeout_s, 60, 7LL * 86400},
        {"session_lifetime_s", &c.session_lifetime_s, 300, 7LL * 86400},
        {"max_login_failures", &c.max_login_failures, 1, 100},
        {"max_login_attempts_per_address", &c.max_login_attempts_per_address, 1, 10000},
        {"max_password_checks", &c.max_password_checks, 1, 64},
        {"lockout_s", &c.lockout_s, 1, 86400},
        {"index_interval_ms", &c.index_interval_ms, 50, 600000},
        {"index_batch", &c.index_batch, 1, 100000},
        {"relink_hour", &c.relink_hour, -1, 23},
        {"comments_per_page", &c.comments_per_page, 5, 500},
        {"recent_comments", &c.recent_comments, 0, 50},
    };
    for (const auto& k : keys) {
        auto v = config_int(*values, k.name, *k.field);
        if (!v) return v.error();
        if (*v < k.lo || *v > k.hi)
            return Error{Errc::invalid_input, path + ": " + k.name + " must be between " + std::to_string(k.lo) +
                                                  " and " + std::to_string(k.hi)};
        *k.field = static_cast<int>(*v);
    }
    c.language = config_string(*values, "language", c.language);
    // A share ("0.2") or a percentage ("20%").
    const std::string reach = config_string(*values, "reach_warning_rate", "");
    if (!reach.empty()) {
        const bool percent = reach.back() == '%';
        const std::string number = percent ? reach.substr(0, reach.size() - 1) : reach;
        char* end = nullptr;
        const double v = std::strtod(number.c_str(), &end);
        const double share = percent ? v / 100 : v;
        if (number.empty() || end != number.c_str() + number.size() || !(share > 0 && share <= 1))
            return Error{Errc::invalid_input,
                         path + ": reach_warning_rate must be a share from 0 to 1 (0.2) or a percentage (20%)"};
        c.reach_warning_rate = share;
    }
    return c;
}

}  // namespace lp::dashboard
