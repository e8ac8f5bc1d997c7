#include "raw_batch.hpp"

namespace lp::dashboard::detail {

std::string ids_json(const std::vector<std::int64_t>& ids) {
    std::string out = "[";
    for (auto id : ids) out += (out.size() > 1 ? "," : "") + std::to_string(id);
    return out + "]";
}

std::string RawBatch::ids() const {
    std::vector<std::int64_t> pks;
    for (const auto& r : responses) pks.push_back(r.pk);
    return ids_json(pks);
}

}  // namespace lp::dashboard::detail
