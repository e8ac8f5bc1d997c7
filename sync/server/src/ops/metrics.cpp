#include <array>
#include <atomic>
#include <cstdio>
#include <lp/aggregator/ops/devices.hpp>
#include <lp/aggregator/ops/metrics.hpp>
#include <mutex>
#include <sstream>

namespace lp::aggregator::ops {
namespace {

// Fixed label sets keep the number of series bounded whatever clients send.
constexpr std::array<const char*, 8> routes = {"/api/v1/batches", "/api/v1/question-sets/current",
                                               "/api/v1/enrol",   "/api/v1/health",
                                               "/metrics",        "/api/other",
                                               "dashboard",       "other"};
constexpr std::array<int, 24> statuses = {200, 201, 204, 206, 301, 302, 303, 304, 400, 401, 403, 404,
                                          405, 408, 411, 413, 414, 415, 416, 429, 431, 500, 503, 0};
constexpr std::array<const char*, 4> methods = {"GET", "POST", "HEAD", "other"};
constexpr std::array<double, 12> latency_buckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                    0.1,   0.25,   0.5,   1,    2.5,   10};

struct Counters {
    std::array<std::atomic<std::uint64_t>, routes.size() * statuses.size() * methods.size()> requests{};
    std::array<std::atomic<std::uint64_t>, latency_buckets.size()> batch_buckets{};  // non-cumulative
    std::atomic<std::uint64_t> batch_count{0};
    std::atomic<std::uint64_t> batch_micros{0};
    std::array<std::atomic<std::uint64_t>, 4> items{};  // stored, duplicate, conflict, rejected
    std::atomic<std::uint64_t> store_errors{0};
};
Counters counters;

std::mutex sources_mutex;
std::vector<MetricsSource> sources;

std::size_t route_index(const std::string& path) {
    for (std::size_t i = 0; i < 5; ++i)
        if (path == routes[i]) return i;
    if (path.rfind("/api/", 0) == 0) return 5;
    if (!path.empty() && path[0] == '/') return 6;  // the dashboard's pages and static files
    return 7;
}

std::size_t status_index(int status) {
    for (std::size_t i = 0; i + 1 < statuses.size(); ++i)
        if (statuses[i] == status) return i;
    return statuses.size() - 1;
}

std::size_t method_index(const std::string& m) {
    for (std::size_t i = 0; i + 1 < methods.size(); ++i)
        if (m == methods[i]) return i;
    return methods.size() - 1;
}

std::string number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", v);
    return buf;
}

// Label values here are device ids and site names: escape as the text format requires.
std::string label(const std::string& v) {
    std::string out;
    for (char c : v) {
        if (c == '\\' || c == '"') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out;
}

}  // namespace

void observe_request(const std::string& method, const std::string& path, int status) {
    const std::size_t i =
        (route_index(path) * statuses.size() + status_index(status)) * methods.size() + method_index(method);
    counters.requests[i].fetch_add(1, std::memory_order_relaxed);
}

void observe_batch(double seconds, const std::vector<ItemResult>& results) {
    std::size_t b = 0;
    while (b < latency_buckets.size() && seconds > latency_buckets[b]) ++b;
    if (b < latency_buckets.size()) counters.batch_buckets[b].fetch_add(1, std::memory_order_relaxed);
    counters.batch_count.fetch_add(1, std::memory_order_relaxed);
    counters.batch_micros.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
    for (const auto& r : results)
        counters.items[static_cast<std::size_t>(r.status)].fetch_add(1, std::memory_order_relaxed);
}

void observe_store_error() { counters.store_errors.fetch_add(1, std::memory_order_relaxed); }

void add_metrics_source(MetricsSource source) {
    std::lock_guard<std::mutex> lock(sources_mutex);
    sources.push_back(std::move(source));
}

