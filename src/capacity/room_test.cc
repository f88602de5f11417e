#include "capacity/room.h"

#include <doctest/doctest.h>

using namespace vsctl;
using namespace vsctl::capacity;
using k8s::Json;

namespace {

Json node(const std::string& name, const std::string& cpu, const std::string& memory, Json labels = Json::object(),
          Json taints = nullptr) {
  Json n = {{"metadata", {{"name", name}, {"labels", labels}}},
            {"status", {{"allocatable", {{"cpu", cpu}, {"memory", memory}, {"pods", "110"}}}}}};
  if (!taints.is_null()) n["spec"]["taints"] = taints;
  return n;
}

Json bound_pod(const std::string& ns, const std::string& node, const std::string& cpu, const std::string& memory) {
  return {{"metadata", {{"name", "p"}, {"namespace", ns}}},
          {"spec", {{"nodeName", node}, {"containers", {{{"name", "c"}, {"resources", {{"requests", {{"cpu", cpu}, {"memory", memory}}}}}}}}}},
          {"status", {{"phase", "Running"}}}};
}

Json spec(const std::string& cpu, const std::string& memory) {
  return {{"containers", {{{"name", "app"}, {"resources", {{"requests", {{"cpu", cpu}, {"memory", memory}}}}}}}}};
}

}  // namespace

TEST_CASE("pods are packed one by one: room on two nodes is not summed into one") {
  std::vector<Json> nodes = {node("worker-1", "1", "4Gi"), node("worker-2", "1", "4Gi")};
  std::vector<Json> pods = {bound_pod("other", "worker-1", "300m", "1Gi"), bound_pod("other", "worker-2", "400m", "1Gi")};
  Room room({nodes, pods, {}, {}, {}, {}, {}}, "shop");
  // 700m + 600m free = 1300m in all, but a 500m pod fits once on each node
  Outcome o = room.add_pods(spec("500m", "128Mi"), 4);
  CHECK(o.created == 4);
  CHECK(o.bound == 2);
  REQUIRE(o.problems.size() == 1);
  CHECK(o.problems[0] ==
        "needs room for 4 pods of 500m cpu, 128Mi memory; the 2 eligible nodes have room for 2 (free after them: "
        "worker-1 200m cpu, 2.9Gi memory; worker-2 100m cpu, 2.9Gi memory); short by 2 pods = 1 cpu, 256Mi memory, "
        "about 1 more node like worker-1 (1 cpu, 4Gi memory allocatable)");
}

TEST_CASE("what fits leaves room for nothing to say") {
  std::vector<Json> nodes = {node("worker-1", "4", "8Gi")};
  Room room({nodes, {}, {}, {}, {}, {}, {}}, "shop");
  Outcome o = room.add_pods(spec("1", "1Gi"), 4);
  CHECK(o.fits());
  CHECK(o.bound == 4);
  CHECK_FALSE(room.add_pods(spec("1", "1Gi"), 1).fits());  // the room is used up now
}

TEST_CASE("only nodes the pod may run on count: selector, taints, required affinity, cordoned") {
  Json tainted = Json::array({{{"key", "dedicated"}, {"value", "db"}, {"effect", "NoSchedule"}}});
  std::vector<Json> nodes = {node("web-1", "8", "8Gi", {{"pool", "web"}}), node("db-1", "8", "8Gi", {{"pool", "db"}}, tainted),
                             node("batch-1", "8", "8Gi", {{"pool", "batch"}})};
  Room room({nodes, {}, {}, {}, {}, {}, {}}, "shop");
  Json s = spec("1", "1Gi");
  s["nodeSelector"] = {{"pool", "db"}};
  Outcome o = room.add_pods(s, 1);
  REQUIRE_FALSE(o.fits());
  CHECK(o.problems[0] ==
        "needs room for 1 pod of 1 cpu, 1Gi memory; no node may run it: node(s) didn't match Pod's node affinity/selector "
        "(nodeSelector pool=db): batch-1, web-1; node(s) had untolerated taint {dedicated: db}: db-1");
  s["tolerations"] = {{{"key", "dedicated"}, {"operator", "Equal"}, {"value", "db"}, {"effect", "NoSchedule"}}};
  CHECK(room.add_pods(s, 1).fits());

  Json a = spec("1", "1Gi");
  a["affinity"]["nodeAffinity"]["requiredDuringSchedulingIgnoredDuringExecution"]["nodeSelectorTerms"] = {
      {{"matchExpressions", {{{"key", "pool"}, {"operator", "NotIn"}, {"values", {"web", "db"}}}}}}};
  {
    Outcome b = room.add_pods(a, 8);
    CHECK(b.fits());
    CHECK_FALSE(room.add_pods(a, 1).fits());  // batch-1 is full: web-1 does not count
  }

  Json cordoned = node("spare", "8", "8Gi");
  cordoned["spec"]["unschedulable"] = true;
  std::vector<Json> one = {cordoned};
  Room r2({one, {}, {}, {}, {}, {}, {}}, "shop");
  CHECK(r2.add_pods(spec("1", "1Gi"), 1).problems[0].find("node(s) were unschedulable: spare") != std::string::npos);
}

TEST_CASE("a pod larger than every eligible node: no number of such nodes helps") {
  std::vector<Json> nodes = {node("small-1", "2", "4Gi"), node("small-2", "4", "2Gi")};
  Room room({nodes, {}, {}, {}, {}, {}, {}}, "shop");
  Outcome o = room.add_pods(spec("3", "3Gi"), 1);
  REQUIRE_FALSE(o.fits());
  CHECK(o.problems[0] == ("needs room for 1 pod of 3 cpu, 3Gi memory; none of the 2 eligible nodes could hold one even empty: the largest, small-1, has 2 cpu, 4Gi memory allocatable"));
}

