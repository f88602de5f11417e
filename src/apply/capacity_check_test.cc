#include "apply/capacity_check.h"

#include <doctest/doctest.h>

using namespace vsctl;
using namespace vsctl::apply;
using k8s::Json;

namespace {

Json node(const std::string& name, const std::string& cpu) {
  return {{"metadata", {{"name", name}}}, {"status", {{"allocatable", {{"cpu", cpu}, {"memory", "64Gi"}, {"pods", "110"}}}}}};
}

Json pod_spec(const std::string& cpu, const std::string& image = "app:1") {
  return {{"containers", {{{"name", "app"}, {"image", image}, {"resources", {{"requests", {{"cpu", cpu}}}}}}}}};
}

Json deployment(const std::string& name, int replicas, const std::string& cpu, const std::string& image = "app:1") {
  return {{"apiVersion", "apps/v1"},
          {"kind", "Deployment"},
          {"metadata", {{"name", name}, {"namespace", "shop"}}},
          {"spec",
           {{"replicas", replicas},
            {"selector", {{"matchLabels", {{"app", name}}}}},
            {"template", {{"metadata", {{"labels", {{"app", name}}}}}, {"spec", pod_spec(cpu, image)}}}}}};
}

Json pod(const std::string& service, int i, const std::string& node_name, const std::string& cpu) {
  return {{"metadata", {{"name", service + "-" + std::to_string(i)}, {"namespace", "shop"}, {"labels", {{"app", service}}}}},
          {"spec", {{"nodeName", node_name}, {"containers", {{{"name", "app"}, {"resources", {{"requests", {{"cpu", cpu}}}}}}}}}},
          {"status", {{"phase", "Running"}}}};
}

k8s::ObjectKey key(const std::string& name) { return {"apps", "v1", "Deployment", "shop", name}; }

Step step(const std::string& service, Change c) {
  Step s;
  s.service = service;
  s.change = c;
  s.actions = {{c == Change::Destroy ? ActionKind::Delete : ActionKind::Apply, key(service), {}}, {ActionKind::Wait, {}, {}}};
  return s;
}

struct World {
  std::vector<Json> nodes, pods, live;
  std::map<k8s::ObjectKey, Json> desired;
  Plan plan;
  void run() {
    plan.ns = "shop";
    check_capacity(plan, desired, live, {nodes, pods, {}, {}, {}, {}, {}});
  }
  const Fit& fit(const std::string& s) {
    for (auto& w : plan.waves)
      for (auto& st : w.steps)
        if (st.service == s) {
          REQUIRE(st.fit);
          return *st.fit;
        }
    FAIL("no step " << s);
    static Fit none;
    return none;
  }
};

}  // namespace

TEST_CASE("a rolling update that may take no instance down needs its surge beside the old pods") {
  World w;
  w.nodes = {node("n1", "1")};
  w.pods = {pod("api", 0, "n1", "500m"), pod("api", 1, "n1", "500m")};  // the node is full
  w.live = {deployment("api", 2, "500m", "app:1")};
  w.desired[key("api")] = deployment("api", 2, "500m", "app:2");
  w.plan.waves = {{0, {step("api", Change::Update)}}};
  w.run();
  // 2 replicas: maxUnavailable 25% rounds down to 0, maxSurge 25% up to 1
  CHECK_FALSE(w.fit("api").fits);
  CHECK(w.fit("api").problems[0].find("needs room for 1 pod of 500m cpu") == 0);
}

TEST_CASE("a rolling update that may take instances down makes its own room") {
  World w;
  w.nodes = {node("n1", "2")};
  for (int i = 0; i < 4; ++i) w.pods.push_back(pod("api", i, "n1", "500m"));
  w.live = {deployment("api", 4, "500m", "app:1")};
  w.desired[key("api")] = deployment("api", 4, "500m", "app:2");  // maxUnavailable 1
  w.plan.waves = {{0, {step("api", Change::Update)}}};
  w.run();
  CHECK(w.fit("api").fits);
}

TEST_CASE("an update that does not touch the pod template needs no room, nor does a scale-in") {
  World w;
  w.nodes = {node("n1", "1")};
  w.pods = {pod("api", 0, "n1", "500m"), pod("api", 1, "n1", "500m")};
  Json live = deployment("api", 2, "500m");
  live["spec"]["template"]["spec"]["containers"][0]["imagePullPolicy"] = "IfNotPresent";  // server defaults
  live["spec"]["template"]["spec"]["containers"][0]["resources"]["requests"]["cpu"] = "0.5";
  w.live = {live};
  w.desired[key("api")] = deployment("api", 1, "500m");
  w.plan.waves = {{0, {step("api", Change::Scale)}}};
  w.run();
  CHECK_FALSE(w.plan.waves[0].steps[0].fit);
  CHECK(w.plan.capacity.checked);
}

TEST_CASE("room made by an earlier wave is there for a later one, a later wave's need is not") {
  World w;
  w.nodes = {node("n1", "2")};
  for (int i = 0; i < 4; ++i) w.pods.push_back(pod("old", i, "n1", "500m"));
  w.live = {deployment("old", 4, "500m")};
  w.desired[key("old")] = deployment("old", 1, "500m");
  w.desired[key("new")] = deployment("new", 3, "500m");
  w.desired[key("late")] = deployment("late", 1, "500m");
  w.plan.waves = {{0, {step("old", Change::Scale)}}, {1, {step("new", Change::Provision)}}, {2, {step("late", Change::Provision)}}};
  w.run();
  CHECK(w.fit("new").fits);             // 3 x 500m in the room old's scale-in left
  CHECK_FALSE(w.fit("late").fits);      // the node is full again
  CHECK(w.fit("new").needs == "3 pods of 500m cpu");
}

TEST_CASE("steps of one wave run at once: their peaks add up") {
  World w;
  w.nodes = {node("n1", "1")};
  w.desired[key("a")] = deployment("a", 1, "600m");
  w.desired[key("b")] = deployment("b", 1, "600m");
  w.plan.waves = {{0, {step("a", Change::Provision), step("b", Change::Provision)}}};
  w.run();
  CHECK(w.fit("a").fits);
  CHECK_FALSE(w.fit("b").fits);
}

TEST_CASE("templates: what the server adds or writes differently is not a change") {
  CHECK(contained_in(Json{{"cpu", "0.5"}}, Json{{"cpu", "500m"}, {"memory", "1Gi"}}));
  CHECK_FALSE(contained_in(Json{{"cpu", "0.6"}}, Json{{"cpu", "500m"}}));
  CHECK_FALSE(contained_in(Json{{"env", {{{"name", "A"}}}}}, Json{{"env", {{{"name", "A"}}, {{"name", "B"}}}}}));
  CHECK(contained_in(Json{{"labels", Json::object()}}, Json::object()));
}
