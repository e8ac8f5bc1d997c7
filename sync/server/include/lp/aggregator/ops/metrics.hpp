#pragma once
// Prometheus counters of the running aggregator. Every counter is a relaxed atomic, bumped
// from the request path without locks; text is only built when /metrics is scraped.
#include <cstdint>
#include <functional>
#include <lp/aggregator/store.hpp>
#include <string>
#include <vector>

namespace lp::aggregator::ops {

/// Counts one answered request (route label is bounded: unknown paths share one label).
void observe_request(const std::string& method, const std::string& path, int status);
/// Counts one ingested batch: its latency and item outcomes.
void observe_batch(double seconds, const std::vector<ItemResult>& results);
/// Counts one batch the store failed to save (nothing stored).
void observe_store_error();

/// Extra metric text (e.g. the dashboard's safeguarding counts); called at each scrape and
/// must return complete "# TYPE"/sample lines, or "" on failure.
using MetricsSource = std::function<std::string()>;
/// Adds a source whose text is appended to every /metrics answer.
void add_metrics_source(MetricsSource source);

/// Prometheus text for the safeguarding queue: lp_safeguarding_unacknowledged and
/// lp_safeguarding_overdue (unacknowledged longer than the dashboard's overdue_s). The dashboard
/// adds a MetricsSource returning this from its store.
std::string safeguarding_metrics(std::int64_t unacknowledged, std::int64_t overdue);

/// The counters above plus the given gauges as Prometheus text (format 0.0.4).
std::string render_counters();
/// Gauges read from the store at scrape time: devices, last seen per device, silent devices.
std::string render_device_gauges(Store& store, std::int64_t now, std::int64_t silent_after_s);
/// Text of every added MetricsSource.
std::string render_sources();

}  // namespace lp::aggregator::ops
