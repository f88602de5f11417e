#include "status/registry.h"

#include <doctest/doctest.h>

#include "status/json.h"

using vsctl::k8s::Json;
using namespace vsctl::status;
using vsctl::health::State;

namespace {

Json labels(const std::string& svc, const std::string& version) {
  return {{"app.kubernetes.io/name", svc},
          {"app.kubernetes.io/part-of", "shop"},
          {"app.kubernetes.io/managed-by", "vsctl"},
          {"app.kubernetes.io/version", version}};
}

// A Deployment whose rollout reached `updated` of `replicas`, `available` of them available.
Json deployment(const std::string& svc, const std::string& version, int replicas, int updated, int available,
                const std::string& digest = "d1", int total = -1) {
  return {{"apiVersion", "apps/v1"},
          {"kind", "Deployment"},
          {"metadata",
           {{"name", svc}, {"namespace", "shop"}, {"generation", 2}, {"labels", labels(svc, version)},
            {"annotations", {{"vsctl.dev/definition-digest", digest}}}}},
          {"spec", {{"replicas", replicas}}},
          {"status",
           {{"observedGeneration", 2}, {"replicas", total < 0 ? replicas : total}, {"updatedReplicas", updated},
            {"availableReplicas", available}, {"readyReplicas", available}}}};
}

Json pod(const std::string& svc, const std::string& name, const std::string& version, bool ready,
         const std::string& waiting = {}) {
  Json cs = {{"name", "app"}, {"ready", ready}};
  cs["state"] = waiting.empty() ? Json{{"running", Json::object()}}
                                : Json{{"waiting", {{"reason", waiting}, {"message", "back-off 10s restarting"}}}};
  return {{"apiVersion", "v1"},
          {"kind", "Pod"},
          {"metadata", {{"name", name}, {"namespace", "shop"}, {"labels", labels(svc, version)}}},
          {"spec", {{"containers", Json::array({{{"name", "app"}}})}}},
          {"status",
           {{"phase", "Running"},
            {"conditions", Json::array({{{"type", "Ready"}, {"status", ready ? "True" : "False"}}})},
            {"containerStatuses", Json::array({cs})}}}};
}

Json recorded(const std::string& version, int min, int max, const std::string& digest = "d1") {
  return {{"version", version},
          {"digest", digest},
          {"definition",
           {{"version", version}, {"importance", "high"}, {"recovery", "cattle"}, {"instances", {{"min", min}, {"max", max}}}}}};
}

vsctl::apply::Record record() {
  vsctl::apply::Record r;
  r.revision = 4;
  r.architecture = "shop";
  r.ns = "shop";
  r.commit = "1a2b3c4d5e6f7a8b9c0d";
  r.who = "alice@laptop";
  r.outcome = vsctl::apply::Outcome::Succeeded;
  return r;
}

const Row& row(const Registry& r, const std::string& name) {
  for (const auto& x : r.rows)
    if (x.name == name) return x;
  FAIL("no row " << name);
  return r.rows.front();
}

}  // namespace

TEST_CASE("status registry: converged services run their recorded versions") {
  Input in{"shop", "shop", {}, record(), {}};
  in.record->services["cart"] = recorded("2.2.0", 2, 2);
  in.live = {deployment("cart", "2.2.0", 2, 2, 2), pod("cart", "cart-a", "2.2.0", true), pod("cart", "cart-b", "2.2.0", true)};
  auto reg = build(in);
  REQUIRE(reg.rows.size() == 1);
  const Row& c = reg.rows[0];
  CHECK(c.state == State::Run);
  CHECK(c.desired_version == "2.2.0");
  CHECK(format_versions(c) == "2.2.0");
  CHECK(c.ready == 2);
  CHECK(c.desired == 2);
  CHECK(c.min == 2);
  CHECK(c.importance == "high");
  CHECK(c.recovery == "cattle");
  CHECK(c.drift.empty());
  CHECK(reg.header.services == 1);
  CHECK(reg.header.drifted == 0);
}

TEST_CASE("status registry: a rollout in progress shows mixed versions and Update") {
  Input in{"shop", "shop", {}, record(), {}};
  in.record->services["api"] = recorded("1.4.2", 3, 3, "d2");
  in.live = {deployment("api", "1.4.2", 3, 2, 2, "d2", 3), pod("api", "a1", "1.4.2", true), pod("api", "a2", "1.4.2", true),
             pod("api", "a3", "1.4.1", true)};
  auto reg = build(in);
  const Row& a = row(reg, "api");
  CHECK(format_versions(a) == "1.4.2 (2/3), 1.4.1 (1/3)");
  CHECK(a.state == State::Update);
  CHECK(a.ready == 2);
  CHECK(a.desired == 3);

  // the new instance runs but is not ready while the old one still serves: still an Update
  in.live = {deployment("api", "1.4.2", 1, 1, 1, "d2", 2), pod("api", "a1", "1.4.2", false), pod("api", "a2", "1.4.1", true)};
  auto mid = build(in);
  CHECK(row(mid, "api").state == State::Update);
  CHECK(format_versions(row(mid, "api")) == "1.4.2 (1/2), 1.4.1 (1/2)");

  // the workload going back to an older version is a Rollback
  in.live = {deployment("api", "1.4.1", 3, 1, 1, "d2", 3), pod("api", "a1", "1.4.2", true), pod("api", "a2", "1.4.2", true),
             pod("api", "a3", "1.4.1", true)};
  CHECK(row(build(in), "api").state == State::Rollback);
}

