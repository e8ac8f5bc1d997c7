#pragma once
// Measures the linker and the safeguarding scan against a labelled set: JSON lines
// {"text", "themes": [ids], "safeguarding": bool, "explicit": bool?}. Lines without
// "safeguarding" count only for themes; "explicit" marks a plain disclosure ("he hits me").
#include <lp/shared/linker.hpp>
#include <lp/shared/result.hpp>
#include <string>
#include <vector>

namespace lp::themes {

struct EvalReport {
    std::size_t items = 0;
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

/// Human-readable report; the last line is "themes_f1=… safeguarding_recall=… safeguarding_fpr=…".
std::string format_eval(const EvalReport& report);

}  // namespace lp::themes
