#pragma once
// The reconciler's metrics as data: what they are (name, type, labels, help) and what a round's
// report changes in them. Pure: the exposition (src/metrics, prometheus-cpp) applies the updates
// and serves them; the round knows nothing of either.
//
//   vsctl_reconcile_rounds_total{outcome}            counter    rounds by how they ended
//   vsctl_reconcile_round_duration_seconds           histogram  how long a round took
//   vsctl_reconcile_drift_corrected_total{kind}      counter    drift undone, by change kind
//   vsctl_reconcile_failovers_total{action}          counter    pods replaced or restarted, escalations
//   vsctl_reconcile_last_success_timestamp_seconds   gauge      when the last round that reached both ended well
//   vsctl_reconcile_applied_revision{commit}         gauge      the record's revision the cluster is at
//   vsctl_reconcile_service_state{service,state}     gauge      1 for the service's lifecycle state, 0 for the others
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "reconcile/report.h"

namespace vsctl::reconcile {

enum class MetricType { Counter, Gauge, Histogram };
const char* to_string(MetricType t);  // "counter", "gauge", "histogram"

struct MetricDef {
  std::string name;
  MetricType type = MetricType::Counter;
  std::vector<std::string> labels;
  std::string help;
};

// Every metric, in the order of the table above.
const std::vector<MetricDef>& metric_defs();
// The round duration histogram's upper bounds, in seconds.
const std::vector<double>& duration_buckets();

using Labels = std::map<std::string, std::string>;

struct MetricUpdate {
  enum class Op {
    Add,      // counter: add value
    Set,      // gauge: set to value
    Observe,  // histogram: one observation of value
    Remove,   // gauge: the series with these labels goes
  };
  Op op = Op::Add;
  std::string name;
  Labels labels;
  double value = 0;
  bool operator==(const MetricUpdate&) const = default;
};

// The metrics of one reconciler. Remembers which series it set, so that a revision or a service
// that is gone takes its series with it.
class MetricsModel {
 public:
  // Every labelled counter at 0 (each outcome, change kind and failover action), so that a first
  // increase is an increase and not a new series.
  std::vector<MetricUpdate> initial() const;
  // What `r` changes.
  std::vector<MetricUpdate> updates(const RoundReport& r);

 private:
  std::optional<std::string> applied_commit_;
  std::set<std::string> services_;
};

}  // namespace vsctl::reconcile
