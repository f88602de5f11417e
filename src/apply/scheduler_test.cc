#include "apply/scheduler.h"

#include <doctest/doctest.h>

using namespace vsctl;
using namespace vsctl::apply;

namespace {

Step step(const std::string& name, manifest::Importance imp = manifest::Importance::Normal, std::vector<std::string> deps = {}) {
  Step s;
  s.service = name;
  s.change = Change::Update;
  s.importance = imp;
  s.depends_on = std::move(deps);
  return s;
}

// wave 0: db, cache; wave 1: api (db), worker (cache); wave 2: web (api)
Plan plan(manifest::Importance db = manifest::Importance::Normal, manifest::Importance cache = manifest::Importance::Normal) {
  Plan p;
  p.waves.push_back({0, {step("cache", cache), step("db", db)}});
  p.waves.push_back({1, {step("api", manifest::Importance::Normal, {"db"}), step("worker", manifest::Importance::Normal, {"cache"})}});
  p.waves.push_back({2, {step("web", manifest::Importance::Normal, {"api"})}});
  link_steps(p);
  return p;
}

std::vector<std::string> names(const Schedule& s, const std::vector<std::size_t>& idx) {
  std::vector<std::string> out;
  for (auto i : idx) out.push_back(s.steps[i]->service);
  return out;
}

std::size_t index_of(const Schedule& s, const std::string& name) {
  for (std::size_t i = 0; i < s.steps.size(); ++i)
    if (s.steps[i]->service == name) return i;
  FAIL("no step " << name);
  return 0;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("scheduler: one step at a time goes in the plan's order, wave then name") {
  Plan p = plan();
  Schedule s(p);
  Decision d = next(s, 1);
  CHECK(names(s, d.start) == V{"cache"});
  CHECK(next(s, 1).start.empty());  // one at a time
  s.finish(index_of(s, "cache"), StepStatus::Succeeded);
  CHECK(names(s, next(s, 1).start) == V{"db"});
  s.finish(index_of(s, "db"), StepStatus::Succeeded);
  CHECK(names(s, next(s, 1).start) == V{"api"});
  s.finish(index_of(s, "api"), StepStatus::Succeeded);
  CHECK(names(s, next(s, 1).start) == V{"worker"});
  s.finish(index_of(s, "worker"), StepStatus::Succeeded);
  CHECK(names(s, next(s, 1).start) == V{"web"});
  s.finish(index_of(s, "web"), StepStatus::Succeeded);
  CHECK(next(s, 1).done);
}

TEST_CASE("scheduler: a step starts once the steps it follows are done, not once its wave is") {
  Plan p = plan();
  Schedule s(p);
  CHECK(names(s, next(s, 4).start) == V{"cache", "db"});
  // db is quick, cache is slow: api starts without waiting for cache, web without worker
  s.finish(index_of(s, "db"), StepStatus::Succeeded);
  CHECK(names(s, next(s, 4).start) == V{"api"});
  s.finish(index_of(s, "api"), StepStatus::Succeeded);
  CHECK(names(s, next(s, 4).start) == V{"web"});
  s.finish(index_of(s, "web"), StepStatus::Succeeded);
  CHECK(s.status[index_of(s, "worker")] == StepStatus::Pending);  // it follows cache, still running
  CHECK_FALSE(next(s, 4).done);
  s.finish(index_of(s, "cache"), StepStatus::Succeeded);
  CHECK(names(s, next(s, 4).start) == V{"worker"});
  s.finish(index_of(s, "worker"), StepStatus::Succeeded);
  CHECK(next(s, 4).done);
}

TEST_CASE("scheduler: the concurrency bounds the steps in flight, the earlier wave goes first among the ready") {
  Plan p = plan();
  Schedule s(p);
  CHECK(names(s, next(s, 2).start) == V{"cache", "db"});
  s.finish(index_of(s, "db"), StepStatus::Succeeded);
  CHECK(names(s, next(s, 2).start) == V{"api"});
  s.finish(index_of(s, "cache"), StepStatus::Succeeded);
  s.finish(index_of(s, "api"), StepStatus::Succeeded);
  // worker (wave 1) and web (wave 2) are both ready: with room for one, worker first
  CHECK(names(s, next(s, 1).start) == V{"worker"});
  CHECK(next(s, 1).start.empty());
  s.finish(index_of(s, "worker"), StepStatus::Succeeded);
  CHECK(names(s, next(s, 1).start) == V{"web"});
}

TEST_CASE("scheduler: a cycle's services start together, the namespace first, a step with no planned dependency waits only for it") {
  Plan p;
  Step ns;
  ns.change = Change::Provision;
  p.waves.push_back({0, {ns}});
  p.waves.push_back({1, {step("ping", manifest::Importance::Normal, {"pong"}), step("pong", manifest::Importance::Normal, {"ping"}),
                         step("solo")}});
  p.waves.push_back({2, {step("web", manifest::Importance::Normal, {"unchanged", "ping"})}});
  link_steps(p);
  CHECK(p.find("ping")->after == V{""});
  CHECK(p.find("web")->after == V{"", "ping"});
  CHECK(p.find("")->after.empty());
  Schedule s(p);
  CHECK(names(s, next(s, 4).start) == V{""});
  s.finish(index_of(s, ""), StepStatus::Succeeded);
  CHECK(names(s, next(s, 4).start) == V{"ping", "pong", "solo"});
  s.finish(index_of(s, "ping"), StepStatus::Succeeded);
  CHECK(names(s, next(s, 4).start) == V{"web"});  // pong and solo still run
}

TEST_CASE("scheduler: a dependents-first plan (destroy) starts a dependency once its dependents are gone") {
  // destroy: web (depends on api) goes first, then api, db and solo alone
  Plan p;
  p.waves.push_back({0, {step("web")}});
  p.waves.push_back({1, {step("api", manifest::Importance::Normal, {"web"})}});
  p.waves.push_back({2, {step("db", manifest::Importance::Normal, {"api"}), step("solo")}});
  link_steps(p);
  Schedule s(p);
  CHECK(names(s, next(s, 4).start) == V{"web", "solo"});
  s.finish(index_of(s, "solo"), StepStatus::Succeeded);
  CHECK(next(s, 4).start.empty());
  s.finish(index_of(s, "web"), StepStatus::Succeeded);
  CHECK(names(s, next(s, 4).start) == V{"api"});
  s.finish(index_of(s, "api"), StepStatus::Succeeded);
  CHECK(names(s, next(s, 4).start) == V{"db"});
}

TEST_CASE("scheduler: a normal service's failure skips its dependents, transitively, the rest goes on") {
  Plan p = plan();
  Schedule s(p);
  next(s, 4);
  s.finish(index_of(s, "db"), StepStatus::Failed);
  s.finish(index_of(s, "cache"), StepStatus::Succeeded);
  CHECK(s.status[index_of(s, "api")] == StepStatus::Skipped);
  CHECK(s.status[index_of(s, "web")] == StepStatus::Skipped);
  CHECK(names(s, next(s, 4).start) == V{"worker"});
  s.finish(index_of(s, "worker"), StepStatus::Succeeded);
  CHECK(next(s, 4).done);
  CHECK_FALSE(s.draining);
}

TEST_CASE("scheduler: a low service's failure changes nothing for the others") {
  Plan p = plan(manifest::Importance::Low);
  Schedule s(p);
  next(s, 4);
  s.finish(index_of(s, "db"), StepStatus::Failed);
  s.finish(index_of(s, "cache"), StepStatus::Succeeded);
  CHECK(names(s, next(s, 4).start) == V{"api", "worker"});
}

TEST_CASE("scheduler: a critical failure stops at once, cancelling what is in flight") {
  Plan p = plan(manifest::Importance::Critical);
  Schedule s(p);
  next(s, 4);  // cache and db run
  s.finish(index_of(s, "db"), StepStatus::Failed);
  CHECK(s.stopped);
  CHECK(s.stop_reason == "critical service db failed");
  Decision d = next(s, 4);
  CHECK(d.start.empty());
  CHECK(names(s, d.cancel) == V{"cache"});
  CHECK_FALSE(d.done);
  s.finish(index_of(s, "cache"), StepStatus::Cancelled);
  d = next(s, 4);
  CHECK(d.done);
  CHECK(s.status[index_of(s, "web")] == StepStatus::Pending);  // never started
}

TEST_CASE("scheduler: a high failure lets in-flight steps finish, then stops") {
  Plan p = plan(manifest::Importance::High);
  Schedule s(p);
  next(s, 4);
  s.finish(index_of(s, "db"), StepStatus::Failed);
  CHECK(s.draining);
  CHECK_FALSE(s.stopped);
  Decision d = next(s, 4);
  CHECK(d.cancel.empty());  // cache finishes in peace
  CHECK(d.start.empty());
  CHECK_FALSE(d.done);
  s.finish(index_of(s, "cache"), StepStatus::Succeeded);
  d = next(s, 4);
  CHECK(d.done);
  CHECK(s.status[index_of(s, "worker")] == StepStatus::Pending);
}

TEST_CASE("scheduler: drain (an interruption) starts nothing new") {
  Plan p = plan();
  Schedule s(p);
  next(s, 1);
  s.drain("interrupted");
  s.drain("something else");
  CHECK(s.stop_reason == "interrupted");
  CHECK_FALSE(next(s, 4).done);
  s.finish(index_of(s, "cache"), StepStatus::Cancelled);
  CHECK(next(s, 4).done);
}

TEST_CASE("scheduler: importance maps to the failure policy of the spec") {
  CHECK(on_failure(manifest::Importance::Critical) == OnFailure::StopNow);
  CHECK(on_failure(manifest::Importance::High) == OnFailure::Drain);
  CHECK(on_failure(manifest::Importance::Normal) == OnFailure::SkipDependents);
  CHECK(on_failure(manifest::Importance::Low) == OnFailure::Continue);
}

TEST_CASE("scheduler: the architecture's own step in the last wave follows every other step") {
  Plan p;
  Step ns;
  ns.change = Change::Destroy;
  p.waves.push_back({0, {step("solo"), step("web")}});
  p.waves.push_back({1, {step("api", manifest::Importance::Normal, {"web"})}});
  p.waves.push_back({2, {ns}});
  link_steps(p);
  CHECK(p.find("")->after == V{"api", "solo", "web"});
  CHECK(p.find("web")->after.empty());
  Schedule s(p);
  CHECK(names(s, next(s, 4).start) == V{"solo", "web"});
  s.finish(index_of(s, "web"), StepStatus::Succeeded);
  s.finish(index_of(s, "solo"), StepStatus::Succeeded);
  CHECK(names(s, next(s, 4).start) == V{"api"});
  s.finish(index_of(s, "api"), StepStatus::Succeeded);
  CHECK(names(s, next(s, 4).start) == V{""});
}
