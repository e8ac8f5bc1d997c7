// libFuzzer target: the decoders that read untrusted bytes on the aggregator — the batch
// request (wire::decode_batch) and the opened response plaintext (decode_response).
// Properties: never crash, never hang, and a decoded batch re-encodes to an equivalent batch.
#include <lp/shared/response_codec.hpp>
#include <lp/shared/wire.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    auto batch = lp::wire::decode_batch(text);
    if (batch) {
        const auto& d = *batch;
        if (d.order.size() != d.batch.items.size() + d.rejected.size()) std::abort();
        auto again = lp::wire::decode_batch(lp::wire::encode_batch(d.batch));
        if (!again || again->batch.items.size() != d.batch.items.size() || !again->rejected.empty()) std::abort();
        for (std::size_t i = 0; i < d.batch.items.size(); ++i)
            if (again->batch.items[i].sha256 != d.batch.items[i].sha256 ||
                again->batch.items[i].sealed != d.batch.items[i].sealed)
                std::abort();
    }

    auto response = lp::decode_response(text);
    if (response) {
        auto again = lp::decode_response(lp::encode_response(*response));
        if (!again || again->id != response->id || again->answers.size() != response->answers.size() ||
            again->comment != response->comment)
            std::abort();
    }
    return 0;
}
