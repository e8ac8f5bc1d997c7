// lp-make-report: turns a corpus text report into the forms councils hold it in, at test time:
//   --pdf OUT.pdf   pages laid out by pango on A4 with real furniture: a running header, "Page N
//                   of M", a "© Crown copyright" footer, judgement tables drawn as two narrow
//                   columns (so long names and "Requires improvement to be good" wrap)
//   --html OUT.html the page as saved from a browser: navigation, script, cookie footer around it
//   --scanned-pdf OUT.pdf  a page of drawn shapes and no text layer (a scan)
// Usage: lp-make-report (--pdf|--html) OUT --header TEXT IN.txt | --scanned-pdf OUT
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace {

constexpr double kWidth = 595.0, kHeight = 842.0, kMargin = 56.0;
constexpr double kTop = 80.0, kBottom = kHeight - 80.0;

struct CairoDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
    void operator()(cairo_t* c) const { cairo_destroy(c); }
    void operator()(PangoLayout* l) const { g_object_unref(l); }
    void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
};
template <class T>
using Owned = std::unique_ptr<T, CairoDeleter>;

// One block of the document: a paragraph, or a table row (cells).
struct Block {
    std::string text;
    std::vector<std::string> cells;
    bool heading = false;
};

std::string trim(const std::string& s) {
    auto b = s.find_first_not_of(" \t\r");
    if (b == std::string::npos) return "";
    auto e = s.find_last_not_of(" \t\r");
    return s.substr(b, e - b + 1);
}

std::vector<std::string> cells_of(const std::string& line) {
    std::vector<std::string> cells;
    std::string cur;
    int spaces = 0;
    auto flush = [&] {
        std::string t = trim(cur);
        if (!t.empty()) cells.push_back(t);
        cur.clear();
    };
    for (char c : line) {
        if (c == '\t' || c == '|') {
            flush();
            spaces = 0;
        } else if (c == ' ' && ++spaces >= 3) {
            flush();
        } else {
            if (c != ' ') spaces = 0;
            cur.push_back(c);
        }
    }
    flush();
    return cells;
}

std::vector<Block> read_blocks(const std::string& text) {
    std::vector<Block> blocks;
    std::istringstream in(text);
    std::string line;
    Block para;
    auto flush = [&] {
        if (!para.text.empty()) blocks.push_back(para);
        para = Block{};
    };
    while (std::getline(in, line)) {
        std::string t = trim(line);
        if (t.empty()) {
            flush();
            continue;
        }
        auto cells = cells_of(line);
        bool bullet = t[0] == '-' || t[0] == '*' ||
                      (std::isdigit(static_cast<unsigned char>(t[0])) && t.find(". ") < 4) ||
                      (t[0] == '(' && t.find(") ") < 4);
        if (cells.size() >= 2 && t.find("---") == std::string::npos) {
            flush();
            blocks.push_back(Block{t, cells, false});
            continue;
        }
        if (t.find("---") != std::string::npos && cells.size() >= 2) continue;  // Markdown table rule
        if (t[0] == '#') {
            flush();
            blocks.push_back(Block{trim(t.substr(t.find_first_not_of('#'))), {}, true});
            continue;
        }
        if (bullet) flush();
        if (!para.text.empty()) para.text += " ";
        para.text += t;
    }
    flush();
    return blocks;
}

std::string escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '&')
            out += "&amp;";
        else if (c == '<')
            out += "&lt;";
        else if (c == '>')
            out += "&gt;";
        else
            out.push_back(c);
    }
    return out;
}

