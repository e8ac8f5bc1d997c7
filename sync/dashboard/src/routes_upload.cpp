// Report upload (managers): a file is read and shown, held under a one-time id tied to the
// session, and only a confirmation stores it (adding the report, or replacing the one of the same
// id). Thin like routes.cpp: guard (manager, CSRF from the multipart body), read, audit, answer.
// The body limit (report_upload_max_bytes) is checked by the server before any byte is read.
#include <httplib.h>

#include <lp/aggregator/config.hpp>
#include <lp/dashboard/dashboard.hpp>
#include <lp/dashboard/report_import.hpp>
#include <lp/shared/http_status.hpp>

#include "route_guard.hpp"

namespace lp::dashboard {
namespace {

constexpr std::size_t max_authority_chars = 80;
constexpr std::size_t max_file_name_chars = 120;

std::string field(const httplib::Request& req, const char* name) {
    return req.has_file(name) ? req.get_file_value(name).content : std::string();
}

/// The file's own name without any folder, printable characters only, shortened.
std::string clean_file_name(const std::string& name) {
    const auto slash = name.find_last_of("/\\");
    std::string out;
    for (unsigned char c : slash == std::string::npos ? name : name.substr(slash + 1))
        if (c >= 0x20 && c != 0x7f) out += static_cast<char>(c);
    if (out.size() > max_file_name_chars) out = out.substr(out.size() - max_file_name_chars);
    return out.empty() ? "report" : out;
}

std::string trimmed(const std::string& s) {
    const auto a = s.find_first_not_of(" \t\r\n");
    if (a == std::string::npos) return "";
    return s.substr(a, s.find_last_not_of(" \t\r\n") - a + 1);
}

/// The council the dashboard already holds reports of ("" when none).
std::string current_authority(const CatalogueIndex& cat) {
    for (const auto& r : cat.catalogue().reports)
        if (!r.authority.empty()) return r.authority;
    return "";
}

std::string summary_of(const Catalogue& c) {
    if (c.reports.empty()) return "";
    const Report& r = c.reports.front();
    std::size_t points = 0;
    for (const auto& f : c.findings) points += f.kind == "improvement" ? 1 : 0;
    return r.id + " (" + r.kind + "): " + std::to_string(r.judgements.size()) + " judgements, " +
           std::to_string(points) + " improvement points, " + std::to_string(c.findings.size()) + " findings";
}

}  // namespace

void Dashboard::register_upload_routes(httplib::Server& http, const RouteGuard& raw_guard) {
    const std::size_t max_bytes = parts_.report_upload_max_bytes;
    // The catalogue is the whole council's: only a manager without a site limit (an admin) may
    // change it, as a site's manager sees only her sites' figures.
    RouteGuard guard = raw_guard;
    guard.check = [this, raw_guard](const httplib::Request& req, httplib::Response& res, Need need, Kind kind,
                                    Access& a) {
        if (!raw_guard.check(req, res, need, kind, a)) return false;
        if (a.user->sites.empty()) return true;
        res.status = http_status::forbidden;
        res.set_content(message_page(context(a.cat, a.user, a.now, a.text), a.text->plain("forbidden.title"),
                                     a.text->plain("forbidden.text")),
                        html_type);
        return false;
    };
    http.Get(aggregator::report_upload_path, [this, guard, max_bytes](const httplib::Request& req, httplib::Response& res) {
        Access a;
        if (!guard.check(req, res, Need::manager, Kind::page, a)) return;
        res.set_content(upload_page(context(a.cat, a.user, a.now, a.text), max_bytes, current_authority(*a.cat), "",
                                    param(req, "done")),
                        html_type);
    });
    http.Post(aggregator::report_upload_path, [this, guard, max_bytes](const httplib::Request& req,
                                                                      httplib::Response& res) {
        Access a;
        if (!guard.check(req, res, Need::manager, Kind::form, a)) return;
        auto ctx = context(a.cat, a.user, a.now, a.text);
        const std::string authority_field = trimmed(field(req, "authority")).substr(0, max_authority_chars);
        if (!req.is_multipart_form_data() || !req.has_file("report") || req.get_file_value("report").content.empty()) {
            res.status = http_status::bad_request;
            return res.set_content(upload_page(ctx, max_bytes, authority_field, a.text->plain("upload.no_file")),
                                   html_type);
        }
        const auto& file = req.get_file_value("report");
        const std::string name = clean_file_name(file.filename);
        if (file.content.size() > max_bytes) {  // the server's check counts the whole body; this the file
            res.status = http_status::payload_too_large;
            return res.set_content(
                upload_page(ctx, max_bytes, authority_field,
                            name + ": the report may be at most " + std::to_string(max_bytes) + " bytes"),
                html_type);
        }
        std::string authority = authority_field;
        if (authority.empty()) authority = current_authority(*a.cat);
        if (authority.empty()) authority = authority_from_file_name(name);
        auto read = catalogue_from_upload(file.content, name, authority, *indexer_->linker());
        if (!read) {
            guard.audit(a, "refused uploaded report", read.error().message.substr(0, 300));
            res.status = http_status::unprocessable_content;  // understood, but not an inspection report the reader knows
            return res.set_content(upload_page(ctx, max_bytes, authority_field, read.error().message), html_type);
        }
        guard.audit(a, "read uploaded report", name + " as " + summary_of(*read));
        PendingUpload pending{a.user->user, a.user->csrf, name, std::move(*read), 0};
        const std::string id = uploads_.put(pending, a.now);
        res.set_content(upload_preview_page(ctx, id, pending), html_type);
    });
    http.Post("/reports/upload/confirm", [this, guard](const httplib::Request& req, httplib::Response& res) {
        Access a;
        if (!guard.check(req, res, Need::manager, Kind::form, a)) return;
        auto ctx = context(a.cat, a.user, a.now, a.text);
        auto pending = uploads_.take(param(req, "upload"), a.user->user, a.user->csrf, a.now);
        if (!pending) {
            res.status = http_status::conflict;
            return res.set_content(message_page(ctx, a.text->plain("upload.heading"), a.text->plain("upload.expired")),
                                   html_type);
        }
        // Merged into the stored catalogue as it is now (another import may have happened meanwhile).
        auto current = parts_.store->catalogue();
        Status stored = current ? parts_.store->replace_catalogue(merge_report(std::move(*current), pending->catalogue))
                                : Status(current.error());
        if (!stored) {
            res.status = http_status::service_unavailable;
            return res.set_content(
                message_page(ctx, a.text->plain("upload.heading"),
                             a.text->plain("upload.failed", {{"reason", stored.error().message}})),
                html_type);
        }
        guard.audit(a, "imported report", pending->file_name + " as " + summary_of(pending->catalogue));
        redirect(res, "/history?done=report-imported");
    });
    http.Post("/reports/upload/cancel", [this, guard](const httplib::Request& req, httplib::Response& res) {
        Access a;
        if (!guard.check(req, res, Need::manager, Kind::form, a)) return;
        (void)uploads_.take(param(req, "upload"), a.user->user, a.user->csrf, a.now);
        redirect(res, std::string(aggregator::report_upload_path) + "?done=upload-cancelled");
    });
}

}  // namespace lp::dashboard
