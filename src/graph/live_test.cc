#include "graph/live.h"

#include <doctest/doctest.h>

namespace vsctl::graph {

namespace {

k8s::Json object(std::string kind, std::string service, std::string part_of, std::string version = "") {
  k8s::Json labels = {{"app.kubernetes.io/name", service}, {"app.kubernetes.io/part-of", part_of}};
  if (!version.empty()) labels["app.kubernetes.io/version"] = version;
  return {{"apiVersion", kind == "Deployment" ? "apps/v1" : "v1"},
          {"kind", kind},
          {"metadata", {{"name", service}, {"namespace", "shop"}, {"labels", labels}, {"generation", 1}}},
          {"spec", {{"replicas", 1}}},
          {"status", {{"observedGeneration", 1}}}};
}

manifest::Architecture shop() {
  manifest::Architecture a;
  a.name = "shop";
  for (const char* n : {"api", "db", "web"}) {
    manifest::Service s;
    s.name = n;
    s.version = "1.5.0+build.7";
    a.services.push_back(s);
  }
  return a;
}

}  // namespace

TEST_CASE("graph live: services with a workload get a state, others are not deployed") {
  std::vector<k8s::Json> live = {object("Deployment", "api", "shop", "1.5.0_build.7"),
                                 object("Deployment", "web", "shop", "1.4.0"),
                                 object("Deployment", "db", "other"),  // another architecture's
                                 object("Pod", "db", "shop")};         // a pod without a workload
  auto states = live_states(shop(), live);
  REQUIRE(states.size() == 2);
  CHECK(states.count("db") == 0);
  CHECK(states.at("api").version == "1.5.0+build.7");  // the label is the version made label-safe
  CHECK(states.at("web").version == "1.4.0");
  // a workload of an older version than wanted has not reached Run
  CHECK(states.at("web").state != health::State::Run);
}

TEST_CASE("graph live: a hook's objects are not the service's") {
  auto job_pod = object("Deployment", "api", "shop", "1.5.0_build.7");
  job_pod["metadata"]["labels"]["vsctl.dev/hook"] = "pre-update";
  std::vector<k8s::Json> live = {job_pod};
  CHECK(live_states(shop(), live).empty());
}

}  // namespace vsctl::graph
