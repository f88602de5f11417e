#include "reconcile/metrics.h"

namespace vsctl::reconcile {

namespace {

constexpr const char* kRounds = "vsctl_reconcile_rounds_total";
constexpr const char* kDuration = "vsctl_reconcile_round_duration_seconds";
constexpr const char* kDrift = "vsctl_reconcile_drift_corrected_total";
constexpr const char* kFailovers = "vsctl_reconcile_failovers_total";
constexpr const char* kLastSuccess = "vsctl_reconcile_last_success_timestamp_seconds";
constexpr const char* kApplied = "vsctl_reconcile_applied_revision";
constexpr const char* kState = "vsctl_reconcile_service_state";

constexpr health::Change kChanges[] = {health::Change::Provision, health::Change::Update, health::Change::Rollback,
                                       health::Change::Scale, health::Change::Destroy};
constexpr FailoverKind kFailoverKinds[] = {FailoverKind::ReplaceCattle, FailoverKind::RestartPet, FailoverKind::Escalate};
constexpr health::State kStates[] = {health::State::Provision, health::State::Ready,   health::State::Run,
                                     health::State::Update,    health::State::Rollback, health::State::Scale,
                                     health::State::Destroy,   health::State::Failed};

MetricUpdate add(const char* name, Labels labels, double by) { return {MetricUpdate::Op::Add, name, std::move(labels), by}; }
MetricUpdate set(const char* name, Labels labels, double v) { return {MetricUpdate::Op::Set, name, std::move(labels), v}; }
MetricUpdate remove(const char* name, Labels labels) { return {MetricUpdate::Op::Remove, name, std::move(labels), 0}; }

}  // namespace

const char* to_string(MetricType t) {
  switch (t) {
    case MetricType::Counter: return "counter";
    case MetricType::Gauge: return "gauge";
    case MetricType::Histogram: return "histogram";
  }
  return "?";
}

const std::vector<MetricDef>& metric_defs() {
  static const std::vector<MetricDef> defs = {
      {kRounds, MetricType::Counter, {"outcome"},
       "Reconcile rounds by how they ended: converged, applied, refused, locked, failed, unreachable"},
      {kDuration, MetricType::Histogram, {}, "How long a reconcile round took, from reading the branch to the end of failover"},
      {kDrift, MetricType::Counter, {"kind"}, "Drift undone by a reconcile round: applied steps at the recorded commit, by change kind"},
      {kFailovers, MetricType::Counter, {"action"},
       "Failover actions: ReplaceCattle (pod deleted and replaced), RestartPet (restarted in place), Escalate (needs a person)"},
      {kLastSuccess, MetricType::Gauge, {}, "When the last round that converged or applied ended, in seconds since the epoch"},
      {kApplied, MetricType::Gauge, {"commit"}, "The revision of the record the cluster is at; the commit it applied is the label"},
      {kState, MetricType::Gauge, {"service", "state"},
       "The lifecycle state of each deployed service: 1 for the state it is in, 0 for the others"},
  };
  return defs;
}

const std::vector<double>& duration_buckets() {
  static const std::vector<double> b = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600};
  return b;
}

std::vector<MetricUpdate> MetricsModel::initial() const {
  std::vector<MetricUpdate> u;
  for (Outcome o : kOutcomes) u.push_back(add(kRounds, {{"outcome", to_string(o)}}, 0));
  for (health::Change c : kChanges) u.push_back(add(kDrift, {{"kind", health::to_string(c)}}, 0));
  for (FailoverKind k : kFailoverKinds) u.push_back(add(kFailovers, {{"action", to_string(k)}}, 0));
  return u;
}

std::vector<MetricUpdate> MetricsModel::updates(const RoundReport& r) {
  std::vector<MetricUpdate> u;
  u.push_back(add(kRounds, {{"outcome", to_string(r.outcome)}}, 1));
  u.push_back({MetricUpdate::Op::Observe, kDuration, {}, r.seconds});
  for (const auto& [kind, n] : r.drift_corrected)
    if (n > 0) u.push_back(add(kDrift, {{"kind", health::to_string(kind)}}, n));
  for (const auto& [kind, n] : r.failovers)
    if (n > 0) u.push_back(add(kFailovers, {{"action", to_string(kind)}}, n));
  if (r.outcome == Outcome::Converged || r.outcome == Outcome::Applied) u.push_back(set(kLastSuccess, {}, r.finished_unix));
  if (r.applied) {
    if (applied_commit_ && *applied_commit_ != r.applied->commit) u.push_back(remove(kApplied, {{"commit", *applied_commit_}}));
    u.push_back(set(kApplied, {{"commit", r.applied->commit}}, static_cast<double>(r.applied->revision)));
    applied_commit_ = r.applied->commit;
  }
  if (r.states) {
    for (const auto& gone : services_)
      if (!r.states->contains(gone))
        for (health::State s : kStates) u.push_back(remove(kState, {{"service", gone}, {"state", health::to_string(s)}}));
    services_.clear();
    for (const auto& [service, state] : *r.states) {
      services_.insert(service);
      for (health::State s : kStates)
        u.push_back(set(kState, {{"service", service}, {"state", health::to_string(s)}}, s == state ? 1 : 0));
    }
  }
  return u;
}

}  // namespace vsctl::reconcile
