#include <algorithm>
#include <cstdio>
#include <lp/shared/safeguarding.hpp>
#include <lp/themes/eval.hpp>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

namespace lp::themes {
namespace {

double ratio(std::size_t a, std::size_t b, double if_empty) {
    return b == 0 ? if_empty : static_cast<double>(a) / static_cast<double>(b);
}

}  // namespace

double ThemeScore::f1() const {
    const std::size_t d = 2 * tp + fp + fn;
    return d == 0 ? 0.0 : 2.0 * static_cast<double>(tp) / static_cast<double>(d);
}

void finish(EvalReport& r) {
    r.worst.clear();
    r.theme_precision = ratio(r.theme_tp, r.theme_tp + r.theme_fp, 0.0);
    r.theme_recall = ratio(r.theme_tp, r.theme_tp + r.theme_fn, 0.0);
    r.theme_f1 = r.theme_precision + r.theme_recall > 0
                     ? 2 * r.theme_precision * r.theme_recall / (r.theme_precision + r.theme_recall)
                     : 0.0;
    r.top1_accuracy = ratio(r.top1_hits, r.labelled, 0.0);
    // Macro F1 over the themes the labels use: a theme the set never mentions has no F1 to report.
    std::vector<std::pair<double, std::string>> by_f1;
    for (const auto& [id, s] : r.per_theme)
        if (s.tp + s.fn > 0) by_f1.emplace_back(s.f1(), id);
    double sum = 0;
    for (const auto& [f, id] : by_f1) sum += f;
    r.macro_f1 = by_f1.empty() ? 0.0 : sum / static_cast<double>(by_f1.size());
    std::sort(by_f1.begin(), by_f1.end());
    for (std::size_t i = 0; i < by_f1.size() && i < 5; ++i) r.worst.push_back(by_f1[i].second);
    r.sg_recall = ratio(r.sg_caught, r.sg_positives, 1.0);
    r.sg_explicit_recall = ratio(r.sg_explicit_caught, r.sg_explicit, 1.0);
    r.sg_fpr = ratio(r.sg_false_positives, r.sg_negatives, 0.0);
}

// The counts a pooled report sums (the rest is derived by finish()).
constexpr std::size_t EvalReport::*kCounts[] = {
    &EvalReport::items,        &EvalReport::labelled,        &EvalReport::top1_hits,
    &EvalReport::theme_tp,     &EvalReport::theme_fp,        &EvalReport::theme_fn,
    &EvalReport::sg_positives, &EvalReport::sg_caught,       &EvalReport::sg_negatives,
    &EvalReport::sg_false_positives, &EvalReport::sg_explicit, &EvalReport::sg_explicit_caught};

EvalReport pool(const std::vector<EvalReport>& parts) {
    EvalReport r;
    for (const auto& p : parts) {
        for (auto count : kCounts) r.*count += p.*count;
        for (const auto& [id, s] : p.per_theme) {
            r.per_theme[id].tp += s.tp;
            r.per_theme[id].fp += s.fp;
            r.per_theme[id].fn += s.fn;
        }
        r.missed_disclosures.insert(r.missed_disclosures.end(), p.missed_disclosures.begin(), p.missed_disclosures.end());
        r.false_alarms.insert(r.false_alarms.end(), p.false_alarms.begin(), p.false_alarms.end());
    }
    finish(r);
    return r;
}

Result<EvalReport> evaluate(const std::string& jsonl, const Linker& linker) {
    EvalReport r;
    std::istringstream in(jsonl);
    std::string line;
    std::size_t number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(line);
        } catch (const std::exception& e) {
            return Result<EvalReport>::fail(Errc::invalid_input, "line " + std::to_string(number) + ": " + e.what());
        }
        if (!j.is_object() || !j.contains("text") || !j["text"].is_string())
            return Result<EvalReport>::fail(Errc::invalid_input, "line " + std::to_string(number) + ": needs \"text\"");
        const std::string text = j["text"].get<std::string>();
        ++r.items;
        if (j.contains("themes")) {
            if (!j["themes"].is_array())
                return Result<EvalReport>::fail(Errc::invalid_input,
                                                "line " + std::to_string(number) + ": \"themes\" must be an array");
            std::set<std::string> gold, predicted;
            for (const auto& t : j["themes"])
                if (t.is_string()) gold.insert(t.get<std::string>());
            const auto links = linker.link(text);
            for (const auto& l : links) predicted.insert(l.id);
            for (const auto& p : predicted) {
                const bool hit = gold.count(p) > 0;
                (hit ? r.theme_tp : r.theme_fp) += 1;
                (hit ? r.per_theme[p].tp : r.per_theme[p].fp) += 1;
            }
            for (const auto& g : gold)
                if (!predicted.count(g)) {
                    ++r.theme_fn;
                    ++r.per_theme[g].fn;
                }
            if (!gold.empty()) {
                ++r.labelled;
                if (!links.empty() && gold.count(links.front().id)) ++r.top1_hits;
            }
        }
        if (j.contains("safeguarding") && j["safeguarding"].is_boolean()) {
            bool concern = j["safeguarding"].get<bool>();
            bool is_explicit = j.value("explicit", concern);
            bool flagged = scan_safeguarding(text).flagged;
            if (concern) {
                ++r.sg_positives;
                if (flagged)
                    ++r.sg_caught;
                else
                    r.missed_disclosures.push_back(text);
                if (is_explicit) {
                    ++r.sg_explicit;
                    if (flagged) ++r.sg_explicit_caught;
                }
            } else {
                ++r.sg_negatives;
                if (flagged) {
                    ++r.sg_false_positives;
                    r.false_alarms.push_back(text);
                }
            }
        }
    }
    finish(r);
    return r;
}

