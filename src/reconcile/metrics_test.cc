#include "reconcile/metrics.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace vsctl;
using reconcile::MetricUpdate;
using Op = MetricUpdate::Op;

namespace {
reconcile::RoundReport report(reconcile::Outcome o) {
  reconcile::RoundReport r;
  r.outcome = o;
  r.seconds = 0.25;
  r.finished_unix = 1764790000.5;
  r.repo_reached = r.cluster_reached = true;
  return r;
}
bool has(const std::vector<MetricUpdate>& u, const MetricUpdate& want) { return std::find(u.begin(), u.end(), want) != u.end(); }
std::size_t count(const std::vector<MetricUpdate>& u, const std::string& name) {
  return static_cast<std::size_t>(std::count_if(u.begin(), u.end(), [&](const MetricUpdate& m) { return m.name == name; }));
}
const std::string kState = "vsctl_reconcile_service_state";
const std::string kApplied = "vsctl_reconcile_applied_revision";
}  // namespace

TEST_CASE("reconcile metrics: every name is prefixed, has a help text, and is defined once") {
  std::vector<std::string> names;
  for (const auto& d : reconcile::metric_defs()) {
    CHECK(d.name.rfind("vsctl_reconcile_", 0) == 0);
    CHECK(!d.help.empty());
    if (d.type == reconcile::MetricType::Counter) CHECK(d.name.ends_with("_total"));
    names.push_back(d.name);
  }
  CHECK(names.size() == 7);
  std::sort(names.begin(), names.end());
  CHECK(std::adjacent_find(names.begin(), names.end()) == names.end());
  CHECK(std::is_sorted(reconcile::duration_buckets().begin(), reconcile::duration_buckets().end()));
}

TEST_CASE("reconcile metrics: the labelled counters start at 0 for each outcome, change kind and failover action") {
  auto u = reconcile::MetricsModel().initial();
  CHECK(u.size() == 6 + 5 + 3);
  CHECK(has(u, {Op::Add, "vsctl_reconcile_rounds_total", {{"outcome", "unreachable"}}, 0}));
  CHECK(has(u, {Op::Add, "vsctl_reconcile_drift_corrected_total", {{"kind", "Scale"}}, 0}));
  CHECK(has(u, {Op::Add, "vsctl_reconcile_failovers_total", {{"action", "Escalate"}}, 0}));
  CHECK(std::all_of(u.begin(), u.end(), [](const MetricUpdate& m) { return m.op == Op::Add && m.value == 0; }));
}

TEST_CASE("reconcile metrics: a converged round counts once, observes its duration and is the last success") {
  reconcile::MetricsModel m;
  auto r = report(reconcile::Outcome::Converged);
  r.applied = reconcile::AppliedRevision{3, "abc"};
  auto u = m.updates(r);
  CHECK(has(u, {Op::Add, "vsctl_reconcile_rounds_total", {{"outcome", "converged"}}, 1}));
  CHECK(has(u, {Op::Observe, "vsctl_reconcile_round_duration_seconds", {}, 0.25}));
  CHECK(has(u, {Op::Set, "vsctl_reconcile_last_success_timestamp_seconds", {}, 1764790000.5}));
  CHECK(has(u, {Op::Set, kApplied, {{"commit", "abc"}}, 3}));
  CHECK(count(u, "vsctl_reconcile_drift_corrected_total") == 0);
  CHECK(count(u, "vsctl_reconcile_failovers_total") == 0);
  CHECK(count(u, kState) == 0);  // states not read: the gauges are left as they are
}

TEST_CASE("reconcile metrics: an unreachable or refused round is no success") {
  reconcile::MetricsModel m;
  for (auto o : {reconcile::Outcome::Unreachable, reconcile::Outcome::Refused, reconcile::Outcome::Failed, reconcile::Outcome::Locked}) {
    auto u = m.updates(report(o));
    CHECK(has(u, {Op::Add, "vsctl_reconcile_rounds_total", {{"outcome", reconcile::to_string(o)}}, 1}));
    CHECK(count(u, "vsctl_reconcile_last_success_timestamp_seconds") == 0);
  }
}

TEST_CASE("reconcile metrics: drift undone by kind and failovers by action add what the round did") {
  reconcile::MetricsModel m;
  auto r = report(reconcile::Outcome::Applied);
  r.drift_corrected = {{health::Change::Scale, 2}, {health::Change::Provision, 1}};
  r.failovers = {{reconcile::FailoverKind::ReplaceCattle, 3}, {reconcile::FailoverKind::Escalate, 1}};
  auto u = m.updates(r);
  CHECK(has(u, {Op::Add, "vsctl_reconcile_drift_corrected_total", {{"kind", "Scale"}}, 2}));
  CHECK(has(u, {Op::Add, "vsctl_reconcile_drift_corrected_total", {{"kind", "Provision"}}, 1}));
  CHECK(has(u, {Op::Add, "vsctl_reconcile_failovers_total", {{"action", "ReplaceCattle"}}, 3}));
  CHECK(has(u, {Op::Add, "vsctl_reconcile_failovers_total", {{"action", "Escalate"}}, 1}));
  CHECK(count(u, "vsctl_reconcile_failovers_total") == 2);
}

TEST_CASE("reconcile metrics: a new applied commit replaces the old commit's series") {
  reconcile::MetricsModel m;
  auto r = report(reconcile::Outcome::Converged);
  r.applied = reconcile::AppliedRevision{3, "abc"};
  m.updates(r);
  CHECK(count(m.updates(r), kApplied) == 1);  // the same commit: set again, nothing removed
  r.applied = reconcile::AppliedRevision{4, "def"};
  auto u = m.updates(r);
  CHECK(has(u, {Op::Remove, kApplied, {{"commit", "abc"}}, 0}));
  CHECK(has(u, {Op::Set, kApplied, {{"commit", "def"}}, 4}));
}

TEST_CASE("reconcile metrics: one state gauge per service and state, 1 for the current one, a service gone is removed") {
  reconcile::MetricsModel m;
  auto r = report(reconcile::Outcome::Converged);
  r.states = std::map<std::string, health::State>{{"web", health::State::Run}, {"db", health::State::Failed}};
  auto u = m.updates(r);
  CHECK(count(u, kState) == 2 * 8);
  CHECK(has(u, {Op::Set, kState, {{"service", "web"}, {"state", "Run"}}, 1}));
  CHECK(has(u, {Op::Set, kState, {{"service", "web"}, {"state", "Failed"}}, 0}));
  CHECK(has(u, {Op::Set, kState, {{"service", "db"}, {"state", "Failed"}}, 1}));
  CHECK(has(u, {Op::Set, kState, {{"service", "db"}, {"state", "Run"}}, 0}));
  r.states = std::map<std::string, health::State>{{"web", health::State::Scale}};
  u = m.updates(r);
  CHECK(has(u, {Op::Set, kState, {{"service", "web"}, {"state", "Scale"}}, 1}));
  CHECK(has(u, {Op::Remove, kState, {{"service", "db"}, {"state", "Failed"}}, 0}));
  CHECK(has(u, {Op::Remove, kState, {{"service", "db"}, {"state", "Run"}}, 0}));
  CHECK(count(u, kState) == 8 + 8);
}
