#include <lp/aggregator/tokens.hpp>

#include <lp/shared/crypto.hpp>

#include <cctype>

namespace lp::aggregator {

std::string make_enrol_code() {
    std::string code;
    for (std::size_t i = 0; i < enrol_code_length; ++i)
        code += enrol_code_alphabet[crypto::random_below(static_cast<std::uint32_t>(enrol_code_alphabet.size()))];
    return code;
}

std::string normalize_enrol_code(std::string_view typed) {
    std::string out;
    for (char c : typed) {
        if (c == ' ' || c == '-') continue;
        char u = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (enrol_code_alphabet.find(u) == std::string_view::npos) return {};
        out += u;
        if (out.size() > enrol_code_length) return {};
    }
    return out.size() == enrol_code_length ? out : std::string();
}

std::string enrol_code_hash(std::string_view normalized_code) {
    return crypto::sha256_hex(std::string("lp-enrol:") + std::string(normalized_code));
}

std::string make_device_token() { return crypto::to_hex(crypto::random_bytes(32)); }

std::string device_token_hash(std::string_view token) { return crypto::sha256_hex(token); }

std::string make_device_id() { return "dev-" + crypto::to_hex(crypto::random_bytes(8)); }

namespace {
std::string keyed_hash(std::string_view purpose, std::string_view code_hash, std::string_view enrol_key) {
    std::string key(enrol_key);
    for (char& c : key) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return crypto::sha256_hex(std::string(purpose) + "\n" + std::string(code_hash) + "\n" + key);
}
}  // namespace

std::string device_id_for(std::string_view code_hash, std::string_view enrol_key) {
    return "dev-" + keyed_hash("lp-enrol", code_hash, enrol_key).substr(0, 16);
}

std::string device_token_for(std::string_view code_hash, std::string_view enrol_key) {
    return keyed_hash("lp-device-token", code_hash, enrol_key);
}

bool is_enrol_key(std::string_view key) {
    return key.size() == 64 && key.find_first_not_of("0123456789abcdefABCDEF") == std::string_view::npos;
}

}  // namespace lp::aggregator
