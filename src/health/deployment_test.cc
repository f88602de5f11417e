#include "health/deployment.h"

#include <doctest/doctest.h>

#include "health/generic.h"

using vsctl::k8s::Json;
using namespace vsctl::health;

namespace {
Json dep(int gen, int observed, int replicas, int updated, int total, int available) {
  return {{"kind", "Deployment"},
          {"metadata", {{"generation", gen}}},
          {"spec", {{"replicas", replicas}}},
          {"status",
           {{"observedGeneration", observed}, {"updatedReplicas", updated}, {"replicas", total},
            {"availableReplicas", available}, {"readyReplicas", available}}}};
}
}  // namespace

TEST_CASE("health deployment: waits for the controller to observe the generation") {
  auto c = deployment(dep(2, 1, 3, 3, 3, 3));
  CHECK(!c.done);
  CHECK(!c.failed);
  CHECK(c.message == "waiting for the controller to observe generation 2");
}

TEST_CASE("health deployment: waits for updated, old and available replicas in turn") {
  CHECK(deployment(dep(1, 1, 3, 1, 3, 3)).message == "waiting for 1/3 replicas updated");
  CHECK(deployment(dep(1, 1, 3, 3, 4, 3)).message == "waiting for 1 old replica(s) to terminate");
  CHECK(deployment(dep(1, 1, 3, 3, 3, 2)).message == "waiting for 2/3 replicas available");
  auto done = deployment(dep(1, 1, 3, 3, 3, 3));
  CHECK(done.done);
  CHECK(done.ready == 3);
  CHECK(done.desired == 3);
}

TEST_CASE("health deployment: ProgressDeadlineExceeded fails it") {
  Json d = dep(1, 1, 2, 2, 2, 0);
  d["status"]["conditions"] = Json::array(
      {{{"type", "Progressing"}, {"status", "False"}, {"reason", "ProgressDeadlineExceeded"},
        {"message", "ReplicaSet \"x\" has timed out progressing."}}});
  auto c = deployment(d);
  CHECK(c.failed);
  CHECK(c.reason == "ProgressDeadlineExceeded");
  CHECK(object(d).failed);
}

TEST_CASE("health deployment: scale to zero is done with no replicas") {
  Json d = dep(3, 3, 0, 0, 0, 0);
  CHECK(deployment(d).done);
}

TEST_CASE("health deployment: a ProgressDeadlineExceeded of an older generation is not judged") {
  Json d = dep(3, 2, 2, 2, 2, 0);  // the fixing apply made generation 3; the status is still of 2
  d["status"]["conditions"] = Json::array(
      {{{"type", "Progressing"}, {"status", "False"}, {"reason", "ProgressDeadlineExceeded"},
        {"message", "ReplicaSet \"x\" has timed out progressing."}}});
  auto c = deployment(d);
  CHECK_FALSE(c.failed);
  CHECK_FALSE(c.done);
  CHECK(c.message == "waiting for the controller to observe generation 3");
}

TEST_CASE("health deployment: a scale-in is done only once the extra replicas are gone") {
  auto c = deployment(dep(3, 3, 1, 5, 5, 5));  // kubectl scale 5, the apply wants 1: observed, not yet scaled in
  CHECK_FALSE(c.done);
  CHECK(c.message == "waiting for 4 extra replica(s) to terminate");
  CHECK(deployment(dep(3, 3, 1, 1, 1, 1)).done);
}
