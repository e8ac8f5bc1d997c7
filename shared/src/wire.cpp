#include <lp/shared/json_util.hpp>
#include <lp/shared/time.hpp>
#include <lp/shared/wire.hpp>

namespace lp::wire {
namespace {

using nlohmann::json;

bool is_hex64(const std::string& s) {
    if (s.size() != 64) return false;
    for (char c : s)
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    return true;
}

// Returns an empty string when the item is fine, else the reason it is rejected.
std::string read_item(const json& j, const Limits& limits, Item& out) {
    if (!j.is_object()) return "item is not an object";
    if (!j.contains("id") || !j["id"].is_string() || !is_uuid(j["id"].get<std::string>()))
        return "'id' must be a lower-case uuid4";
    out.id = j["id"].get<std::string>();
    if (!j.contains("seq") || !j["seq"].is_number_integer() || j["seq"].get<long long>() < 0)
        return "'seq' must be a whole number of 0 or more";
    out.seq = j["seq"].get<long long>();
    if (!j.contains("question_set") || !j["question_set"].is_object()) return "'question_set' must be an object";
    const auto& qs = j["question_set"];
    if (!qs.contains("id") || !qs["id"].is_string() || !is_slug(qs["id"].get<std::string>()))
        return "'question_set.id' is missing or malformed";
    if (!qs.contains("version") || !qs["version"].is_number_integer() || qs["version"].get<long long>() < 1 ||
        qs["version"].get<long long>() > 1000000)
        return "'question_set.version' must be a whole number from 1";
    out.question_set_id = qs["id"].get<std::string>();
    out.question_set_version = qs["version"].get<int>();
    if (!j.contains("created_hour") || !j["created_hour"].is_string()) return "'created_hour' must be a string";
    out.created_hour = j["created_hour"].get<std::string>();
    auto t = parse_iso_utc(out.created_hour);
    if (t < 0 || out.created_hour.size() != 20 || t % 3600 != 0)
        return "'created_hour' must be a UTC time on the hour, like 2026-11-25T14:00:00Z";
    if (!j.contains("sealed") || !j["sealed"].is_string()) return "'sealed' must be base64 text";
    const auto& b64 = j["sealed"].get_ref<const std::string&>();
    if (b64.size() > limits.max_sealed_bytes * 4 / 3 + 4)
        return "'sealed' is larger than " + std::to_string(limits.max_sealed_bytes) + " bytes";
    auto sealed = crypto::from_base64(b64);
    if (!sealed) return "'sealed' is not valid base64";
    out.sealed = std::move(*sealed);
    if (!j.contains("sha256") || !j["sha256"].is_string() || !is_hex64(j["sha256"].get<std::string>()))
        return "'sha256' must be 64 lower-case hex digits";
    out.sha256 = j["sha256"].get<std::string>();
    if (crypto::sha256_hex(out.sealed) != out.sha256) return "'sha256' does not match the sealed bytes";
    return {};
}

}  // namespace

const char* to_string(ItemStatus s) noexcept {
    switch (s) {
    case ItemStatus::stored: return "stored";
    case ItemStatus::duplicate: return "duplicate";
    case ItemStatus::conflict: return "conflict";
    case ItemStatus::rejected: return "rejected";
    }
    return "rejected";
}

bool is_uuid(std::string_view s) {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            return false;
        }
    }
    return true;
}

std::string encode_batch(const Batch& b) {
    json items = json::array();
    for (const auto& it : b.items)
        items.push_back({{"id", it.id},
                         {"seq", it.seq},
                         {"question_set", {{"id", it.question_set_id}, {"version", it.question_set_version}}},
                         {"created_hour", it.created_hour},
                         {"sealed", crypto::to_base64(it.sealed)},
                         {"sha256", it.sha256}});
    return json{{"device_id", b.device_id}, {"batch_id", b.batch_id}, {"items", items}}.dump();
}

