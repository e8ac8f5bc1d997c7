// Report upload: the form, and what was found in an upload with its confirm and cancel forms.
#include <lp/dashboard/html.hpp>
#include <lp/dashboard/views.hpp>

namespace lp::dashboard {

using html::escape;

namespace {

std::string csrf_input(const ViewContext& ctx) {
    return "<input type=\"hidden\" name=\"csrf\" value=\"" + escape(ctx.user ? ctx.user->csrf : "") + "\">";
}

std::string size_text(std::size_t bytes) {
    if (bytes >= 1024 * 1024) return std::to_string((bytes + 512 * 1024) / (1024 * 1024)) + " MB";
    return std::to_string((bytes + 512) / 1024) + " KB";
}

std::string kind_text(const Report& r) {
    std::string s = r.kind;
    if (!r.framework.empty())
        s += " (" + std::string(r.framework == "sif" ? "SIF" : r.framework == "ilacs" ? "ILACS" : r.framework) +
             (r.framework_version.empty() ? "" : " " + r.framework_version) + ")";
    return s;
}

}  // namespace

std::string upload_page(const ViewContext& ctx, std::size_t max_bytes, const std::string& authority,
                        const std::string& refusal, const std::string& done) {
    const Text& t = text_of(ctx);
    std::string b = "<h1>" + t.html("upload.heading") + "</h1>" + notice_for(t, done);
    if (!refusal.empty())
        b += "<p class=\"error\" role=\"alert\">" + t.html("upload.refused", {{"reason", escape(refusal)}}) + "</p>";
    b += "<p>" + t.html("upload.intro") + "</p>";
    b += "<form method=\"post\" action=\"/reports/upload\" enctype=\"multipart/form-data\" class=\"stack narrow\">" +
         csrf_input(ctx) + "<label for=\"report\">" + t.html("upload.file_label", {{"size", size_text(max_bytes)}}) +
         "</label><input type=\"file\" id=\"report\" name=\"report\" required "
         "accept=\".pdf,.html,.htm,.txt,.md,application/pdf,text/html,text/plain\"><label for=\"authority\">" +
         t.html("upload.authority_label") + "</label><input id=\"authority\" name=\"authority\" maxlength=\"80\" value=\"" +
         escape(authority) + "\"><button type=\"submit\">" + t.html("upload.submit") + "</button></form>";
    return layout(ctx, t.plain("upload.heading"), "upload", b);
}

std::string upload_preview_page(const ViewContext& ctx, const std::string& id, const PendingUpload& upload) {
    const Text& t = text_of(ctx);
    const Catalogue& c = upload.catalogue;
    std::string b = "<h1>" + t.html("upload.found_heading", {{"file", escape(upload.file_name)}}) + "</h1>";
    if (c.reports.empty()) return layout(ctx, t.plain("upload.heading"), "upload", b);
    const Report& r = c.reports.front();
    b += "<dl class=\"upload-found\"><div><dt>" + t.html("upload.kind") + "</dt><dd>" + escape(kind_text(r)) +
         "</dd></div><div><dt>" + t.html("upload.report") + "</dt><dd>" + escape(r.title) +
         (r.date.empty() ? "" : " (" + escape(r.date) + ")") + " <code>" + escape(r.id) + "</code></dd></div><div><dt>" +
         t.html("upload.findings") + "</dt><dd>" + std::to_string(c.findings.size()) + "</dd></div></dl>";
    b += "<h2>" + t.html("upload.judgements") + "</h2>";
    if (r.judgements.empty()) {
        b += "<p>" + t.html("upload.no_judgements") + "</p>";
    } else {
        b += "<table><caption class=\"visually-hidden\">" + t.html("upload.judgements") +
             "</caption><thead><tr><th scope=\"col\">" + t.html("history.col_area") + "</th><th scope=\"col\">" +
             t.html("upload.col_grade") + "</th></tr></thead><tbody>";
        for (const auto& j : r.judgements)
            b += "<tr><th scope=\"row\">" + escape(j.area) + "</th><td>" + escape(j.grade) + "</td></tr>";
        b += "</tbody></table>";
    }
    b += "<h2>" + t.html("upload.points") + "</h2>";
    std::string points;
    for (const auto& f : c.findings)
        if (f.kind == "improvement") points += "<li>" + escape(f.text) + "</li>";
    b += points.empty() ? "<p>" + t.html("upload.no_points") + "</p>" : "<ol>" + points + "</ol>";
    bool replaces = false;
    for (const auto& existing : ctx.cat.catalogue().reports) replaces = replaces || existing.id == r.id;
    b += "<p>" + (replaces ? t.html("upload.replaces", {{"id", "<code>" + escape(r.id) + "</code>"}}) : t.html("upload.adds")) +
         "</p>";
    const std::string id_field = "<input type=\"hidden\" name=\"upload\" value=\"" + escape(id) + "\">";
    b += "<div class=\"actions-row\"><form method=\"post\" action=\"/reports/upload/confirm\">" + csrf_input(ctx) +
         id_field + "<button type=\"submit\">" + t.html("upload.confirm") +
         "</button></form><form method=\"post\" action=\"/reports/upload/cancel\">" + csrf_input(ctx) + id_field +
         "<button type=\"submit\" class=\"secondary\">" + t.html("upload.cancel") + "</button></form></div>";
    return layout(ctx, t.plain("upload.heading"), "upload", b);
}

}  // namespace lp::dashboard
