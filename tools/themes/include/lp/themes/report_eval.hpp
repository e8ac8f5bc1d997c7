#pragma once
// `lp-themes eval-reports DIR`: reads every report in DIR that has a NAME.expected.json next to
// it (format in docs/themes.md) and says, per document, which expected judgements, improvement
// points and earlier-inspection judgements were found, then a summary line. A document fails on
// any miss, and on any judgement or improvement point read that its expected file does not list
// (printed as "unexpected ..."). Exit 1 when more documents fail than --allow-failed N allows.
#include <iosfwd>
#include <string>
#include <vector>

namespace lp::themes {

int run_eval_reports(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

/// `lp-themes bench-read FILE [--seconds S]`: reads FILE (PDF, HTML or text) into a report over
/// and over on one thread; one JSON line with pages, runs and pages_per_s.
int run_bench_read(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace lp::themes
