#include "apply/executor.h"

#include <doctest/doctest.h>

#include <algorithm>

#include "testing/fake_cluster.h"

using namespace vsctl;
using namespace vsctl::apply;
using k8s::Json;

namespace {

k8s::ObjectKey config_of(const std::string& service) { return {"", "v1", "ConfigMap", "shop", service}; }

Json config(const std::string& service) {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"name", service}, {"namespace", "shop"}, {"labels", {{"app.kubernetes.io/name", service}}}}},
          {"data", {{"k", "v"}}}};
}

// A step that applies the service's ConfigMap (no workload: nothing to wait for).
Step apply_step(const std::string& name, manifest::Importance imp, std::vector<std::string> deps = {}) {
  Step s;
  s.service = name;
  s.change = Change::Provision;
  s.importance = imp;
  s.depends_on = std::move(deps);
  s.actions.push_back({ActionKind::Apply, config_of(name), {}});
  return s;
}

kube::ApiError invalid() {
  kube::ApiError e;
  e.kind = kube::ApiErrorKind::Invalid;
  e.http_status = 422;
  e.message = "data: Invalid value";
  return e;
}

struct Fixture {
  testing::FakeCluster cluster;
  NullReporter reporter;
  std::map<k8s::ObjectKey, Json> objects;
  Plan plan;

  // wave 0: db, wave 1: api (db), side; wave 2: web (api)
  explicit Fixture(manifest::Importance db) {
    plan.waves.push_back({0, {apply_step("db", db)}});
    plan.waves.push_back({1, {apply_step("api", manifest::Importance::Normal, {"db"}), apply_step("side", manifest::Importance::Normal)}});
    plan.waves.push_back({2, {apply_step("web", manifest::Importance::Normal, {"api"})}});
    for (const auto* s : {"db", "api", "side", "web"}) objects[config_of(s)] = config(s);
  }

  ExecResult run() {
    Watcher watcher(cluster, "shop", "app.kubernetes.io/part-of=shop");  // never started: no step waits
    ExecOptions o;
    o.concurrency = 1;  // the fake cluster is not thread-safe: one step at a time
    o.timeout = std::chrono::seconds(5);
    return execute(plan, objects, cluster, watcher, reporter, o);
  }

  std::vector<std::string> applied() const {
    std::vector<std::string> out;
    for (const auto& c : cluster.calls())
      if (c.rfind("patch ", 0) == 0) out.push_back(c.substr(c.rfind('/') + 1));
    return out;
  }
};

StepStatus status_of(const ExecResult& r, const std::string& service) {
  for (const auto& s : r.steps)
    if (s.service == service) return s.status;
  FAIL("no step " << service);
  return StepStatus::Pending;
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("executor: every step in plan order, the result says succeeded") {
  Fixture f(manifest::Importance::Normal);
  ExecResult r = f.run();
  CHECK(r.ok());
  CHECK(f.applied() == V{"db", "api", "side", "web"});
  CHECK(f.cluster.object(config_of("web")).has_value());
}

TEST_CASE("executor: a normal service fails: its dependents are skipped, the others go on") {
  Fixture f(manifest::Importance::Normal);
  f.cluster.fail_next(kube::Verb::Patch, invalid(), config_of("db"));
  ExecResult r = f.run();
  CHECK_FALSE(r.ok());
  CHECK(status_of(r, "db") == StepStatus::Failed);
  CHECK(status_of(r, "api") == StepStatus::Skipped);
  CHECK(status_of(r, "web") == StepStatus::Skipped);
  CHECK(status_of(r, "side") == StepStatus::Succeeded);
  CHECK(f.applied() == V{"db", "side"});
}

TEST_CASE("executor: a low service fails: everything goes on") {
  Fixture f(manifest::Importance::Low);
  f.cluster.fail_next(kube::Verb::Patch, invalid(), config_of("db"));
  ExecResult r = f.run();
  CHECK(status_of(r, "db") == StepStatus::Failed);
  CHECK(status_of(r, "api") == StepStatus::Succeeded);
  CHECK(status_of(r, "web") == StepStatus::Succeeded);
  CHECK(f.applied() == V{"db", "api", "side", "web"});
}

TEST_CASE("executor: a critical or high service fails: nothing new starts, the run says why") {
  for (auto imp : {manifest::Importance::Critical, manifest::Importance::High}) {
    Fixture f(imp);
    f.cluster.fail_next(kube::Verb::Patch, invalid(), config_of("db"));
    ExecResult r = f.run();
    CHECK_FALSE(r.ok());
    CHECK(status_of(r, "db") == StepStatus::Failed);
    CHECK(status_of(r, "side") == StepStatus::Cancelled);
    CHECK(status_of(r, "web") == StepStatus::Cancelled);
    CHECK(f.applied() == V{"db"});
    CHECK(r.stop_reason.find("db") != std::string::npos);
  }
}

TEST_CASE("executor: an interruption before the start runs nothing") {
  Fixture f(manifest::Importance::Normal);
  std::atomic<bool> interrupted{true};
  Watcher watcher(f.cluster, "shop", "app.kubernetes.io/part-of=shop");
  ExecOptions o;
  o.concurrency = 1;
  o.interrupted = &interrupted;
  ExecResult r = execute(f.plan, f.objects, f.cluster, watcher, f.reporter, o);
  CHECK(r.interrupted);
  CHECK_FALSE(r.ok());
  CHECK(f.applied().empty());
}

TEST_CASE("executor: Destroy steps delete dependents first and wait until the objects are gone") {
  testing::FakeCluster cluster;
  for (const auto* s : {"db", "api", "web"}) cluster.put(config(s));
  Plan plan;
  auto destroy = [](const std::string& name, std::vector<std::string> dependents) {
    Step s;
    s.service = name;
    s.change = Change::Destroy;
    s.depends_on = std::move(dependents);
    s.actions.push_back({ActionKind::Delete, config_of(name), {}});
    s.actions.push_back({ActionKind::Wait, {}, {}});
    return s;
  };
  plan.waves.push_back({0, {destroy("web", {})}});
  plan.waves.push_back({1, {destroy("api", {"web"})}});
  plan.waves.push_back({2, {destroy("db", {"api"})}});
  NullReporter reporter;
  Watcher watcher(cluster, "shop", "app.kubernetes.io/part-of=shop");
  ExecOptions o;
  o.concurrency = 1;
  o.timeout = std::chrono::seconds(5);
  ExecResult r = execute(plan, {}, cluster, watcher, reporter, o);
  CHECK(r.ok());
  std::vector<std::string> deletes;
  for (const auto& c : cluster.calls())
    if (c.rfind("delete ", 0) == 0) deletes.push_back(c.substr(c.rfind('/') + 1));
  CHECK(deletes == V{"web", "api", "db"});
  CHECK(cluster.objects().empty());
}
