#pragma once
// Server-side SVG charts: no script, no inline style (CSP), every text escaped, each chart with
// a <title> and a text alternative so colour is never the only carrier of meaning.
#include <optional>
#include <string>
#include <vector>

namespace lp::dashboard::svg {

/// One point of a trend: its label ("2026-03") and value in [0,1], nullopt when suppressed/empty.
struct Point {
    std::string label;
    std::optional<double> value;
};

/// The words a chart's title says for a gap and for no points at all (the page's language).
struct Words {
    std::string no_value = "not enough answers";
    std::string empty = "no answers yet";
};

/// A small line chart of values in [0,1] (e.g. mean score by month), with a <title> saying every
/// point in words. Gaps (nullopt) break the line. Empty input gives a "no data" chart.
std::string sparkline(const std::vector<Point>& points, const std::string& title, int width = 140, int height = 36,
                      const Words& words = {});

enum class Tone { negative, middle, positive, none };

struct Bar {
    std::string label;  // "Yes", "1 (really bad)", …
    std::int64_t count = 0;
    Tone tone = Tone::none;
};

/// Horizontal labelled bar chart: label, bar (colour by tone plus a pattern word), count and
/// share as text. The caller suppresses small groups before calling.
std::string bar_chart(const std::vector<Bar>& bars, const std::string& title);

/// Fill colour of a tone (contrast ≥ 3:1 on white for non-text, per WCAG 1.4.11).
const char* tone_colour(Tone tone);

}  // namespace lp::dashboard::svg
