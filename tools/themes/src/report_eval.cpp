#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <lp/reports/importer.hpp>
#include <lp/reports/input.hpp>
#include <lp/shared/cli.hpp>
#include <lp/shared/files.hpp>
#include <lp/shared/text_normalise.hpp>
#include <lp/themes/report_eval.hpp>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>

namespace lp::themes {
namespace {

namespace fs = std::filesystem;

// Folded, one space between words: how an improvement phrase is looked for in a point's text.
std::string squash(const std::string& s) {
    std::string f = text::fold(s), out;
    for (char c : f) {
        bool word = std::isalnum(static_cast<unsigned char>(c)) != 0;
        if (word) {
            out.push_back(c);
        } else if (!out.empty() && out.back() != ' ') {
            out.push_back(' ');
        }
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string lower_grade(const std::string& g) {
    std::string s = squash(g);
    return s == "requires improvement" ? "requires improvement to be good" : s;
}

// Whether the recognised kind/framework is the shape the expected file names.
bool shape_matches(const std::string& shape, const Report& r) {
    if (shape == "sif") return r.kind == "sif" && r.framework == "sif";
    if (shape == "ilacs-standard" || shape == "ilacs-short")
        return r.kind == "ilacs" && r.framework == "ilacs" && r.framework_version == "2018";
    if (shape == "ilacs-2023") return r.kind == "ilacs" && r.framework_version == "2023";
    if (shape == "ilacs-2026") return r.kind == "ilacs" && r.framework_version == "2026";
    if (shape == "monitoring-visit") return r.kind == "monitoring";
    return r.kind == shape;  // focused-visit, jtai, minutes
}

struct Tally {
    std::size_t found = 0, expected = 0;
};

bool has_judgement(const std::vector<Judgement>& js, const std::string& area, const std::string& grade) {
    return std::any_of(js.begin(), js.end(), [&](const Judgement& j) {
        return j.canonical == area && lower_grade(j.grade) == lower_grade(grade);
    });
}

}  // namespace

int run_eval_reports(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
        out << "usage: lp-themes eval-reports DIR [--allow-failed N]\n";
        return 0;
    }
    // --allow-failed: the blind split's regression floor (its misses are printed, never tuned away).
    std::size_t allowed_failures = 0;
    if (args.size() == 3 && args[1] == "--allow-failed")
        allowed_failures = static_cast<std::size_t>(std::strtoul(args[2].c_str(), nullptr, 10));
    else if (args.size() != 1)
        throw cli::UsageError("eval-reports needs DIR [--allow-failed N]");
    const fs::path dir = args[0];
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
        err << "lp-themes: " << dir.string() << ": not a directory\n";
        return 1;
    }
    std::vector<fs::path> docs;
    for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
        if (!e.is_regular_file()) continue;
        const std::string name = e.path().filename().string();
        if (name.size() > 14 && name.compare(name.size() - 14, 14, ".expected.json") == 0) continue;
        fs::path expected = e.path();
        expected.replace_extension(".expected.json");
        if (fs::exists(expected)) docs.push_back(e.path());
    }
    std::sort(docs.begin(), docs.end());
    if (docs.empty()) {
        err << "lp-themes: " << dir.string() << ": no documents with a NAME.expected.json next to them\n";
        return 1;
    }
    Tally judgements, improvements, history, shapes;
    std::size_t failed = 0, extra_judgements = 0, extra_points = 0;
    for (const auto& path : docs) {
        fs::path expected_path = path;
        expected_path.replace_extension(".expected.json");
        nlohmann::json expected;
        try {
            expected = nlohmann::json::parse(*read_file(expected_path.string()));
        } catch (const std::exception& e) {
            err << "lp-themes: " << expected_path.string() << ": " << e.what() << "\n";
            return 1;
        }
        const std::string label = fs::relative(path, dir, ec).string();
        std::vector<std::string> misses;
        auto doc = reports::read_document(path.string());
        Report report;
        std::vector<std::string> points, point_texts;  // squashed for matching; as read, for the output
        if (!doc) {
            misses.push_back("not read: " + doc.error().message);
        } else {
            auto imported = reports::import_document(
                doc->text, path.string(), reports::ImportOptions{expected.value("authority", "Council"), ""});
            if (!imported) {
                misses.push_back("not read: " + imported.error().message);
            } else {
                report = imported->report;
                for (const auto& f : imported->findings) {
                    if (f.kind != "improvement") continue;
                    points.push_back(squash(f.text));
                    point_texts.push_back(f.text);
                }
            }
        }
        const std::string shape = expected.value("shape", "");
        ++shapes.expected;
        if (shape_matches(shape, report)) {
            ++shapes.found;
        } else {
            misses.push_back("shape " + shape + " read as kind '" + report.kind + "' framework '" + report.framework +
                             (report.framework_version.empty() ? "" : "-" + report.framework_version) + "'");
        }
        Tally doc_j, doc_i;
        std::set<std::string> expected_areas;
        for (const auto& j : expected.value("judgements", nlohmann::json::array())) {
            const std::string area = j.value("area", ""), grade = j.value("grade", "");
            expected_areas.insert(area);
            ++doc_j.expected;
            if (has_judgement(report.judgements, area, grade))
                ++doc_j.found;
            else
                misses.push_back("judgement " + area + " = " + grade);
        }
        for (const auto& j : report.judgements) {
            if (expected_areas.count(j.canonical) > 0) continue;
            ++extra_judgements;
            misses.push_back("unexpected judgement " + (j.canonical.empty() ? j.area : j.canonical) + " = " + j.grade);
        }
        std::vector<bool> point_expected(points.size(), false);
        for (const auto& phrase : expected.value("improvements", nlohmann::json::array())) {
            ++doc_i.expected;
            const std::string want = squash(phrase.get<std::string>());
            bool hit = false;
            for (std::size_t p = 0; p < points.size(); ++p) {
                if (points[p].find(want) == std::string::npos) continue;
                hit = true;
                point_expected[p] = true;
            }
            if (hit)
                ++doc_i.found;
            else
                misses.push_back("improvement \"" + phrase.get<std::string>() + "\"");
        }
        // A point no expected phrase names is a miss too: a heading, a decision for councillors or
        // a scope line read as something to improve would otherwise pass unseen.
        for (std::size_t p = 0; p < points.size(); ++p) {
            if (point_expected[p]) continue;
            ++extra_points;
            misses.push_back("unexpected improvement point \"" + point_texts[p] + "\"");
        }
        for (const auto& h : expected.value("history", nlohmann::json::array())) {
            const std::string year = h.value("date", "").substr(0, 4);
            for (const auto& j : h.value("judgements", nlohmann::json::array())) {
                ++history.expected;
                bool hit = std::any_of(report.history.begin(), report.history.end(), [&](const EarlierInspection& e) {
                    return e.date.compare(0, 4, year) == 0 &&
                           has_judgement(e.judgements, j.value("area", ""), j.value("grade", ""));
                });
                if (hit)
                    ++history.found;
                else
                    misses.push_back("earlier (" + year + ") judgement " + j.value("area", "") + " = " +
                                     j.value("grade", ""));
            }
        }
        judgements.found += doc_j.found;
        judgements.expected += doc_j.expected;
        improvements.found += doc_i.found;
        improvements.expected += doc_i.expected;
        if (!misses.empty()) ++failed;
        out << (misses.empty() ? "ok   " : "MISS ") << label << ": " << report.kind
            << (report.framework.empty() ? "" : " (" + report.framework + "-" + report.framework_version + ")")
            << ", judgements " << doc_j.found << "/" << doc_j.expected << ", improvement points " << doc_i.found << "/"
            << doc_i.expected << " (" << points.size() << " read)\n";
        for (const auto& m : misses) out << "       - " << m << "\n";
    }
    out << "documents=" << docs.size() << " failed=" << failed << " shapes=" << shapes.found << "/" << shapes.expected
        << " judgements=" << judgements.found << "/" << judgements.expected
        << " unexpected_judgements=" << extra_judgements << " improvements=" << improvements.found << "/"
        << improvements.expected << " unexpected_improvements=" << extra_points << " history=" << history.found << "/" << history.expected << "\n";
    return failed <= allowed_failures ? 0 : 1;
}

