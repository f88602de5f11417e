#include "apply/step_runner.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <functional>

#include "testing/fake_cluster.h"

using namespace vsctl;
using namespace vsctl::apply;
using k8s::Json;

namespace {

const k8s::ObjectKey kWeb{"apps", "v1", "Deployment", "shop", "web"};

Json deployment(const std::string& digest) {
  return {{"apiVersion", "apps/v1"},
          {"kind", "Deployment"},
          {"metadata",
           {{"name", "web"},
            {"namespace", "shop"},
            {"labels", {{"app.kubernetes.io/name", "web"}, {"app.kubernetes.io/part-of", "shop"}, {"app.kubernetes.io/managed-by", "vsctl"}}},
            {"annotations", {{"vsctl.dev/definition-digest", digest}}}}},
          {"spec", {{"replicas", 1}}}};
}

kube::ApiError conflict() {
  kube::ApiError e;
  e.kind = kube::ApiErrorKind::Conflict;
  e.http_status = 409;
  e.reason = "Conflict";
  e.message = "Operation cannot be fulfilled: the object has been modified";
  e.verb = "patch";
  return e;
}

// The fake cluster, with a hook that runs before each server-side apply: another writer racing
// with the step (it may change the cluster, and may make the apply answer 409).
class Racing final : public kube::ClusterClient {
 public:
  testing::FakeCluster fake;
  std::function<std::optional<kube::ApiError>(testing::FakeCluster&)> before_apply;
  int applies = 0;

  kube::ApiResult<std::shared_ptr<const kube::Discovery>> discovery() override { return fake.discovery(); }
  std::string default_namespace() const override { return fake.default_namespace(); }
  std::function<void(Json&)> on_get;  // what the fake does not keep (managedFields)
  kube::ApiResult<std::optional<Json>> get(const k8s::ObjectKey& key) override {
    auto got = fake.get(key);
    if (got && *got && on_get) on_get(**got);
    return got;
  }
  kube::ApiResult<kube::ObjectList> list(const k8s::GroupVersionKind& gvk, const kube::ListOptions& o) override {
    return fake.list(gvk, o);
  }
  kube::ApiResult<Json> apply(const Json& object, const kube::ApplyOptions& o) override {
    ++applies;
    if (before_apply)
      if (auto e = before_apply(fake)) return kube::api_fail(*e);
    return fake.apply(object, o);
  }
  kube::ApiResult<Json> create(const Json& object, kube::DryRun d) override { return fake.create(object, d); }
  kube::ApiResult<Json> update(const Json& object, kube::DryRun d) override { return fake.update(object, d); }
  kube::ApiResult<bool> remove(const k8s::ObjectKey& key, const kube::DeleteOptions& o) override { return fake.remove(key, o); }
  kube::ApiResult<kube::WatchEnd> watch(const k8s::GroupVersionKind& gvk, const kube::WatchOptions& o,
                                        const kube::WatchHandler& h) override {
    return fake.watch(gvk, o, h);
  }
};

class Recorder final : public Reporter {
 public:
  std::vector<Event> events;
  void event(const Event& e) override { events.push_back(e); }
  bool said(const std::string& text) const {
    for (const auto& e : events)
      if (e.message.find(text) != std::string::npos) return true;
    return false;
  }
};

// An Update of web from digest d1 to d2: apply its Deployment (no wait: the unit under test is
// the writing).
Step update_step() {
  Step s;
  s.service = "web";
  s.change = Change::Update;
  s.from_digest = "d1";
  s.to_digest = "d2";
  s.actions.push_back({ActionKind::Apply, kWeb, {}});
  return s;
}

struct Run {
  Racing client;
  Recorder reporter;
  std::map<k8s::ObjectKey, Json> objects{{kWeb, deployment("d2")}};
  std::atomic<bool> cancel{false};
  diff::Policy policy = diff::Policy::defaults();

