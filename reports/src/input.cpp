#include <cctype>
#include <filesystem>
#include <lp/reports/input.hpp>
#include <lp/shared/files.hpp>

#include "pdf.hpp"

namespace lp::reports {
namespace {

bool ends_with_ci(const std::string& s, const std::string& tail) {
    if (s.size() < tail.size()) return false;
    for (std::size_t i = 0; i < tail.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[s.size() - tail.size() + i])) != tail[i]) return false;
    return true;
}

bool looks_like_html(const std::string& bytes, const std::string& name) {
    if (ends_with_ci(name, ".html") || ends_with_ci(name, ".htm")) return true;
    std::string head = bytes.substr(0, 512);
    for (char& c : head) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return head.find("<!doctype html") != std::string::npos || head.find("<html") != std::string::npos;
}

}  // namespace

Result<Document> read_document_bytes(const std::string& bytes, const std::string& name) {
    using R = Result<Document>;
    if (bytes.find_first_not_of(" \t\r\n") == std::string::npos)
        return R::fail(Errc::invalid_input, name + ": the file is empty; export the report again and retry");
    if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
        static_cast<unsigned char>(bytes[1]) == 0xD8 && static_cast<unsigned char>(bytes[2]) == 0xFF)
        return R::fail(Errc::invalid_input,
                       name + ": this is a JPEG image, not a report; upload the report's PDF, web page or text");
    if (bytes.compare(0, 8, "\x89PNG\r\n\x1a\n") == 0)
        return R::fail(Errc::invalid_input,
                       name + ": this is a PNG image, not a report; upload the report's PDF, web page or text");
    if (bytes.compare(0, 5, "%PDF-") == 0 || ends_with_ci(name, ".pdf")) return pdf_to_document(bytes, name);
    if (looks_like_html(bytes, name)) return Document{html_to_text(bytes), "html", 0};
    if (bytes.find('\0') != std::string::npos)
        return R::fail(Errc::invalid_input,
                       name + ": this is a binary file, not a report; upload the report's PDF, web page or text");
    return Document{bytes, "text", 0};
}

Result<Document> read_document(const std::string& path, std::uintmax_t max_bytes) {
    std::error_code ec;
    auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > max_bytes)
        return Result<Document>::fail(Errc::invalid_input, path + ": the file is " + std::to_string(size >> 20) +
                                                               " MB, over the " + std::to_string(max_bytes >> 20) +
                                                               " MB limit for a report; is it the right file?");
    auto bytes = read_file(path);
    if (!bytes) return bytes.error();
    return read_document_bytes(*bytes, path);
}

}  // namespace lp::reports
