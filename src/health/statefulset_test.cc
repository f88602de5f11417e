#include "health/statefulset.h"

#include <doctest/doctest.h>

using vsctl::k8s::Json;
using namespace vsctl::health;

namespace {
Json sts(int replicas, int ready, std::string update, std::string current) {
  return {{"kind", "StatefulSet"},
          {"metadata", {{"generation", 1}}},
          {"spec", {{"replicas", replicas}}},
          {"status",
           {{"observedGeneration", 1}, {"replicas", replicas}, {"readyReplicas", ready}, {"updatedReplicas", ready},
            {"updateRevision", update}, {"currentRevision", current}}}};
}
}  // namespace

TEST_CASE("health statefulset: ready replicas, then the revision") {
  CHECK(statefulset(sts(3, 1, "r1", "r1")).message == "waiting for 1/3 replicas ready");
  auto rolling = statefulset(sts(3, 3, "r2", "r1"));
  CHECK(!rolling.done);
  CHECK(rolling.message.find("rolling update") != std::string::npos);
  CHECK(statefulset(sts(3, 3, "r2", "r2")).done);
}

TEST_CASE("health statefulset: partition and OnDelete") {
  Json s = sts(4, 4, "r2", "r1");
  s["spec"]["updateStrategy"] = {{"type", "RollingUpdate"}, {"rollingUpdate", {{"partition", 2}}}};
  s["status"]["updatedReplicas"] = 1;
  CHECK(!statefulset(s).done);
  s["status"]["updatedReplicas"] = 2;
  CHECK(statefulset(s).done);
  Json od = sts(2, 0, "r2", "r1");
  od["spec"]["updateStrategy"] = {{"type", "OnDelete"}};
  CHECK(statefulset(od).done);
}
