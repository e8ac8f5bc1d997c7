// The board pack printed as PDF with cairo and pango: A4, real text in a structure tree
// (H1, H2, P, Table/TR/TH/TD tags), an outline and linked contents, fonts embedded by cairo.
// Printed twice: the first pass learns which page each section starts on, for the contents.
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <cmath>
#include <cstdio>
#include <lp/dashboard/board_pack.hpp>
#include <lp/dashboard/privacy.hpp>
#include <map>
#include <memory>

namespace lp::dashboard {
namespace {

// [SECTION] Page geometry (points; A4 is 595 × 842)
constexpr double page_w = 595.28;
constexpr double page_h = 841.89;
constexpr double margin = 50;
constexpr double content_w = page_w - 2 * margin;
constexpr double footer_h = 30;
constexpr const char* font_family = "DejaVu Sans";  // fonts-dejavu-core: every Latin script the pages speak

struct SurfaceDeleter {
    void operator()(cairo_surface_t* s) const { cairo_surface_destroy(s); }
};
struct CairoDeleter {
    void operator()(cairo_t* c) const { cairo_destroy(c); }
};
struct GObjectDeleter {
    void operator()(void* o) const { g_object_unref(o); }
};
struct FontDeleter {
    void operator()(PangoFontDescription* f) const { pango_font_description_free(f); }
};

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
}

std::string pct(double share) { return percent(share); }

/// "+12 points" / "−8 points" for a change in a share.
std::string points(double difference) {
    const long v = std::lround(difference * 100);
    return (v > 0 ? "+" : (v < 0 ? "\u2212" : "")) + std::to_string(std::labs(v));
}

std::string duration_text(const Text& t, std::int64_t seconds) {
    if (seconds < 3600) return t.plain("pack.minutes", {{"n", std::to_string((seconds + 59) / 60)}});
    if (seconds < 72 * 3600) {
        const std::int64_t minutes = (seconds + 59) / 60;
        std::string h = t.plain("pack.hours", {{"n", std::to_string(minutes / 60)}});
        if (minutes % 60) h += " " + t.plain("pack.minutes", {{"n", std::to_string(minutes % 60)}});
        return h;
    }
    return t.plain("pack.days", {{"n", std::to_string((seconds + 43199) / 86400)}});
}

std::string band_name(const Text& t, const std::string& band) {
    return band.empty() ? t.plain("pack.every_age") : t.plain("band." + band);
}

std::string fewer(const Text& t, int min_group) { return t.plain("fewer_than", {{"n", std::to_string(min_group)}}); }

/// A count with its rate: "42 (31%)", "42", or "fewer than 5".
std::string rate_cell(const Text& t, const Rate& r, int min_group) {
    if (r.suppressed) return fewer(t, min_group);
    if (!r.rate) return std::to_string(r.responses);
    return t.plain("pack.count_rate", {{"n", std::to_string(r.responses)}, {"rate", pct(*r.rate)}});
}

std::string status_text(const Text& t, const std::string& status) {
    if (status == "Young people agree") return t.plain("status.agree");
    if (status == "Young people disagree") return t.plain("status.disagree");
    if (status == "Mixed") return t.plain("status.mixed");
    return t.plain("status.not_enough");
}

std::string action_status(const Text& t, const std::string& status) {
    if (status == "planned") return t.plain("pack.action.planned");
    if (status == "in_progress") return t.plain("pack.action.in_progress");
    if (status == "dropped") return t.plain("pack.action.dropped");
    return t.plain("pack.action.done");
}

std::string area_name(const Text& t, const std::string& area) {
    std::string key = "area." + area;
    for (auto& c : key)
        if (c == ' ') c = '_';
    return t.has(key) ? t.plain(key) : t.plain("area.other");
}

// [SECTION] Document writer

class Document {
public:
    Document(std::string* out, const Text& t, std::string footer) : t_(t), footer_(std::move(footer)) {
        surface_.reset(cairo_pdf_surface_create_for_stream(append, out, page_w, page_h));
        cairo_pdf_surface_restrict_to_version(surface_.get(), CAIRO_PDF_VERSION_1_5);
        cr_.reset(cairo_create(surface_.get()));
        cairo_tag_begin(cr_.get(), "Document", "");
    }

