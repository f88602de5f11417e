#include "apply/watcher.h"

#include <doctest/doctest.h>

#include "testing/fake_cluster.h"

using namespace vsctl;
using k8s::Json;

namespace {

Json labelled(std::string api_version, std::string kind, std::string name, std::string service) {
  return {{"apiVersion", api_version},
          {"kind", kind},
          {"metadata",
           {{"name", name}, {"namespace", "shop"}, {"labels", {{"app.kubernetes.io/part-of", "shop"}, {"app.kubernetes.io/name", service}}}}}};
}

Json event(std::string name, std::string kind, std::string about, std::string type = "Warning") {
  return {{"apiVersion", "v1"},
          {"kind", "Event"},
          {"metadata", {{"name", name}, {"namespace", "shop"}}},
          {"type", type},
          {"reason", "FailedCreate"},
          {"message", "m"},
          {"involvedObject", {{"kind", kind}, {"name", about}}}};
}

}  // namespace

TEST_CASE("watcher: a service's snapshot carries its ReplicaSets, claims and the Warning Events about them") {
  testing::FakeCluster c;
  c.add_resource({"", "v1", "Event", "events", true, {"list", "watch"}, {}});
  Json d = labelled("apps/v1", "Deployment", "api", "api");
  c.put(d);
  auto uid = k8s::string_at(*c.object({"apps", "v1", "Deployment", "shop", "api"}), "/metadata/uid");
  Json rs = labelled("apps/v1", "ReplicaSet", "api-5d4f", "api");
  rs["metadata"]["ownerReferences"] = Json::array({{{"uid", uid}}});
  c.put(rs);
  c.put(labelled("v1", "Pod", "api-5d4f-a", "api"));
  c.put(labelled("v1", "PersistentVolumeClaim", "cache-api", "api"));
  c.put(labelled("apps/v1", "Deployment", "api-gateway", "api-gateway"));
  c.put(event("e1", "ReplicaSet", "api-5d4f"));
  c.put(event("e2", "Pod", "api-5d4f-a"));
  c.put(event("e3", "PersistentVolumeClaim", "cache-api"));
  c.put(event("e4", "Pod", "api-gateway-1-x"));           // another service's, named after "api" too
  c.put(event("e5", "Pod", "unrelated-1"));               // nobody's the watcher knows: not kept
  c.put(event("e6", "Pod", "api-5d4f-a", "Normal"));      // not a Warning
  apply::Watcher w(c, "shop", "app.kubernetes.io/part-of=shop");
  REQUIRE(w.start());
  auto s = w.service("api");
  w.stop();
  REQUIRE(s.replicasets.size() == 1);
  CHECK(s.claims.size() == 1);
  std::vector<std::string> names;
  for (const auto& e : s.events) names.push_back(k8s::string_at(e, "/metadata/name"));
  CHECK(names == std::vector<std::string>{"e1", "e2", "e3"});
}

TEST_CASE("watcher: a user who may not read Events still watches the rest") {
  testing::FakeCluster c;  // serves no Event: as a server that does not, or a user who may not
  c.put(labelled("apps/v1", "Deployment", "api", "api"));
  apply::Watcher w(c, "shop", "app.kubernetes.io/part-of=shop");
  REQUIRE(w.start());
  CHECK(w.service("api").workload);
  w.stop();
}
