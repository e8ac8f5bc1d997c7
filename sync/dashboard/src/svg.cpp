#include <cstdio>
#include <lp/dashboard/html.hpp>
#include <lp/dashboard/privacy.hpp>
#include <lp/dashboard/svg.hpp>

namespace lp::dashboard::svg {
namespace {

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

}  // namespace

const char* tone_colour(Tone tone) {
    switch (tone) {
        case Tone::negative:
            return "#b3261e";
        case Tone::middle:
            return "#8a5300";
        case Tone::positive:
            return "#1e6b34";
        case Tone::none:
            break;
    }
    return "#2a5db0";
}

std::string sparkline(const std::vector<Point>& points, const std::string& title, int width, int height,
                      const Words& said) {
    std::string words;
    for (const auto& p : points) {
        if (!words.empty()) words += ", ";
        words += p.label + ": " + (p.value ? percent(*p.value) : said.no_value);
    }
    if (points.empty()) words = said.empty;
    std::string out = "<svg class=\"spark\" role=\"img\" viewBox=\"0 0 " + std::to_string(width) + " " +
                      std::to_string(height) + "\" width=\"" + std::to_string(width) + "\" height=\"" +
                      std::to_string(height) + "\" focusable=\"false\"><title>" + html::escape(title + ". " + words) +
                      "</title>";
    const double pad = 4;
    // The midline marks a mean score of 50%: above it young people are mostly positive.
    out += "<line x1=\"0\" x2=\"" + std::to_string(width) + "\" y1=\"" + num(height / 2.0) + "\" y2=\"" +
           num(height / 2.0) + "\" stroke=\"#767676\" stroke-width=\"1\" stroke-dasharray=\"3 3\"/>";
    if (points.empty()) return out + "</svg>";
    const double step = points.size() > 1 ? (width - 2 * pad) / static_cast<double>(points.size() - 1) : 0;
    std::string segment;
    auto flush = [&] {
        if (!segment.empty())
            out += "<polyline fill=\"none\" stroke=\"#1a4d8f\" stroke-width=\"2\" points=\"" + segment + "\"/>";
        segment.clear();
    };
    for (std::size_t i = 0; i < points.size(); ++i) {
        const double x = points.size() > 1 ? pad + step * static_cast<double>(i) : width / 2.0;
        if (!points[i].value) {
            flush();
            continue;
        }
        const double y = pad + (1.0 - *points[i].value) * (height - 2 * pad);
        if (!segment.empty()) segment += ' ';
        segment += num(x) + "," + num(y);
        out += "<circle cx=\"" + num(x) + "\" cy=\"" + num(y) + "\" r=\"2.5\" fill=\"#1a4d8f\"/>";
    }
    flush();
    return out + "</svg>";
}

std::string bar_chart(const std::vector<Bar>& bars, const std::string& title) {
    std::int64_t total = 0;
    for (const auto& b : bars) total += b.count;
    const int row = 30;
    // Narrow enough that a phone scales the 16 px text down only a little.
    const int label_w = 130;
    const int bar_w = 170;
    const int width = label_w + bar_w + 110;
    const int height = row * static_cast<int>(bars.size()) + 4;
    std::string desc;
    for (const auto& b : bars) {
        if (!desc.empty()) desc += ", ";
        desc += b.label + " " + std::to_string(b.count);
    }
    std::string out = "<svg class=\"bars\" role=\"img\" viewBox=\"0 0 " + std::to_string(width) + " " +
                      std::to_string(height) +
                      "\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\" focusable=\"false\"><title>" +
                      html::escape(title + ": " + desc) + "</title>";
    for (std::size_t i = 0; i < bars.size(); ++i) {
        const auto& b = bars[i];
        const int y = 2 + row * static_cast<int>(i);
        const double share = total > 0 ? static_cast<double>(b.count) / static_cast<double>(total) : 0.0;
        const double w = std::max(share * bar_w, b.count > 0 ? 2.0 : 0.0);
        out += "<text x=\"0\" y=\"" + std::to_string(y + 19) + "\" font-size=\"16\" fill=\"#1b1b1b\">" +
               html::escape(b.label) + "</text>";
        out += "<rect x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y + 4) + "\" width=\"" +
               std::to_string(bar_w) + "\" height=\"20\" fill=\"#eeeeee\"/>";
        out += "<rect x=\"" + std::to_string(label_w) + "\" y=\"" + std::to_string(y + 4) + "\" width=\"" + num(w) +
               "\" height=\"20\" fill=\"" + tone_colour(b.tone) + "\"/>";
        out += "<text x=\"" + std::to_string(label_w + bar_w + 8) + "\" y=\"" + std::to_string(y + 19) +
               "\" font-size=\"16\" fill=\"#1b1b1b\">" + std::to_string(b.count) + " (" + percent(share) + ")</text>";
    }
    return out + "</svg>";
}

}  // namespace lp::dashboard::svg