    void set_metadata(const std::string& title, const std::string& subject) {
        cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_TITLE, title.c_str());
        cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_SUBJECT, subject.c_str());
        cairo_pdf_surface_set_metadata(surface_.get(), CAIRO_PDF_METADATA_CREATOR, "Listening Post lp-aggregator");
    }

    int page() const { return page_; }

    void new_page() {
        draw_footer();
        cairo_show_page(cr_.get());
        ++page_;
        y_ = margin;
    }

    /// A section heading: outline entry, link destination, H1 tag; starts a page when asked.
    void section(const std::string& id, const std::string& title, bool page_break) {
        if (page_break && y_ > margin) new_page();
        need(60);
        const std::string dest = "name='" + id + "'";
        cairo_tag_begin(cr_.get(), CAIRO_TAG_DEST, dest.c_str());
        text_block("H1", title, 17, true, 0, content_w, 10);
        cairo_tag_end(cr_.get(), CAIRO_TAG_DEST);
        const std::string link = "dest='" + id + "'";
        cairo_pdf_surface_add_outline(surface_.get(), CAIRO_PDF_OUTLINE_ROOT, title.c_str(), link.c_str(),
                                      CAIRO_PDF_OUTLINE_FLAG_OPEN);
        pages_[id] = page_;
    }
    void heading2(const std::string& text) {
        need(40);
        text_block("H2", text, 12.5, true, 0, content_w, 6);
    }
    void paragraph(const std::string& text, double size = 10, bool bold = false) {
        text_block("P", text, size, bold, 0, content_w, 6);
    }
    void quote(const std::string& text, const std::string& meta) {
        need(30);
        cairo_tag_begin(cr_.get(), "BlockQuote", "");
        text_block("P", "\u201C" + text + "\u201D", 10, false, 14, content_w - 14, 1);
        text_block("P", meta, 8.5, false, 14, content_w - 14, 7, 0.35);
        cairo_tag_end(cr_.get(), "BlockQuote");
    }
    /// A contents line linked to a section: "Reach ........ 3".
    void contents_line(const std::string& id, const std::string& title, int page) {
        const std::string link = "dest='" + id + "'";
        cairo_tag_begin(cr_.get(), CAIRO_TAG_LINK, link.c_str());
        const double y = y_;
        text_block("P", title, 11, false, 0, content_w - 40, 5);
        const double after = y_;
        y_ = y;
        text_block("P", std::to_string(page), 11, false, content_w - 30, 30, 5);
        y_ = std::max(after, y_);
        cairo_tag_end(cr_.get(), CAIRO_TAG_LINK);
    }

    /// A table: header row then rows; widths are shares of the content width.
    void table(const std::vector<std::string>& head, const std::vector<std::vector<std::string>>& rows,
               const std::vector<double>& widths) {
        cairo_tag_begin(cr_.get(), "Table", "");
        row("TH", head, widths, true);
        for (const auto& r : rows) row("TD", r, widths, false);
        cairo_tag_end(cr_.get(), "Table");
        y_ += 8;
    }

    std::map<std::string, int> pages() const { return pages_; }

    Result<bool> finish() {
        cairo_tag_end(cr_.get(), "Document");
        draw_footer();
        cairo_show_page(cr_.get());
        cr_.reset();
        cairo_surface_finish(surface_.get());
        const cairo_status_t s = cairo_surface_status(surface_.get());
        if (s != CAIRO_STATUS_SUCCESS)
            return Error{Errc::internal, std::string("board pack PDF: ") + cairo_status_to_string(s)};
        return true;
    }