TEST_CASE("a ResourceQuota lets in what its headroom allows, and names itself") {
  std::vector<Json> nodes = {node("worker-1", "32", "64Gi")};
  std::vector<Json> quotas = {{{"metadata", {{"name", "compute"}, {"namespace", "shop"}}},
                               {"spec", {{"hard", {{"requests.cpu", "2"}}}}},
                               {"status", {{"hard", {{"requests.cpu", "2"}}}, {"used", {{"requests.cpu", "1200m"}}}}}}};
  Room room({nodes, {}, quotas, {}, {}, {}, {}}, "shop");
  Outcome o = room.add_pods(spec("500m", "64Mi"), 3);
  CHECK(o.created == 1);
  REQUIRE(o.problems.size() == 1);
  CHECK(o.problems[0] ==
        "the quota lets in 1 of 3 new pods: ResourceQuota shop/compute: requests.cpu used 1700m of 2, a pod needs 500m more");

  std::vector<Json> limits = {{{"metadata", {{"name", "limits"}, {"namespace", "shop"}}},
                               {"spec", {{"hard", {{"limits.memory", "1Gi"}}}}}}};
  Room strict({nodes, {}, limits, {}, {}, {}, {}}, "shop");
  CHECK(strict.add_pods(spec("500m", "64Mi"), 1).problems[0] ==
        "the quota lets in 0 of 1 new pod: ResourceQuota shop/limits limits limits.memory, so every container must have a memory "
        "limit; this one does not (set resources.limits.memory)");
}

TEST_CASE("LimitRange defaults count as requests, and its maximum refuses the pod") {
  std::vector<Json> nodes = {node("worker-1", "1", "64Gi")};
  std::vector<Json> ranges = {{{"metadata", {{"name", "defaults"}, {"namespace", "shop"}}},
                               {"spec", {{"limits", {{{"type", "Container"}, {"defaultRequest", {{"cpu", "400m"}}}, {"default", {{"cpu", "800m"}}}, {"max", {{"cpu", "1"}}}}}}}}}};
  Room room({nodes, {}, {}, ranges, {}, {}, {}}, "shop");
  Json bare = {{"containers", {{{"name", "app"}}}}};
  Outcome o = room.add_pods(bare, 3);
  CHECK(o.bound == 2);  // 2 x 400m on a 1 cpu node

  Json big = {{"containers", {{{"name", "app"}, {"resources", {{"limits", {{"cpu", "2"}}}}}}}}};
  Outcome b = room.add_pods(big, 1);
  REQUIRE(b.problems.size() == 1);
  CHECK(b.problems[0] == "LimitRange shop/defaults allows at most 1 cpu per container; container app has a limit of 2");
}

TEST_CASE("claims bind free volumes of their class, or are provisioned") {
  std::vector<Json> classes = {{{"metadata", {{"name", "static"}, {"annotations", {{"storageclass.kubernetes.io/is-default-class", "true"}}}}},
                                {"provisioner", "kubernetes.io/no-provisioner"}},
                               {{"metadata", {{"name", "cloud"}}}, {"provisioner", "ebs.csi.aws.com"}}};
  auto pv = [](const std::string& name, const std::string& size) {
    return Json{{"metadata", {{"name", name}}},
                {"spec", {{"storageClassName", "static"}, {"capacity", {{"storage", size}}}, {"accessModes", {"ReadWriteOnce"}}}},
                {"status", {{"phase", "Available"}}}};
  };
  std::vector<Json> volumes = {pv("pv-1", "1Gi"), pv("pv-2", "10Gi")};
  std::vector<Json> claims = {{{"metadata", {{"name", "data-db-0"}}}}};
  Room room({{}, {}, {}, {}, classes, volumes, claims}, "shop");
  std::int64_t five = 5LL * 1024 * 1024 * 1024 * 1000;
  CHECK(room.add_claim("data-db-0", "", five, {"ReadWriteOnce"}).empty());  // exists already
  CHECK(room.add_claim("data-db-1", "", five, {"ReadWriteOnce"}).empty());  // binds pv-2
  CHECK(room.add_claim("data-db-2", "", five, {"ReadWriteOnce"}) ==
        "volume claim data-db-2 (5Gi, class static): none of the 1 free volumes of that class is large enough or allows the "
        "access modes (the largest is 1Gi)");
  CHECK(room.add_claim("data-db-3", "cloud", five, {"ReadWriteOnce"}).empty());
  CHECK(room.add_claim("data-db-4", "fast", five, {"ReadWriteOnce"}) ==
        "volume claim data-db-4 (5Gi, class fast): StorageClass fast does not exist and no free volume has that class");
}

TEST_CASE("pods waiting for a node take the room they fit in before the plan's pods") {
  std::vector<Json> nodes = {node("worker-1", "1", "4Gi")};
  Json waiting = bound_pod("shop", "", "600m", "1Gi");
  waiting["status"]["phase"] = "Pending";
  std::vector<Json> pods = {waiting};
  Room room({nodes, pods, {}, {}, {}, {}, {}}, "shop");
  CHECK_FALSE(room.add_pods(spec("500m", "128Mi"), 1).fits());
  room.remove_pod(waiting);  // replaced by the plan: its room is given back
  CHECK(room.add_pods(spec("500m", "128Mi"), 1).fits());
}
