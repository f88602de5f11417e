#include "reconcile/probes.h"

#include <doctest/doctest.h>

#include <vector>

using namespace vsctl::reconcile;
using namespace std::chrono_literals;

namespace {
RoundReport reached(bool repo, bool cluster, std::string why = "") {
  RoundReport r;
  r.repo_reached = repo;
  r.cluster_reached = cluster;
  r.unreached = std::move(why);
  return r;
}
struct CountingSleeper final : Sleeper {
  std::vector<Millis> slices;
  bool sleep(Millis d, const std::atomic<bool>& stop) override {
    slices.push_back(d);
    return !stop;
  }
};
}  // namespace

TEST_CASE("reconcile probes: live while the last progress is within the bound") {
  auto t0 = std::chrono::steady_clock::time_point(100s);
  CHECK(liveness(t0, t0 + 60s, 60s).ok);
  auto late = liveness(t0, t0 + 61s, 60s);
  CHECK_FALSE(late.ok);
  CHECK(late.message == "the reconcile loop made no progress for 61s (bound 60s)");
  CHECK(liveness_bound(300s) == 360s);
}

TEST_CASE("reconcile probes: ready only when the last round reached the repository and the cluster") {
  CHECK(readiness(std::nullopt).message == "no round has ended yet");
  CHECK_FALSE(readiness(std::nullopt).ok);
  CHECK(readiness(reached(true, true)).ok);
  auto cluster = readiness(reached(true, false, "cannot plan: cannot reach the API server"));
  CHECK_FALSE(cluster.ok);
  CHECK(cluster.message == "the last round did not reach the cluster: cannot plan: cannot reach the API server");
  auto repo = readiness(reached(false, false, "cannot read branch main: no such branch"));
  CHECK_FALSE(repo.ok);
  CHECK(repo.message == "the last round did not reach the repository: cannot read branch main: no such branch");
}

TEST_CASE("reconcile probes: the last round decides, a round that reaches both again is ready again") {
  Probes p(60s);
  CHECK(p.live().ok);
  CHECK_FALSE(p.ready().ok);
  p.round_ended(reached(true, true));
  CHECK(p.ready().ok);
  p.round_ended(reached(true, false, "x"));
  CHECK(p.ready().message == "the last round did not reach the cluster: x");
  p.round_ended(reached(true, true));
  CHECK(p.ready().ok);
}

TEST_CASE("reconcile probes: a beating sleeper beats once per slice and stops with the loop") {
  CountingSleeper inner;
  int beats = 0;
  BeatingSleeper s(inner, [&] { ++beats; }, 1s);
  std::atomic<bool> stop{false};
  CHECK(s.sleep(2500ms, stop));
  CHECK(beats == 3);
  CHECK(inner.slices == std::vector<Millis>{1s, 1s, 500ms});
  stop = true;
  CHECK_FALSE(s.sleep(5s, stop));
  CHECK(beats == 4);
}