std::string format_eval(const EvalReport& r) {
    std::ostringstream out;
    char buf[256];
    std::snprintf(buf, sizeof buf, "items=%zu\n", r.items);
    out << buf;
    std::snprintf(buf, sizeof buf, "themes: precision=%.3f recall=%.3f f1=%.3f (tp=%zu fp=%zu fn=%zu)\n",
                  r.theme_precision, r.theme_recall, r.theme_f1, r.theme_tp, r.theme_fp, r.theme_fn);
    out << buf;
    std::snprintf(buf, sizeof buf, "themes: micro_f1=%.3f macro_f1=%.3f top1=%.3f (%zu of %zu labelled)\n", r.theme_f1,
                  r.macro_f1, r.top1_accuracy, r.top1_hits, r.labelled);
    out << buf;
    for (const auto& id : r.worst) {
        const ThemeScore& s = r.per_theme.at(id);
        std::snprintf(buf, sizeof buf, "worst: %s f1=%.3f (tp=%zu fp=%zu fn=%zu)\n", id.c_str(), s.f1(), s.tp, s.fp,
                      s.fn);
        out << buf;
    }
    std::snprintf(buf, sizeof buf,
                  "safeguarding: concerns=%zu caught=%zu recall=%.3f explicit=%zu explicit_recall=%.3f "
                  "others=%zu false_positives=%zu fpr=%.3f\n",
                  r.sg_positives, r.sg_caught, r.sg_recall, r.sg_explicit, r.sg_explicit_recall, r.sg_negatives,
                  r.sg_false_positives, r.sg_fpr);
    out << buf;
    for (const auto& t : r.missed_disclosures) out << "missed: " << nlohmann::json(t).dump() << "\n";
    for (const auto& t : r.false_alarms) out << "false alarm: " << nlohmann::json(t).dump() << "\n";
    std::snprintf(buf, sizeof buf, "themes_f1=%.3f safeguarding_recall=%.3f safeguarding_fpr=%.3f\n", r.theme_f1,
                  r.sg_recall, r.sg_fpr);
    out << buf;
    return out.str();
}

}  // namespace lp::themes
