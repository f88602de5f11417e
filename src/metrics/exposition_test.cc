#include "metrics/exposition.h"

#include <doctest/doctest.h>

using namespace vsctl;
using reconcile::MetricUpdate;

TEST_CASE("metrics exposition: every definition with its help and type, the updates applied in the text format") {
  metrics::Exposition e;
  reconcile::MetricsModel m;
  e.apply(m.initial());
  reconcile::RoundReport r;
  r.outcome = reconcile::Outcome::Applied;
  r.seconds = 0.3;
  r.drift_corrected = {{health::Change::Scale, 1}};
  r.applied = reconcile::AppliedRevision{2, "c0ffee"};
  r.states = std::map<std::string, health::State>{{"web", health::State::Run}};
  e.apply(m.updates(r));
  e.apply(m.updates(r));
  std::string t = e.text();
  for (const auto& d : reconcile::metric_defs()) {
    CHECK(t.find("# HELP " + d.name + " " + d.help + "\n") != std::string::npos);
    CHECK(t.find("# TYPE " + d.name + " " + reconcile::to_string(d.type) + "\n") != std::string::npos);
  }
  CHECK(t.find("vsctl_reconcile_rounds_total{outcome=\"applied\"} 2\n") != std::string::npos);
  CHECK(t.find("vsctl_reconcile_rounds_total{outcome=\"unreachable\"} 0\n") != std::string::npos);
  CHECK(t.find("vsctl_reconcile_drift_corrected_total{kind=\"Scale\"} 2\n") != std::string::npos);
  CHECK(t.find("vsctl_reconcile_round_duration_seconds_count 2\n") != std::string::npos);
  CHECK(t.find("vsctl_reconcile_round_duration_seconds_bucket{le=\"0.5\"} 2\n") != std::string::npos);
  CHECK(t.find("vsctl_reconcile_round_duration_seconds_bucket{le=\"0.25\"} 0\n") != std::string::npos);
  CHECK(t.find("vsctl_reconcile_applied_revision{commit=\"c0ffee\"} 2\n") != std::string::npos);
  CHECK(t.find("vsctl_reconcile_service_state{service=\"web\",state=\"Run\"} 1\n") != std::string::npos);
  CHECK(t.find("vsctl_reconcile_service_state{service=\"web\",state=\"Failed\"} 0\n") != std::string::npos);

  r.applied = reconcile::AppliedRevision{3, "beef"};
  r.states = std::map<std::string, health::State>{};
  e.apply(m.updates(r));
  t = e.text();
  CHECK(t.find("commit=\"c0ffee\"") == std::string::npos);
  CHECK(t.find("vsctl_reconcile_applied_revision{commit=\"beef\"} 3\n") != std::string::npos);
  CHECK(t.find("service=\"web\"") == std::string::npos);
}
