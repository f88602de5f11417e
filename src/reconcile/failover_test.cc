#include "reconcile/failover.h"

#include <doctest/doctest.h>

using namespace vsctl;
using namespace vsctl::reconcile;
using namespace std::chrono_literals;
using vsctl::k8s::Json;

namespace {
manifest::Architecture arch() {
  manifest::Architecture a;
  a.name = "fx";
  a.ns = "fx";
  manifest::Service db, web;
  db.name = "db";
  db.recovery = manifest::Recovery::Pet;
  web.name = "web";
  a.services = {db, web};
  return a;
}
Json pod(std::string name, std::string service, bool ready, int restarts = 0, std::string waiting = "") {
  Json cs = {{"name", "main"}, {"restartCount", restarts}, {"ready", ready}};
  if (waiting.empty()) cs["state"] = {{"running", Json::object()}};
  else cs["state"] = {{"waiting", {{"reason", waiting}}}};
  return {{"apiVersion", "v1"},
          {"kind", "Pod"},
          {"metadata", {{"name", name}, {"uid", "uid-" + name}, {"labels", {{"app.kubernetes.io/name", service}}}}},
          {"spec", {{"containers", Json::array({{{"name", "main"}}})}}},
          {"status",
           {{"phase", "Running"},
            {"conditions", Json::array({{{"type", "Ready"}, {"status", ready ? "True" : "False"}}})},
            {"containerStatuses", Json::array({cs})}}}};
}
const TimePoint t0{};
}  // namespace

TEST_CASE("reconcile failover: a cattle pod unready beyond the threshold is replaced, not before") {
  auto a = arch();
  FailoverState st;
  FailoverOptions o;
  o.after = 60s;
  std::vector<Json> pods = {pod("web-1", "web", false), pod("web-2", "web", true)};
  CHECK(plan_failover(a, pods, st, t0, o).empty());
  CHECK(plan_failover(a, pods, st, t0 + 59s, o).empty());
  auto acts = plan_failover(a, pods, st, t0 + 60s, o);
  REQUIRE(acts.size() == 1);
  CHECK(acts[0].kind == FailoverKind::ReplaceCattle);
  CHECK(acts[0].pod == "web-1");
  CHECK(acts[0].reason == "Unready");
  CHECK(acts[0].message == "pod web-1 Unready for 60s: deleted, its controller replaces it");
  // a pod that became ready meanwhile starts its clock again
  pods[0] = pod("web-1", "web", true);
  CHECK(plan_failover(a, pods, st, t0 + 61s, o).empty());
  CHECK(st.unhealthy_since.empty());
}

TEST_CASE("reconcile failover: a crash loop counts by restarts, without waiting for the threshold") {
  auto a = arch();
  FailoverState st;
  FailoverOptions o;
  o.restarts = 3;
  std::vector<Json> pods = {pod("web-1", "web", false, 2, "CrashLoopBackOff")};
  CHECK(plan_failover(a, pods, st, t0, o).empty());
  pods[0] = pod("web-1", "web", false, 3, "CrashLoopBackOff");
  auto acts = plan_failover(a, pods, st, t0 + 1s, o);
  REQUIRE(acts.size() == 1);
  CHECK(acts[0].reason == "CrashLoopBackOff");
  CHECK(acts[0].message == "pod web-1 CrashLoopBackOff, 3 restart(s): deleted, its controller replaces it");
}

TEST_CASE("reconcile failover: a pet is restarted in place up to the limit, then escalated once") {
  auto a = arch();
  FailoverState st;
  FailoverOptions o;
  o.restarts = 1;
  o.pet_restarts = 2;
  std::vector<Json> bad = {pod("db-0", "db", false, 1, "CrashLoopBackOff"), pod("db-1", "db", false, 4, "CrashLoopBackOff")};
  auto r1 = plan_failover(a, bad, st, t0, o);
  REQUIRE(r1.size() == 1);  // one pet restart per service per round
  CHECK(r1[0].kind == FailoverKind::RestartPet);
  CHECK(r1[0].attempt == 1);
  CHECK(r1[0].message == "pod db-0 CrashLoopBackOff, 1 restart(s): restarted in place (1/2), its volume kept");
  auto r2 = plan_failover(a, bad, st, t0 + 1s, o);
  REQUIRE(r2.size() == 1);
  CHECK(r2[0].attempt == 2);
  auto r3 = plan_failover(a, bad, st, t0 + 2s, o);
  REQUIRE(r3.size() == 1);
  CHECK(r3[0].kind == FailoverKind::Escalate);
  CHECK(r3[0].message == "pod db-0 CrashLoopBackOff, 1 restart(s) after 2 restart(s) in place: Failed, needs a person");
  CHECK(plan_failover(a, bad, st, t0 + 3s, o).empty());  // said once
  // healthy again: it starts over
  std::vector<Json> good = {pod("db-0", "db", true), pod("db-1", "db", true)};
  CHECK(plan_failover(a, good, st, t0 + 4s, o).empty());
  CHECK(st.escalated.empty());
  CHECK(st.pet_restarts.empty());
  CHECK(plan_failover(a, bad, st, t0 + 5s, o)[0].kind == FailoverKind::RestartPet);
}

TEST_CASE("reconcile failover: pods being deleted, pending, of hooks or of unknown services are left alone") {
  auto a = arch();
  FailoverState st;
  FailoverOptions o;
  o.after = 0s;
  auto terminating = pod("web-1", "web", false, 9, "CrashLoopBackOff");
  terminating["metadata"]["deletionTimestamp"] = "2024-01-01T00:00:00Z";
  auto pending = pod("web-2", "web", false);
  pending["status"] = {{"phase", "Pending"}};
  auto hook = pod("web-hook-x", "web", false, 9, "CrashLoopBackOff");
  hook["metadata"]["labels"]["job-name"] = "web-hook";
  auto other = pod("x-1", "x", false, 9, "CrashLoopBackOff");
  auto unlabelled = pod("y-1", "", false, 9, "CrashLoopBackOff");
  std::vector<Json> pods = {terminating, pending, hook, other, unlabelled};
  CHECK(plan_failover(a, pods, st, t0 + 1h, o).empty());
  CHECK(st.unhealthy_since.empty());
}

TEST_CASE("reconcile failover: pods that are gone are forgotten") {
  auto a = arch();
  FailoverState st;
  FailoverOptions o;
  std::vector<Json> pods = {pod("web-1", "web", false)};
  plan_failover(a, pods, st, t0, o);
  CHECK(st.unhealthy_since.size() == 1);
  plan_failover(a, {}, st, t0 + 1s, o);
  CHECK(st.unhealthy_since.empty());
}