int run_bench_read(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    if (args.empty() || args.size() > 3 || (args.size() == 3 && args[1] != "--seconds"))
        throw cli::UsageError("bench-read needs FILE [--seconds S]");
    double seconds = args.size() == 3 ? std::atof(args[2].c_str()) : 2.0;
    if (seconds <= 0 || seconds > 60) throw cli::UsageError("--seconds must be between 0 and 60");
    int pages = 0;
    std::size_t runs = 0, judgements = 0, findings = 0;
    auto start = std::chrono::steady_clock::now();
    double elapsed = 0;
    // Whole reads (file -> text -> report and findings), repeated until the time is up.
    while (elapsed < seconds || runs == 0) {
        auto doc = reports::read_document(args[0]);
        if (!doc) {
            err << "lp-themes: " << doc.error().message << "\n";
            return 1;
        }
        auto imported = reports::import_document(doc->text, args[0], reports::ImportOptions{"Bench", ""});
        if (!imported) {
            err << "lp-themes: " << imported.error().message << "\n";
            return 1;
        }
        pages = doc->pages;
        judgements = imported->report.judgements.size();
        findings = imported->findings.size();
        ++runs;
        elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    nlohmann::json j = {
        {"pages", pages},           {"runs", runs},
        {"seconds", elapsed},       {"pages_per_s", std::round(static_cast<double>(pages) * runs / elapsed * 10) / 10},
        {"judgements", judgements}, {"findings", findings}};
    out << j.dump() << "\n";
    return 0;
}

}  // namespace lp::themes
