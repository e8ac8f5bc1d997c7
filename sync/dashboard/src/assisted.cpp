#include <lp/dashboard/assisted.hpp>
#include <lp/dashboard/privacy.hpp>

namespace lp::dashboard {

AssistedShare assisted_share(const AssistedCounts& counts, int min_group) {
    AssistedShare s;
    if (suppressed(counts.responses, min_group)) return s;
    s.total_suppressed = false;
    s.responses = rounded_count(counts.responses);
    const std::int64_t alone = counts.responses - counts.assisted;
    if (suppressed(counts.assisted, min_group) || suppressed(alone, min_group)) return s;
    s.share_suppressed = false;
    s.assisted = rounded_count(counts.assisted);
    s.share = rounded_share(static_cast<double>(counts.assisted) / static_cast<double>(counts.responses));
    return s;
}

}  // namespace lp::dashboard
