#include "apply/rollback_order.h"

#include <doctest/doctest.h>

#include "apply/plan_json.h"
#include "apply/rollback.h"
#include "apply/scheduler.h"

using namespace vsctl;
using apply::Change;

namespace {

apply::Step step(std::string service, Change change, std::vector<std::string> deps = {}) {
  apply::Step s;
  s.service = std::move(service);
  s.change = change;
  s.depends_on = std::move(deps);
  return s;
}

apply::Plan plan() {
  apply::Plan p;
  p.architecture = p.ns = "shop";
  p.waves = {{0, {step("", Change::Provision)}},
             {1, {step("db", Change::Rollback)}},
             {2, {step("api", Change::Rollback, {"db"}), step("cache", Change::Scale)}},
             {3, {step("web", Change::Rollback, {"api", "unmoved"})}}};
  p.digest = apply::plan_digest(p);
  return p;
}

std::vector<std::string> order(const apply::Plan& p) {
  std::vector<std::string> out;
  for (const auto& w : p.waves)
    for (const auto& s : w.steps) out.push_back(std::to_string(w.index) + ":" + (s.service.empty() ? "(ns)" : s.service));
  return out;
}

}  // namespace

TEST_CASE("rollback order: dependents first, the namespace still first, waits turned around") {
  auto p = apply::dependents_first(plan());
  CHECK(order(p) == std::vector<std::string>{"0:(ns)", "1:web", "2:api", "2:cache", "3:db"});
  CHECK(p.find("web")->depends_on.empty());
  CHECK(p.find("api")->depends_on == std::vector<std::string>{"web"});
  CHECK(p.find("db")->depends_on == std::vector<std::string>{"api"});
  // the edges the run is scheduled by point the same way
  CHECK(p.find("web")->after == std::vector<std::string>{""});
  CHECK(p.find("api")->after == std::vector<std::string>{"", "web"});
  CHECK(p.find("cache")->after == std::vector<std::string>{""});
  CHECK(p.find("db")->after == std::vector<std::string>{"", "api"});
  CHECK(p.digest == apply::plan_digest(p));
  CHECK(p.digest != plan().digest);
  // the same plan turned twice is turned the same way: a replan under the lock matches
  CHECK(apply::dependents_first(plan()).digest == p.digest);
}

TEST_CASE("rollback order: when a dependent fails, its dependencies are not moved under it") {
  auto p = apply::dependents_first(plan());
  apply::Schedule s(p);
  auto d = apply::next(s, 4);
  REQUIRE(d.start.size() == 1);  // the namespace
  s.finish(d.start[0], apply::StepStatus::Succeeded);
  d = apply::next(s, 4);
  REQUIRE(d.start.size() == 2);  // web, and cache, which no service waits for
  CHECK(s.steps[d.start[0]]->service == "web");
  CHECK(s.steps[d.start[1]]->service == "cache");
  s.finish(d.start[0], apply::StepStatus::Failed);
  d = apply::next(s, 4);
  for (std::size_t i = 0; i < s.steps.size(); ++i) {
    if (s.steps[i]->service == "api" || s.steps[i]->service == "db") CHECK(s.status[i] == apply::StepStatus::Skipped);
    if (s.steps[i]->service == "cache") CHECK(s.status[i] != apply::StepStatus::Skipped);
  }
}

TEST_CASE("rollback order: a plan that moves a service forward keeps apply's order") {
  auto p = plan();
  p.waves[2].steps[1].change = Change::Update;
  p.waves[2].steps[1].from_version = "1.0.0";
  p.waves[2].steps[1].to_version = "1.1.0";
  p.digest = apply::plan_digest(p);
  CHECK(apply::moves_forward(p));
  auto q = apply::dependents_first(p);
  CHECK(order(q) == std::vector<std::string>{"0:(ns)", "1:db", "2:api", "2:cache", "3:web"});
  CHECK(q.digest == p.digest);
  CHECK(q.find("web")->depends_on == std::vector<std::string>{"api", "unmoved"});
}

TEST_CASE("rollback order: settings restored at the same version are turned around like a Rollback") {
  auto p = plan();
  p.waves[2].steps[1].change = Change::Update;  // cache: its settings restored, still 1.0.0
  p.waves[2].steps[1].from_version = p.waves[2].steps[1].to_version = "1.0.0";
  p.digest = apply::plan_digest(p);
  CHECK_FALSE(apply::moves_forward(p));
  auto q = apply::dependents_first(p);
  CHECK(order(q) == std::vector<std::string>{"0:(ns)", "1:web", "2:api", "2:cache", "3:db"});
}

TEST_CASE("rollback on failure: each service goes back after the touched services that followed it, not after its wave") {
  // the failed run: cache alone; db <- api <- web; every step ran (web failed)
  apply::Plan run;
  run.architecture = run.ns = "shop";
  run.waves = {{0, {step("cache", Change::Provision), step("db", Change::Update)}},
               {1, {step("api", Change::Update, {"db"})}},
               {2, {step("web", Change::Update, {"api"})}}};
  apply::link_steps(run);
  apply::ExecResult result;
  for (const auto& w : run.waves)
    for (const auto& s : w.steps) {
      apply::StepResult r;
      r.service = s.service;
      r.change = s.change;
      r.status = s.service == "web" ? apply::StepStatus::Failed : apply::StepStatus::Succeeded;
      result.steps.push_back(r);
    }
  apply::Record previous;
  previous.revision = 3;
  std::vector<k8s::Json> objects;
  for (const char* name : {"db", "api", "web"})
    objects.push_back({{"apiVersion", "apps/v1"},
                       {"kind", "Deployment"},
                       {"metadata", {{"name", name}, {"namespace", "shop"}, {"labels", {{"app.kubernetes.io/name", name}}}}}});
  auto rb = apply::plan_rollback(run, result, &previous, objects);
  CHECK(order(rb.plan) == std::vector<std::string>{"0:web", "1:api", "2:cache", "2:db"});
  CHECK(rb.plan.find("cache")->change == Change::Destroy);  // it did not exist before
  CHECK(rb.plan.find("web")->after.empty());
  CHECK(rb.plan.find("api")->after == std::vector<std::string>{"web"});
  CHECK(rb.plan.find("db")->after == std::vector<std::string>{"api"});
  CHECK(rb.plan.find("cache")->after.empty());
  // cache, which nothing depends on, goes back at once, beside web
  apply::Schedule s(rb.plan);
  auto d = apply::next(s, 4);
  REQUIRE(d.start.size() == 2);
  CHECK(s.steps[d.start[0]]->service == "web");
  CHECK(s.steps[d.start[1]]->service == "cache");
  s.finish(d.start[0], apply::StepStatus::Succeeded);
  d = apply::next(s, 4);
  REQUIRE(d.start.size() == 1);
  CHECK(s.steps[d.start[0]]->service == "api");  // db still waits for it
}