  StepOutcome operator()(const Step& s) {
    Watcher watcher(client, "shop", "app.kubernetes.io/part-of=shop");  // not started: the steps here do not wait
    StepContext ctx{client, watcher, reporter, objects, std::chrono::seconds(5), cancel, 1, policy};
    return run_step(s, ctx);
  }
};

}  // namespace

TEST_CASE("step runner: a 409 while the change is still the approved one is retried") {
  Run run;
  run.client.fake.put(deployment("d1"));
  int conflicts = 1;
  run.client.before_apply = [&](testing::FakeCluster&) -> std::optional<kube::ApiError> {
    if (conflicts-- > 0) return conflict();
    return std::nullopt;
  };
  StepOutcome o = run(update_step());
  CHECK(o.ok);
  CHECK(run.client.applies == 2);
  CHECK(run.reporter.said("still the approved change, trying again"));
  CHECK(k8s::string_at(*run.client.fake.object(kWeb), "/metadata/annotations/vsctl.dev~1definition-digest") == "d2");
}

TEST_CASE("step runner: a 409 because someone else changed the service stops the step with PlanChanged") {
  Run run;
  run.client.fake.put(deployment("d1"));
  run.client.before_apply = [&](testing::FakeCluster& fake) -> std::optional<kube::ApiError> {
    fake.put(deployment("d9"));  // another apply of another VersionSet got there first
    return conflict();
  };
  StepOutcome o = run(update_step());
  CHECK_FALSE(o.ok);
  CHECK(o.reason == "PlanChanged");
  CHECK(o.message.find("definition digest d9, plan expected d1") != std::string::npos);
  CHECK(run.client.applies == 1);
  // nothing of ours was written
  CHECK(k8s::string_at(*run.client.fake.object(kWeb), "/metadata/annotations/vsctl.dev~1definition-digest") == "d9");
}

TEST_CASE("step runner: conflicts that do not stop fail the step after a bounded number of attempts") {
  Run run;
  run.client.fake.put(deployment("d1"));
  run.client.before_apply = [&](testing::FakeCluster&) -> std::optional<kube::ApiError> { return conflict(); };
  StepOutcome o = run(update_step());
  CHECK_FALSE(o.ok);
  CHECK(o.reason == "ApplyFailed");
  CHECK(run.client.applies == 4);
}

TEST_CASE("step runner: a service changed since the plan is not touched (PlanChanged before any write)") {
  Run run;
  run.client.fake.put(deployment("d7"));
  StepOutcome o = run(update_step());
  CHECK_FALSE(o.ok);
  CHECK(o.reason == "PlanChanged");
  CHECK(run.client.applies == 0);
  REQUIRE(!run.reporter.events.empty());
  CHECK(run.reporter.events.back().type == EventType::StepFinished);
  CHECK(run.reporter.events.back().outcome == "failed");
}

TEST_CASE("step runner: a workload deleted by hand (its Service left) is made again, not PlanChanged") {
  Run run;
  // planned while only the Service was there: from_digest came from the Service's annotation
  StepOutcome o = run(update_step());
  CHECK(o.ok);
  CHECK(run.client.applies == 1);
  CHECK(k8s::string_at(*run.client.fake.object(kWeb), "/metadata/annotations/vsctl.dev~1definition-digest") == "d2");
}

TEST_CASE("step runner: other API errors fail the step at once as ApplyFailed") {
  Run run;
  run.client.fake.put(deployment("d1"));
  kube::ApiError invalid;
  invalid.kind = kube::ApiErrorKind::Invalid;
  invalid.http_status = 422;
  invalid.message = "spec.replicas: Invalid value";
  run.client.fake.fail_next(kube::Verb::Patch, invalid, kWeb);
  StepOutcome o = run(update_step());
  CHECK_FALSE(o.ok);
  CHECK(o.reason == "ApplyFailed");
  CHECK(o.message.find("Invalid value") != std::string::npos);
}

