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

}  // namespace lp::aggregator
