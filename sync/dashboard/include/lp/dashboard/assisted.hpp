#pragma once
// The share of under-8s answers given with a grown-up's help ("A grown-up helped me"), as it may
// be shown: computed and suppressed once here, printed by the matrix page and its JSON.
#include <lp/dashboard/store.hpp>

#include <cstdint>

namespace lp::dashboard {

struct AssistedShare {
    bool total_suppressed = true;     // fewer than min_group 4-7 responses: no figure at all
    bool share_suppressed = true;     // the helped or the unhelped group is small: no split shown
    std::int64_t responses = 0;       // rounded; 0 when suppressed
    std::int64_t assisted = 0;        // rounded; 0 when suppressed
    double share = 0.0;               // assisted / responses, rounded to 0.05; 0 when suppressed
};

/// Suppresses as every other figure does: the total when it is below min_group, and the split
/// when either side of it (helped, or on their own) is below min_group, so that no child's
/// answer is singled out by subtracting one shown figure from another. No answers and a few
/// look the same ("fewer than N"), as everywhere on the dashboard.
AssistedShare assisted_share(const AssistedCounts& counts, int min_group);

}  // namespace lp::dashboard