TEST_CASE("step runner: drift: fields only people own are removed by a conditional update before the apply") {
  Run run;
  Json live = deployment("d1");
  live["spec"]["template"] = Json::parse(R"({"spec": {"containers": [{"name": "app", "image": "web:1",
      "env": [{"name": "FOO", "value": "bar"}]}]}})");
  run.client.fake.put(live);
  run.client.on_get = [](Json& o) {
    o["metadata"]["managedFields"] = Json::parse(R"([
      {"manager": "vsctl", "operation": "Apply", "fieldsV1": {"f:spec": {"f:replicas": {}, "f:template": {"f:spec": {"f:containers": {"k:{\"name\":\"app\"}": {".": {}, "f:name": {}, "f:image": {}}}}}}}},
      {"manager": "kubectl-set", "operation": "Update", "fieldsV1": {"f:spec": {"f:template": {"f:spec": {"f:containers": {"k:{\"name\":\"app\"}": {"f:env": {".": {}, "k:{\"name\":\"FOO\"}": {".": {}, "f:name": {}, "f:value": {}}}}}}}}}}])");
  };
  Json want = deployment("d2");
  want["spec"]["template"] = Json::parse(R"({"spec": {"containers": [{"name": "app", "image": "web:1"}]}})");
  run.objects[kWeb] = want;
  Step s = update_step();
  s.take_over.push_back(kWeb);
  StepOutcome o = run(s);
  CHECK(o.ok);
  auto calls = run.client.fake.calls();
  CHECK(std::count_if(calls.begin(), calls.end(), [](const std::string& c) { return c.rfind("update ", 0) == 0; }) == 1);
  auto after = run.client.fake.object(kWeb);
  REQUIRE(after);
  CHECK_FALSE((*after)["spec"]["template"]["spec"]["containers"][0].contains("env"));
  CHECK(k8s::string_at(*after, "/metadata/annotations/vsctl.dev~1definition-digest") == "d2");
}

TEST_CASE("step runner: a write the server forbids fails at once, naming what was written before it") {
  Run run;
  const k8s::ObjectKey svc{"", "v1", "Service", "shop", "web"};
  run.objects[svc] = {{"apiVersion", "v1"}, {"kind", "Service"}, {"metadata", {{"name", "web"}, {"namespace", "shop"}}}};
  Step s = update_step();
  s.change = Change::Provision;
  s.from_digest.clear();
  s.actions.insert(s.actions.begin(), {ActionKind::Apply, svc, {}});
  s.actions.push_back({ActionKind::Wait, kWeb, {}});
  int n = 0;
  run.client.before_apply = [&](testing::FakeCluster&) -> std::optional<kube::ApiError> {
    if (++n < 2) return std::nullopt;
    kube::ApiError e;
    e.kind = kube::ApiErrorKind::Forbidden;
    e.http_status = 403;
    e.status_body = true;
    e.message = "deployments.apps \"web\" is forbidden: User \"ci\" cannot patch resource \"deployments\"";
    e.verb = "patch";
    return e;
  };
  auto o = run(s);
  CHECK_FALSE(o.ok);
  CHECK(o.reason == "ApplyFailed");
  CHECK(o.message.find("is forbidden") != std::string::npos);
  REQUIRE(o.written.size() == 1);
  CHECK(o.written[0] == "apply v1 Service shop/web");
}

TEST_CASE("step runner: a 500 with the server's Status is not waited out as an outage") {
  Run run;
  int calls = 0;
  run.client.before_apply = [&](testing::FakeCluster&) -> std::optional<kube::ApiError> {
    ++calls;
    return kube::from_response(500, R"({"kind":"Status","code":500,"message":"Internal error occurred: failed to allocate a serviceIP: range is full"})",
                               "patch", "/api/v1/namespaces/shop/services/web");
  };
  auto start = std::chrono::steady_clock::now();
  auto o = run(update_step());
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
  CHECK(calls == 1);
  CHECK_FALSE(o.ok);
  CHECK(o.reason == "ApplyFailed");
  CHECK(o.message.find("range is full") != std::string::npos);
  CHECK_FALSE(run.reporter.said("the API server is away"));
}
