#pragma once
// A batch of responses read back from either store, before their answers and comments are
// attached: the store-neutral half of sqlite_raw.cpp and pg_raw.cpp.
#include <lp/dashboard/store.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace lp::dashboard::detail {

/// A JSON array of ids ("[1,2,3]"): how both stores pass a list of ids as one parameter.
std::string ids_json(const std::vector<std::int64_t>& ids);

struct RawBatch {
    std::vector<RawResponse> responses;
    std::map<std::int64_t, std::size_t> at;  // pk -> index in responses

    void add(RawResponse r) {
        at[r.pk] = responses.size();
        responses.push_back(std::move(r));
    }
    /// The response with this pk; throws std::out_of_range for one not in the batch.
    RawResponse& of(std::int64_t pk) { return responses[at.at(pk)]; }
    /// The batch's ids as one JSON array, for the queries of its answers and comments.
    std::string ids() const;
};

}  // namespace lp::dashboard::detail