Result<DecodedBatch> decode_batch(std::string_view text, const Limits& limits) {
    auto fail = [](std::string m) { return Result<DecodedBatch>::fail(Errc::invalid_input, std::move(m)); };
    auto parsed = parse_json(text, limits.max_depth);
    if (!parsed) return Result<DecodedBatch>(parsed.error());
    const json& j = *parsed;
    if (!j.is_object()) return fail("the batch must be a JSON object");
    if (!j.contains("device_id") || !j["device_id"].is_string() || j["device_id"].get<std::string>().empty() ||
        j["device_id"].get<std::string>().size() > 64)
        return fail("'device_id' must be a non-empty string");
    if (!j.contains("batch_id") || !j["batch_id"].is_string() || !is_uuid(j["batch_id"].get<std::string>()))
        return fail("'batch_id' must be a lower-case uuid4");
    if (!j.contains("items") || !j["items"].is_array()) return fail("'items' must be a list");
    if (j["items"].size() > limits.max_items)
        return fail("a batch may hold at most " + std::to_string(limits.max_items) + " items; send smaller batches");
    DecodedBatch out;
    out.batch.device_id = j["device_id"].get<std::string>();
    out.batch.batch_id = j["batch_id"].get<std::string>();
    for (const auto& ji : j["items"]) {
        Item item;
        std::string reason = read_item(ji, limits, item);
        if (reason.empty()) {
            out.order.push_back({true, out.batch.items.size()});
            out.batch.items.push_back(std::move(item));
        } else {
            std::string id = (ji.is_object() && ji.contains("id") && ji["id"].is_string())
                                 ? ji["id"].get<std::string>().substr(0, 64)
                                 : std::string();
            out.order.push_back({false, out.rejected.size()});
            out.rejected.push_back({id, ItemStatus::rejected, reason});
        }
    }
    return out;
}

std::string encode_results(const std::vector<ItemResult>& results) {
    json arr = json::array();
    for (const auto& r : results) {
        json o = {{"id", r.id}, {"status", to_string(r.status)}};
        if (!r.reason.empty()) o["reason"] = r.reason;
        arr.push_back(o);
    }
    return json{{"results", arr}}.dump();
}

Result<std::vector<ItemResult>> decode_results(std::string_view text) {
    using R = Result<std::vector<ItemResult>>;
    auto parsed = parse_json(text, 8);
    if (!parsed) return R(parsed.error());
    const json& j = *parsed;
    if (!j.is_object() || !j.contains("results") || !j["results"].is_array())
        return R::fail(Errc::invalid_input, "the answer has no 'results' list");
    std::vector<ItemResult> out;
    for (const auto& r : j["results"]) {
        if (!r.is_object() || !r.contains("id") || !r["id"].is_string() || !r.contains("status") ||
            !r["status"].is_string())
            return R::fail(Errc::invalid_input, "a result lacks 'id' or 'status'");
        ItemResult ir;
        ir.id = r["id"].get<std::string>();
        std::string s = r["status"].get<std::string>();
        if (s == "stored") ir.status = ItemStatus::stored;
        else if (s == "duplicate") ir.status = ItemStatus::duplicate;
        else if (s == "conflict") ir.status = ItemStatus::conflict;
        else if (s == "rejected") ir.status = ItemStatus::rejected;
        else return R::fail(Errc::invalid_input, "unknown result status '" + s + "'");
        if (r.contains("reason") && r["reason"].is_string()) ir.reason = r["reason"].get<std::string>();
        out.push_back(std::move(ir));
    }
    return out;
}

Item make_item(std::string id, std::int64_t seq, std::string question_set_id, int question_set_version,
               std::string created_hour, crypto::Bytes sealed) {
    Item it;
    it.id = std::move(id);
    it.seq = seq;
    it.question_set_id = std::move(question_set_id);
    it.question_set_version = question_set_version;
    it.created_hour = std::move(created_hour);
    it.sha256 = crypto::sha256_hex(sealed);
    it.sealed = std::move(sealed);
    return it;
}

}  // namespace lp::wire