// Lays the blocks out page by page; with cr == nullptr only counts pages.
int render(cairo_surface_t* surface, const std::vector<Block>& blocks, const std::string& header, int total) {
    Owned<cairo_t> cr(cairo_create(surface));
    Owned<PangoFontDescription> body(pango_font_description_from_string("DejaVu Sans 10"));
    Owned<PangoFontDescription> small(pango_font_description_from_string("DejaVu Sans 8"));
    Owned<PangoFontDescription> bold(pango_font_description_from_string("DejaVu Sans Bold 11"));
    int page = 1;
    double y = kTop;
    auto furniture = [&] {
        Owned<PangoLayout> l(pango_cairo_create_layout(cr.get()));
        pango_layout_set_font_description(l.get(), small.get());
        pango_layout_set_text(l.get(), header.c_str(), -1);
        cairo_move_to(cr.get(), kMargin, 40);
        pango_cairo_show_layout(cr.get(), l.get());
        std::string num = "Page " + std::to_string(page) + " of " + std::to_string(total);
        pango_layout_set_text(l.get(), num.c_str(), -1);
        cairo_move_to(cr.get(), kWidth / 2 - 25, kHeight - 50);
        pango_cairo_show_layout(cr.get(), l.get());
        pango_layout_set_text(l.get(), "\xC2\xA9 Crown copyright", -1);
        cairo_move_to(cr.get(), kMargin, kHeight - 36);
        pango_cairo_show_layout(cr.get(), l.get());
    };
    auto new_page = [&] {
        furniture();
        cairo_show_page(cr.get());
        ++page;
        y = kTop;
    };
    auto layout = [&](const std::string& text, PangoFontDescription* font, double width) {
        PangoLayout* l = pango_cairo_create_layout(cr.get());
        pango_layout_set_font_description(l, font);
        pango_layout_set_width(l, static_cast<int>(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD);
        pango_layout_set_markup(l, escape(text).c_str(), -1);
        return Owned<PangoLayout>(l);
    };
    for (const auto& b : blocks) {
        if (!b.cells.empty()) {
            // Two narrow columns: the name wraps, and so does a long grade.
            double c1 = 250, c2 = 165;
            auto name = layout(b.cells.front(), body.get(), c1);
            auto grade = layout(b.cells.back(), body.get(), c2);
            int h1 = 0, h2 = 0;
            pango_layout_get_pixel_size(name.get(), nullptr, &h1);
            pango_layout_get_pixel_size(grade.get(), nullptr, &h2);
            double h = std::max(h1, h2) + 6;
            if (y + h > kBottom) new_page();
            cairo_move_to(cr.get(), kMargin, y);
            pango_cairo_show_layout(cr.get(), name.get());
            cairo_move_to(cr.get(), kMargin + c1 + 40, y);
            pango_cairo_show_layout(cr.get(), grade.get());
            cairo_rectangle(cr.get(), kMargin - 4, y - 3, c1 + c2 + 50, h);
            cairo_set_line_width(cr.get(), 0.5);
            cairo_stroke(cr.get());
            y += h;
            continue;
        }
        auto l = layout(b.text, b.heading ? bold.get() : body.get(), kWidth - 2 * kMargin);
        // Split a paragraph over pages line by line, as a typesetter would.
        int lines = pango_layout_get_line_count(l.get());
        for (int i = 0; i < lines; ++i) {
            PangoLayoutLine* line = pango_layout_get_line_readonly(l.get(), i);
            PangoRectangle ink, logical;
            pango_layout_line_get_pixel_extents(line, &ink, &logical);
            if (y + logical.height > kBottom) new_page();
            cairo_move_to(cr.get(), kMargin, y - logical.y);
            pango_cairo_show_layout_line(cr.get(), line);
            y += logical.height;
        }
        y += 16;  // a paragraph gap wide enough to read as a blank line
    }
    furniture();
    cairo_show_page(cr.get());
    return page;
}

int make_pdf(const std::string& out, const std::string& header, const std::string& text) {
    auto blocks = read_blocks(text);
    int pages = 0;
    {
        Owned<cairo_surface_t> counting(cairo_pdf_surface_create(nullptr, kWidth, kHeight));
        pages = render(counting.get(), blocks, header, 0);
    }
    Owned<cairo_surface_t> pdf(cairo_pdf_surface_create(out.c_str(), kWidth, kHeight));
    render(pdf.get(), blocks, header, pages);
    cairo_surface_finish(pdf.get());
    return cairo_surface_status(pdf.get()) == CAIRO_STATUS_SUCCESS ? 0 : 1;
}

int make_scanned(const std::string& out) {
    Owned<cairo_surface_t> pdf(cairo_pdf_surface_create(out.c_str(), kWidth, kHeight));
    Owned<cairo_t> cr(cairo_create(pdf.get()));
    for (int i = 0; i < 40; ++i) {  // grey strokes where a scan would have lines of print
        cairo_rectangle(cr.get(), kMargin, 80 + i * 16, 300 + (i * 37) % 180, 8);
        cairo_set_source_rgb(cr.get(), 0.3, 0.3, 0.3);
        cairo_fill(cr.get());
    }
    cairo_show_page(cr.get());
    cr.reset();
    cairo_surface_finish(pdf.get());
    return 0;
}

int make_html(const std::string& out, const std::string& header, const std::string& text) {
    std::ofstream f(out, std::ios::binary);
    f << "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" << escape(header)
      << "</title>\n<style>body{font-family:sans-serif}</style>\n<script>window.dataLayer=[];function "
         "gtag(){dataLayer.push(arguments);} if (1 < 2) { gtag('js', new Date()); }</script></head>\n<body>\n"
         "<header><a href=\"/\">Reports</a><nav><ul><li><a href=\"/search\">Search</a></li>"
         "<li><a href=\"/about\">About</a></li></ul></nav></header>\n<main>\n";
    bool in_list = false, in_table = false;
    for (const auto& b : read_blocks(text)) {
        bool bullet = !b.text.empty() && (b.text[0] == '-' || b.text.rfind("\xE2\x80\xA2", 0) == 0);
        if (in_list && !bullet) f << "</ul>\n", in_list = false;
        if (in_table && b.cells.empty()) f << "</table>\n", in_table = false;
        if (!b.cells.empty()) {
            if (!in_table) f << "<table class=\"judgements\">\n", in_table = true;
            f << "  <tr>";
            for (const auto& c : b.cells) f << "<td>" << escape(c) << "</td>";
            f << "</tr>\n";
        } else if (bullet) {
            if (!in_list) f << "<ul>\n", in_list = true;
            std::string t = b.text.substr(b.text[0] == '-' ? 1 : 3);
            f << "  <li>" << escape(trim(t)) << "</li>\n";
        } else if (b.heading) {
            f << "<h2>" << escape(b.text) << "</h2>\n";
        } else {
            // Web pages use typographic quotes and entities where the text had plain ones.
            std::string t = escape(b.text), o;
            for (char c : t) o += c == '\'' ? std::string("&rsquo;") : std::string(1, c);
            f << "<p>" << o << "</p>\n";
        }
    }
    if (in_list) f << "</ul>\n";
    if (in_table) f << "</table>\n";
    f << "</main>\n<footer><p>Cookies help us improve this site.</p><p>&copy; Crown copyright</p></footer>\n"
         "</body></html>\n";
    return f ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> a(argv + 1, argv + argc);
    if (a.size() == 2 && a[0] == "--scanned-pdf") return make_scanned(a[1]);
    if (a.size() != 5 || (a[0] != "--pdf" && a[0] != "--html") || a[2] != "--header") {
        std::cerr << "usage: lp-make-report (--pdf|--html) OUT --header TEXT IN.txt | --scanned-pdf OUT\n";
        return 2;
    }
    std::ifstream in(a[4], std::ios::binary);
    if (!in) {
        std::cerr << "lp-make-report: cannot read " << a[4] << "\n";
        return 1;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    return a[0] == "--pdf" ? make_pdf(a[1], a[3], ss.str()) : make_html(a[1], a[3], ss.str());
}
