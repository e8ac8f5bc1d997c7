#include "pdf.hpp"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <lp/reports/furniture.hpp>
#include <memory>

namespace lp::reports {
namespace {

// Poppler reports damaged files on stderr; the reader says what was wrong itself.
void quiet(const std::string&, void*) {}

}  // namespace

Result<Document> pdf_to_document(const std::string& bytes, const std::string& name) {
    using R = Result<Document>;
    poppler::set_debug_error_function(quiet, nullptr);
    if (bytes.compare(0, 5, "%PDF-") != 0)
        return R::fail(Errc::invalid_input, name +
                                                ": this is not a PDF (it does not start with %PDF-); if it is a "
                                                "report, save it again as PDF, web page or text");
    // A PDF ends with %%EOF; without it the file was cut short (poppler would rebuild what it can
    // and read half a report as if it were whole).
    if (bytes.rfind("%%EOF") == std::string::npos || bytes.rfind("%%EOF") + 1024 < bytes.size())
        return R::fail(Errc::invalid_input, name +
                                                ": the PDF is damaged or truncated (it does not end as a PDF "
                                                "ends); download it again from the publisher");
    // load_from_raw_data reads the bytes in place; `bytes` outlives the document.
    std::unique_ptr<poppler::document> doc(
        poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
    if (!doc)
        return R::fail(Errc::invalid_input, name +
                                                ": the PDF is damaged or truncated and cannot be opened; download "
                                                "it again from the publisher");
    if (doc->is_locked())
        return R::fail(Errc::invalid_input, name +
                                                ": the PDF is password-protected; open it with its password and "
                                                "save or print an unprotected copy, then import that");
    Document out;
    out.format = "pdf";
    out.pages = doc->pages();
    std::vector<std::string> pages;
    std::size_t letters = 0;
    for (int i = 0; i < doc->pages(); ++i) {
        std::unique_ptr<poppler::page> page(doc->create_page(i));
        if (!page) continue;
        auto utf8 = page->text(poppler::rectf(), poppler::page::physical_layout).to_utf8();
        std::string text(utf8.begin(), utf8.end());
        for (char c : text) letters += std::isalpha(static_cast<unsigned char>(c)) ? 1 : 0;
        pages.push_back(std::move(text));
    }
    if (out.pages == 0)
        return R::fail(Errc::invalid_input, name + ": the PDF has no pages; download it again from the publisher");
    if (letters < 20u * static_cast<std::size_t>(out.pages) && letters < 200)
        return R::fail(Errc::invalid_input,
                       name +
                           ": the PDF has no text layer (it is a scan of printed pages); ask the publisher for the "
                           "original PDF or its web page, or run it through OCR and import the text");
    out.text = remove_page_furniture(pages);
    return out;
}

}  // namespace lp::reports
