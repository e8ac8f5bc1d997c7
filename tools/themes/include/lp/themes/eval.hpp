#pragma once
// Measures the linker and the safeguarding scan against a labelled set: JSON lines
// {"text", "themes": [ids], "safeguarding": bool, "explicit": bool?}. Lines without
// "safeguarding" count only for themes; "explicit" marks a plain disclosure ("he hits me").
#include <lp/shared/linker.hpp>
#include <lp/shared/result.hpp>
#include <map>
#include <string>
#include <vector>

namespace lp::themes {

/// Counts of one theme over a labelled set.
struct ThemeScore {
    std::size_t tp = 0, fp = 0, fn = 0;
    double f1() const;
};

struct EvalReport {
    std::size_t items = 0;
    std::size_t labelled = 0;  // items with at least one gold theme (top-1 accuracy counts these)
    std::size_t top1_hits = 0; // the linker's first theme is one of the gold themes
    double top1_accuracy = 0;
    double macro_f1 = 0;       // mean F1 over themes that occur in the gold labels
    std::map<std::string, ThemeScore> per_theme;
    std::vector<std::string> worst;  // up to five gold themes with the lowest F1, worst first
    std::size_t theme_tp = 0, theme_fp = 0, theme_fn = 0;
    double theme_precision = 0, theme_recall = 0, theme_f1 = 0;
    std::size_t sg_positives = 0, sg_caught = 0, sg_negatives = 0, sg_false_positives = 0;
    std::size_t sg_explicit = 0, sg_explicit_caught = 0;
    double sg_recall = 1, sg_fpr = 0, sg_explicit_recall = 1;
    std::vector<std::string> missed_disclosures;  // texts of safeguarding items the scan missed
    std::vector<std::string> false_alarms;        // texts flagged without a concern
};

/// Scores every labelled line. invalid_input names the first bad line (1-based) and why.
Result<EvalReport> evaluate(const std::string& jsonl, const Linker& linker);

/// Fills the derived figures (precision, recall, F1s, top-1, worst) from the counts.
void finish(EvalReport& report);
/// Sums the counts of several reports (the folds of a cross-validation) and finishes the result.
EvalReport pool(const std::vector<EvalReport>& parts);

/// Human-readable report: micro (pooled) precision/recall/F1, macro F1, top-1 accuracy, the five
/// worst themes, the safeguarding figures; the last line is "themes_f1=… safeguarding_recall=… safeguarding_fpr=…".
std::string format_eval(const EvalReport& report);

}  // namespace lp::themes