private:
    std::unique_ptr<PangoLayout, GObjectDeleter> layout(const std::string& text, double size, bool bold,
                                                        double width) {
        std::unique_ptr<PangoLayout, GObjectDeleter> l(pango_cairo_create_layout(cr_.get()));
        std::unique_ptr<PangoFontDescription, FontDeleter> font(pango_font_description_new());
        pango_font_description_set_family(font.get(), font_family);
        pango_font_description_set_absolute_size(font.get(), size * PANGO_SCALE);
        pango_font_description_set_weight(font.get(), bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
        pango_layout_set_font_description(l.get(), font.get());
        pango_layout_set_width(l.get(), static_cast<int>(width * PANGO_SCALE));
        pango_layout_set_wrap(l.get(), PANGO_WRAP_WORD_CHAR);
        pango_layout_set_text(l.get(), text.c_str(), -1);
        return l;
    }
    double height_of(PangoLayout* l) const {
        int w = 0, h = 0;
        pango_layout_get_size(l, &w, &h);
        return static_cast<double>(h) / PANGO_SCALE;
    }
    void need(double h) {
        if (y_ + h > page_h - margin - footer_h) new_page();
    }
    void text_block(const char* tag, const std::string& text, double size, bool bold, double x, double width,
                    double gap_after, double grey = 0) {
        auto l = layout(text, size, bold, width);
        const double h = height_of(l.get());
        need(h);
        cairo_tag_begin(cr_.get(), tag, "");
        cairo_set_source_rgb(cr_.get(), grey, grey, grey);
        cairo_move_to(cr_.get(), margin + x, y_);
        pango_cairo_show_layout(cr_.get(), l.get());
        cairo_tag_end(cr_.get(), tag);
        y_ += h + gap_after;
    }
    void row(const char* cell_tag, const std::vector<std::string>& cells, const std::vector<double>& widths,
             bool header) {
        constexpr double pad = 3;
        std::vector<std::unique_ptr<PangoLayout, GObjectDeleter>> ls;
        double h = 0;
        for (std::size_t i = 0; i < cells.size() && i < widths.size(); ++i) {
            ls.push_back(layout(cells[i], 8.5, header, widths[i] * content_w - 2 * pad));
            h = std::max(h, height_of(ls.back().get()));
        }
        h += 2 * pad;
        need(h);
        cairo_tag_begin(cr_.get(), "TR", "");
        double x = margin;
        for (std::size_t i = 0; i < ls.size(); ++i) {
            cairo_tag_begin(cr_.get(), cell_tag, "");
            cairo_set_source_rgb(cr_.get(), 0, 0, 0);
            cairo_move_to(cr_.get(), x + pad, y_ + pad);
            pango_cairo_show_layout(cr_.get(), ls[i].get());
            cairo_tag_end(cr_.get(), cell_tag);
            x += widths[i] * content_w;
        }
        cairo_tag_end(cr_.get(), "TR");
        // Rules are decoration: drawn outside any tag.
        cairo_set_source_rgb(cr_.get(), header ? 0.2 : 0.75, header ? 0.2 : 0.75, header ? 0.2 : 0.75);
        cairo_set_line_width(cr_.get(), header ? 1.0 : 0.5);
        cairo_move_to(cr_.get(), margin, y_ + h);
        cairo_line_to(cr_.get(), margin + content_w, y_ + h);
        cairo_stroke(cr_.get());
        y_ += h;
    }
    void draw_footer() {
        auto l = layout(footer_ + " \u00B7 " + t_.plain("pack.page", {{"n", std::to_string(page_)}}), 8, false,
                        content_w);
        cairo_set_source_rgb(cr_.get(), 0.35, 0.35, 0.35);
        cairo_move_to(cr_.get(), margin, page_h - margin + 10);
        pango_cairo_show_layout(cr_.get(), l.get());
    }

    const Text& t_;
    std::string footer_;
    std::unique_ptr<cairo_surface_t, SurfaceDeleter> surface_;
    std::unique_ptr<cairo_t, CairoDeleter> cr_;
    double y_ = margin;
    int page_ = 1;
    std::map<std::string, int> pages_;
};

// [SECTION] The pack

struct SectionName {
    const char* id;
    const char* key;
};
const SectionName sections[] = {
    {"headline", "pack.s.headline"}, {"reach", "pack.s.reach"},   {"themes", "pack.s.themes"},
    {"said", "pack.s.said"},         {"safeguarding", "pack.s.safeguarding"}, {"actions", "pack.s.actions"},
    {"inspection", "pack.s.inspection"}, {"method", "pack.s.method"},
};

std::string shown_site_name(const BoardPack& p, const Text& t, const std::string& site) {
    for (const auto& s : p.small_sites)
        if (s == site) return t.plain("small_site");
    return site;
}