TEST_CASE("status registry: a crash loop is Failed with its reason") {
  Input in{"shop", "shop", {}, record(), {}};
  in.record->services["api"] = recorded("1.2.0", 1, 1);
  in.live = {deployment("api", "1.2.0", 1, 1, 0), pod("api", "a1", "1.2.0", false, "CrashLoopBackOff")};
  auto reg = build(in);
  const Row& a = reg.rows.at(0);
  CHECK(a.state == State::Failed);
  CHECK(a.reason == "CrashLoopBackOff");
  CHECK(a.ready == 0);
}

TEST_CASE("status registry: drift, missing and unrecorded services") {
  Input in{"shop", "shop", {}, record(), {}};
  in.record->services["web"] = recorded("2.0.0", 1, 1);
  in.record->services["cart"] = recorded("2.2.0", 1, 1, "d-old");
  in.record->services["gone"] = recorded("0.1.0", 1, 1);
  in.live = {deployment("web", "2.0.0", 3, 3, 3), pod("web", "w1", "2.0.0", true), pod("web", "w2", "2.0.0", true),
             pod("web", "w3", "2.0.0", true), deployment("cart", "2.2.0", 1, 1, 1, "d-new"), pod("cart", "c1", "2.2.0", true),
             deployment("extra", "0.9.0", 1, 1, 1), pod("extra", "e1", "0.9.0", true)};
  auto reg = build(in);
  CHECK(row(reg, "web").drift == std::vector<std::string>{"3 replicas, recorded 1"});
  // an autoscaled service's replicas belong to its autoscaler
  in.record->services["web"] = recorded("2.0.0", 2, 6);
  CHECK(row(build(in), "web").drift.empty());
  in.record->services["web"] = recorded("2.0.0", 1, 1);
  CHECK(row(reg, "cart").drift == std::vector<std::string>{"definition differs from the record"});
  CHECK(row(reg, "gone").presence == Presence::Missing);
  CHECK(row(reg, "gone").state == State::Failed);
  CHECK(row(reg, "extra").presence == Presence::Unrecorded);
  CHECK(row(reg, "extra").desired_version.empty());
  CHECK(row(reg, "extra").min == 1);
  CHECK(row(reg, "extra").drift.empty());
  CHECK(reg.header.services == 4);
  CHECK(reg.header.drifted == 3);
  CHECK(reg.header.missing == 1);
  CHECK(reg.header.unrecorded == 1);
}

TEST_CASE("status registry: objects of other architectures and hook pods are not services") {
  Input in{"shop", "shop", {}, std::nullopt, {}};
  Json other = deployment("cart", "1.0.0", 1, 1, 1);
  other["metadata"]["labels"]["app.kubernetes.io/part-of"] = "bank";
  Json hook = pod("cart", "cart-pre-x", "1.0.0", true);
  hook["metadata"]["labels"]["vsctl.dev/hook"] = "preUpdate";
  in.live = {other, hook};
  auto reg = build(in);
  CHECK(reg.rows.empty());
  CHECK(reg.header.services == 0);
}

TEST_CASE("status registry: vetoed versions that run or are wanted are marked") {
  Input in{"shop", "shop", {}, record(), {}};
  in.record->services["api"] = recorded("1.4.2", 2, 2);
  in.live = {deployment("api", "1.4.2", 2, 1, 1, "d1", 2), pod("api", "a1", "1.4.2", true), pod("api", "a2", "1.4.1", true)};
  in.vetoes = {{"api", "1.4.1", "corrupts carts", "bob@ops", "2024-05-01T12:00:00Z"},
               {"api", "1.3.0", "old", "bob@ops", "2024-05-01T12:00:00Z"}};
  auto reg = build(in);
  CHECK(row(reg, "api").vetoed == std::vector<std::string>{"1.4.1"});
  CHECK(reg.header.vetoed == 1);
  auto j = to_json(reg);
  CHECK(j["vetoes"].size() == 2);
  CHECK(j["services"][0]["vetoed"][0] == "1.4.1");
  CHECK(j["services"][0]["liveVersions"].size() == 2);
  CHECK(j["summary"]["vetoed"] == 1);
  CHECK(j["applied"]["revision"] == 4);
}

TEST_CASE("status registry: during a canary the old definition and fewer stable instances are the rollout's, not drift") {
  Input in{"shop", "shop", {}, record(), {}};
  in.record->services["api"] = recorded("1.5.0", 4, 4, "d-new");
  // the stable Deployment keeps the old definition and gives up one of its four instances
  Json canary = deployment("api", "1.5.0", 1, 1, 1, "d-new");
  canary["metadata"]["name"] = "api-canary";
  canary["metadata"]["annotations"]["vsctl.dev/rollout"] =
      R"({"strategy":"canary","phase":"Paused","step":2,"steps":3,"weight":25,"from":"1.4.0","to":"1.5.0"})";
  in.live = {deployment("api", "1.4.0", 3, 3, 3, "d-old"), canary, pod("api", "a1", "1.4.0", true),
             pod("api", "a2", "1.4.0", true), pod("api", "a3", "1.4.0", true), pod("api", "c1", "1.5.0", true)};
  auto reg = build(in);
  const Row& a = row(reg, "api");
  CHECK(a.reason == "Rollout");
  CHECK(a.drift.empty());
  CHECK(reg.header.drifted == 0);

  // a canary whose definition is not the record's is drift
  in.live[1]["metadata"]["annotations"]["vsctl.dev/definition-digest"] = "d-edited";
  auto edited = build(in);
  REQUIRE(row(edited, "api").drift.size() == 1);
  CHECK(row(edited, "api").drift[0] == "definition differs from the record");
}