std::string render_counters() {
    std::ostringstream o;
    o << "# HELP lp_http_requests_total Requests answered, by route, method and status (0 = other).\n"
         "# TYPE lp_http_requests_total counter\n";
    for (std::size_t r = 0; r < routes.size(); ++r)
        for (std::size_t s = 0; s < statuses.size(); ++s)
            for (std::size_t m = 0; m < methods.size(); ++m) {
                auto v =
                    counters.requests[(r * statuses.size() + s) * methods.size() + m].load(std::memory_order_relaxed);
                if (v == 0) continue;
                o << "lp_http_requests_total{route=\"" << routes[r] << "\",method=\"" << methods[m] << "\",status=\""
                  << statuses[s] << "\"} " << v << "\n";
            }
    o << "# HELP lp_batch_ingest_seconds Time to decode, open and durably store one batch.\n"
         "# TYPE lp_batch_ingest_seconds histogram\n";
    std::uint64_t cumulative = 0;
    for (std::size_t b = 0; b < latency_buckets.size(); ++b) {
        cumulative += counters.batch_buckets[b].load(std::memory_order_relaxed);
        o << "lp_batch_ingest_seconds_bucket{le=\"" << number(latency_buckets[b]) << "\"} " << cumulative << "\n";
    }
    const auto count = counters.batch_count.load(std::memory_order_relaxed);
    o << "lp_batch_ingest_seconds_bucket{le=\"+Inf\"} " << count << "\n"
      << "lp_batch_ingest_seconds_sum " << number(static_cast<double>(counters.batch_micros.load()) / 1e6) << "\n"
      << "lp_batch_ingest_seconds_count " << count << "\n";
    o << "# HELP lp_items_total Batch items by outcome.\n# TYPE lp_items_total counter\n";
    const char* names[] = {"stored", "duplicate", "conflict", "rejected"};
    for (std::size_t i = 0; i < 4; ++i)
        o << "lp_items_total{outcome=\"" << names[i] << "\"} " << counters.items[i].load(std::memory_order_relaxed)
          << "\n";
    o << "# HELP lp_store_errors_total Batches the store failed to save (nothing stored, client retries).\n"
         "# TYPE lp_store_errors_total counter\n"
      << "lp_store_errors_total " << counters.store_errors.load(std::memory_order_relaxed) << "\n";
    return o.str();
}

std::string render_device_gauges(Store& store, std::int64_t now, std::int64_t silent_after_s) {
    std::ostringstream o;
    auto health = device_health(store, now, silent_after_s);
    o << "# HELP lp_store_up 1 when the store answered this scrape.\n# TYPE lp_store_up gauge\n"
      << "lp_store_up " << (health ? 1 : 0) << "\n";
    if (!health) {
        observe_store_error();
        return o.str();
    }
    std::int64_t active = 0, silent = 0, revoked = 0;
    for (const auto& h : *health) {
        if (h.device.revoked)
            ++revoked;
        else if (h.silent)
            ++silent;
        else
            ++active;
    }
    o << "# HELP lp_devices Enrolled devices by state (silent: not synced for silent_after_h).\n"
         "# TYPE lp_devices gauge\n"
      << "lp_devices{state=\"active\"} " << active << "\nlp_devices{state=\"silent\"} " << silent
      << "\nlp_devices{state=\"revoked\"} " << revoked << "\n"
      << "# HELP lp_silent_after_seconds Quiet time after which a device counts as silent.\n"
         "# TYPE lp_silent_after_seconds gauge\nlp_silent_after_seconds "
      << silent_after_s << "\n"
      << "# HELP lp_device_last_seen_timestamp_seconds Last sync of each device that is not revoked "
         "(enrolment time when never seen).\n# TYPE lp_device_last_seen_timestamp_seconds gauge\n";
    for (const auto& h : *health) {
        if (h.device.revoked) continue;
        o << "lp_device_last_seen_timestamp_seconds{device=\"" << label(h.device.id) << "\",site=\""
          << label(h.device.site) << "\",silent=\"" << (h.silent ? "1" : "0") << "\"} "
          << h.device.last_seen.value_or(h.device.enrolled_at) << "\n";
    }
    return o.str();
}

std::string safeguarding_metrics(std::int64_t unacknowledged, std::int64_t overdue) {
    return "# HELP lp_safeguarding_unacknowledged Safeguarding items nobody has acknowledged yet.\n"
           "# TYPE lp_safeguarding_unacknowledged gauge\nlp_safeguarding_unacknowledged " +
           std::to_string(unacknowledged) +
           "\n# HELP lp_safeguarding_overdue Unacknowledged safeguarding items older than overdue_s.\n"
           "# TYPE lp_safeguarding_overdue gauge\nlp_safeguarding_overdue " +
           std::to_string(overdue) + "\n";
}

std::string render_sources() {
    std::vector<MetricsSource> copy;
    {
        std::lock_guard<std::mutex> lock(sources_mutex);
        copy = sources;
    }
    std::string out;
    for (const auto& s : copy) out += s();
    return out;
}

}  // namespace lp::aggregator::ops