void print(Document& d, const BoardPack& p, const Text& t, const std::map<std::string, int>& pages) {
    const int mg = p.min_group;
    const std::string where = p.site.empty() ? t.plain("pack.whole_council") : p.site;
    // Cover and contents.
    d.paragraph(t.plain("brand"), 11, false);
    d.section("cover", t.plain("pack.title"), false);
    d.paragraph(t.plain("pack.subtitle", {{"council", p.council.empty() ? t.plain("pack.the_council") : p.council},
                                          {"quarter", p.quarter.id()}}),
                14, true);
    d.paragraph(t.plain("pack.scope", {{"where", where}}), 11);
    d.paragraph(t.plain("pack.made_on", {{"date", p.generated_on}}), 10);
    d.paragraph(t.plain("pack.suppression", {{"n", std::to_string(mg)}}), 10);
    d.heading2(t.plain("pack.contents"));
    for (const auto& s : sections) {
        auto it = pages.find(s.id);
        d.contents_line(s.id, t.plain(s.key), it == pages.end() ? 0 : it->second);
    }

    // Headline numbers.
    d.section("headline", t.plain("pack.s.headline"), true);
    d.table({t.plain("pack.col.measure"), t.plain("pack.col.value")},
            {{t.plain("pack.responses_quarter", {{"quarter", p.quarter.id()}}),
              p.headline.suppressed ? fewer(t, mg) : std::to_string(p.headline.responses)},
             {t.plain("pack.response_rate"),
              p.headline.rate ? t.plain("pack.rate_of", {{"rate", pct(*p.headline.rate)},
                                                        {"cohort", std::to_string(*p.headline.cohort)}})
                              : (p.headline.cohort ? fewer(t, mg) : t.plain("pack.no_cohort"))},
             {t.plain("pack.responses_quarter", {{"quarter", p.quarter.previous().id()}}),
              p.previous_suppressed ? fewer(t, mg) : std::to_string(p.previous_responses)},
             {t.plain("pack.sites_heard", {{"n", std::to_string(mg)}}), std::to_string(p.sites_heard)}},
            {0.6, 0.4});

    // Reach.
    d.section("reach", t.plain("pack.s.reach"), true);
    d.paragraph(t.plain("pack.reach_intro", {{"rate", pct(p.warning_rate)}}));
    std::vector<std::string> head = {t.plain("pack.col.site")};
    for (const auto& b : cohort_bands()) head.push_back(band_name(t, b));
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> flagged;
    for (const auto& r : p.reach.rows) {
        // Sites are named here: a small site's figures already read "fewer than N".
        const std::string name = r.site.empty() ? t.plain("pack.whole_council") : r.site;
        std::vector<std::string> row = {name};
        for (std::size_t i = 0; i < r.by_band.size(); ++i) {
            std::string cell = rate_cell(t, r.by_band[i], mg);
            if (r.by_band[i].flagged) {
                cell += " \u26A0";
                flagged.push_back(name + ", " + band_name(t, cohort_bands()[i]) + ": " + cell);
            }
            row.push_back(cell);
        }
        rows.push_back(row);
    }
    d.table(head, rows, {0.32, 0.17, 0.17, 0.17, 0.17});
    d.heading2(t.plain("pack.not_heard"));
    if (flagged.empty())
        d.paragraph(t.plain("pack.none_flagged"));
    else
        for (const auto& f : flagged) d.paragraph("\u2022 " + f);

    // Themes.
    d.section("themes", t.plain("pack.s.themes"), true);
    d.paragraph(t.plain("pack.themes_intro", {{"before", p.quarter.previous().id()}}));
    std::string area;
    rows.clear();
    auto flush = [&] {
        if (rows.empty()) return;
        d.heading2(area_name(t, area));
        d.table({t.plain("col.theme"), t.plain("pack.col.answered"), t.plain("col.mean"), t.plain("col.negative"),
                 t.plain("pack.col.change"), t.plain("col.status")},
                rows, {0.34, 0.15, 0.1, 0.11, 0.14, 0.16});
        rows.clear();
    };
    for (const auto& th : p.themes) {
        if (th.area != area) {
            flush();
            area = th.area;
        }
        const bool none = th.answered.suppressed;
        rows.push_back({th.title, th.has_questions ? rate_cell(t, th.answered, mg) : t.plain("matrix.no_question"),
                        none ? "\u2013" : pct(th.mean), none ? "\u2013" : pct(th.negative_share),
                        th.change.shown ? t.plain("pack.change_points", {{"n", points(th.change.difference)}})
                                        : t.plain("pack.no_change"),
                        status_text(t, th.status)});
    }
    flush();

    // What young people said.
    d.section("said", t.plain("pack.s.said"), true);
    d.paragraph(t.plain("pack.said_intro", {{"n", std::to_string(mg)}}));
    bool any = false;
    for (const auto& th : p.themes) {
        if (th.comments.empty()) continue;
        any = true;
        d.heading2(th.title);
        for (const auto& c : th.comments)
            d.quote(c.text, shown_site_name(p, t, c.site) + " \u00B7 " + c.created_hour.substr(0, 7));
    }
    if (!any) d.paragraph(t.plain("pack.no_comments"));

    // Safeguarding.
    d.section("safeguarding", t.plain("pack.s.safeguarding"), true);
    d.paragraph(t.plain("pack.safeguarding_intro"));
    const auto& sg = p.safeguarding;
    auto count = [&](std::int64_t n) { return n < 0 ? fewer(t, mg) : std::to_string(n); };  // built suppressed
    std::vector<std::vector<std::string>> sg_rows = {
        {t.plain("pack.help_requests"), count(sg.help_requests)},
        {t.plain("pack.flagged_comments"), count(sg.flagged_comments)},
        {t.plain("pack.waiting"), count(sg.waiting)}};
    if (sg.ack_seconds.empty()) {  // fewer than min_group acknowledged: no times (build_board_pack)
        sg_rows.push_back({t.plain("pack.median_ack"), fewer(t, mg)});
        sg_rows.push_back({t.plain("pack.worst_ack"), fewer(t, mg)});
    } else {
        sg_rows.push_back({t.plain("pack.median_ack"), duration_text(t, median(sg.ack_seconds))});
        sg_rows.push_back(
            {t.plain("pack.worst_ack"), duration_text(t, *std::max_element(sg.ack_seconds.begin(), sg.ack_seconds.end()))});
    }
    d.table({t.plain("pack.col.measure"), t.plain("pack.col.value")}, sg_rows, {0.6, 0.4});

    // Actions.
    d.section("actions", t.plain("pack.s.actions"), true);
    if (p.actions.empty())
        d.paragraph(t.plain("pack.no_actions"));
    else {
        rows.clear();
        for (const auto& a : p.actions)
            rows.push_back({a.theme_title, a.text, a.owner.empty() ? "\u2013" : a.owner, a.due.empty() ? "\u2013" : a.due,
                            action_status(t, a.status) + (a.overdue ? " \u00B7 " + t.plain("pack.overdue") : "")});
        d.table({t.plain("col.theme"), t.plain("pack.col.action"), t.plain("pack.col.owner"), t.plain("pack.col.due"),
                 t.plain("pack.col.status")},
                rows, {0.2, 0.38, 0.14, 0.13, 0.15});
    }

    // Inspection progress by area.
    d.section("inspection", t.plain("pack.s.inspection"), true);
    d.paragraph(t.plain("pack.inspection_intro"));
    rows.clear();
    for (const auto& a : p.areas)
        rows.push_back({area_name(t, a.key), std::to_string(a.improvements), std::to_string(a.strengths),
                        std::to_string(a.themes_with_answers), std::to_string(a.themes_agree),
                        std::to_string(a.themes_disagree)});
    d.table({t.plain("pack.col.area"), t.plain("pack.col.improvements"), t.plain("pack.col.strengths"),
             t.plain("pack.col.heard"), t.plain("status.agree"), t.plain("status.disagree")},
            rows, {0.3, 0.14, 0.12, 0.14, 0.15, 0.15});

    // Method.
    d.section("method", t.plain("pack.s.method"), true);
    d.paragraph(t.plain("pack.method_rates"));
    d.paragraph(t.plain("pack.method_suppression", {{"n", std::to_string(mg)}}));
    d.paragraph(t.plain("pack.method_reach", {{"rate", pct(p.warning_rate)}}));
    d.paragraph(t.plain("pack.method_change", {{"level", "95%"}}));
    d.paragraph(t.plain("pack.method_safeguarding"));
}

Result<std::string> render_once(const BoardPack& p, const Text& t, const std::map<std::string, int>& pages_in,
                                std::map<std::string, int>& pages_out) {
    std::string out;
    const std::string title = t.plain("pack.title");
    Document d(&out, t, title + " \u00B7 " + p.quarter.id());
    d.set_metadata(title + " " + p.quarter.id(), p.site.empty() ? t.plain("pack.whole_council") : p.site);
    print(d, p, t, pages_in);
    pages_out = d.pages();
    auto done = d.finish();
    if (!done) return done.error();
    return out;
}

}  // namespace

Result<std::string> render_board_pack_pdf(const BoardPack& pack, const Text& t) {
    std::map<std::string, int> first_pass;
    std::map<std::string, int> second_pass;
    auto draft = render_once(pack, t, {}, first_pass);
    if (!draft) return draft.error();
    return render_once(pack, t, first_pass, second_pass);
}

}  // namespace lp::dashboard
