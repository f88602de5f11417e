#include "apply/planner.h"

#include <doctest/doctest.h>

#include "manifest/definition.h"
#include "manifest/load.h"

using namespace vsctl;
using namespace vsctl::apply;
using k8s::Json;

namespace {

// db <- api <- web, ping <-> pong (a cycle), solo alone.
const char* kArch = R"(apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: shop }
spec:
  namespace: shop
  services:
    web: { image: example.com/web, version: 2.0.0, dependsOn: { api: "^1" } }
    api: { image: example.com/api, version: 1.0.0, dependsOn: { db: ">=16" } }
    db: { image: example.com/db, version: 16.2.0 }
    ping: { image: example.com/ping, version: 1.0.0, dependsOn: { pong: "^1" } }
    pong: { image: example.com/pong, version: 1.0.0, dependsOn: { ping: "^1" } }
    solo: { image: example.com/solo, version: 1.0.0 }
)";

struct Fixture {
  manifest::Architecture arch;
  render::Rendered rendered;
  std::vector<Json> live;

  explicit Fixture(const std::string& text = kArch) {
    manifest::LoadRequest req;
    req.source_name = "architecture.yaml";
    req.text = text;
    auto l = manifest::load(req);
    REQUIRE(l.view);
    arch = *l.view;
    rendered = render::render(arch);
  }

  // The cluster after a successful apply of the architecture: every rendered object as is.
  void converged() {
    live.clear();
    for (const auto& o : rendered.objects) live.push_back(o.body);
  }

  Json* live_object(const std::string& kind, const std::string& name) {
    for (auto& o : live)
      if (k8s::string_at(o, "/kind") == kind && k8s::string_at(o, "/metadata/name") == name) return &o;
    return nullptr;
  }

  Plan plan(PlanOptions opts = {}, std::map<std::string, Recorded> previous = {}) {
    PlanInput in;
    in.architecture = "shop";
    in.ns = "shop";
    in.desired = opts.destroy ? nullptr : &arch;
    in.rendered = rendered.objects;
    in.live = live;
    in.previous = std::move(previous);
    return make_plan(in, opts);
  }

  std::map<std::string, Recorded> recorded() const {
    std::map<std::string, Recorded> out;
    for (const auto& s : arch.services) out[s.name] = {s.version, manifest::digest(s), manifest::definition(s)};
    return out;
  }
};

// "wave: service change, ..." for every wave.
std::vector<std::string> shape(const Plan& p) {
  std::vector<std::string> out;
  for (const auto& w : p.waves) {
    std::string line;
    for (const auto& s : w.steps)
      line += (line.empty() ? "" : ", ") + (s.service.empty() ? std::string("(namespace)") : s.service) + " " +
              health::to_string(s.change);
    out.push_back(line);
  }
  return out;
}

}  // namespace

TEST_CASE("planner: a fresh cluster is provisioned in dependency order, a cycle in one wave, ties by name") {
  Fixture f;
  Plan p = f.plan();
  std::vector<std::string> want = {"(namespace) Provision", "db Provision, ping Provision, pong Provision, solo Provision",
                                   "api Provision", "web Provision"};
  CHECK(shape(p) == want);
  const Step* web = p.find("web");
  REQUIRE(web);
  CHECK(web->depends_on == std::vector<std::string>{"api"});
  CHECK(web->reason == "new service");
  // inside a step: configuration, then the Service and workload, then the wait
  REQUIRE(!web->actions.empty());
  CHECK(web->actions.back().kind == ActionKind::Wait);
  CHECK(p.digest.size() == 16);
}

TEST_CASE("planner: a converged cluster plans nothing, a version bump moves only that service") {
  Fixture f;
  f.converged();
  Plan same = f.plan({}, f.recorded());
  CHECK(same.empty());
  CHECK(same.unchanged.size() == 6);

  Fixture bumped(std::string(kArch).replace(std::string(kArch).find("version: 1.0.0, dependsOn: { db"), 14, "version: 1.1.0"));
  bumped.live = f.live;
  Plan p = bumped.plan({}, f.recorded());
  REQUIRE(p.step_count() == 1);
  const Step* api = p.find("api");
  REQUIRE(api);
  CHECK(api->change == Change::Update);
  CHECK(api->reason.find("version 1.0.0 -> 1.1.0") != std::string::npos);
  CHECK(p.digest != same.digest);
  // the other way round is a Rollback
  Fixture back;
  back.live = bumped.live;
  for (auto& o : back.live)
    if (k8s::string_at(o, "/metadata/labels/app.kubernetes.io~1name") == "api")
      o["metadata"]["labels"]["app.kubernetes.io/version"] = "1.1.0";
  Plan r = back.plan();
  REQUIRE(r.find("api"));
  CHECK(r.find("api")->change == Change::Rollback);
}

TEST_CASE("planner: drift by a person's field manager is an Update that takes the fields over, the policy decides who") {
  Fixture f;
  f.converged();
  Json* web = f.live_object("Deployment", "web");
  REQUIRE(web);
  (*web)["metadata"]["managedFields"] = Json::array(
      {{{"manager", "kubectl-set"}, {"operation", "Update"}, {"apiVersion", "apps/v1"}, {"fieldsType", "FieldsV1"},
        {"fieldsV1", Json::parse(R"({"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"app\"}":{"f:env":{"k:{\"name\":\"FOO\"}":{".":{},"f:name":{},"f:value":{}}}}}}}}})")}}});
  Plan p = f.plan({}, f.recorded());
  const Step* s = p.find("web");
  REQUIRE(s);
  CHECK(s->change == Change::Update);
  CHECK(s->reason.find("drift: kubectl-set changed Deployment web") != std::string::npos);
  REQUIRE(s->take_over.size() == 1);
  CHECK(s->take_over[0].kind == "Deployment");

  PlanOptions lenient;
  auto policy = diff::parse_policy("diff.yaml", "notDriftManagers: [kubectl-set]\n");
  REQUIRE(policy);
  lenient.policy = *policy;
  CHECK(f.plan(lenient, f.recorded()).empty());
}

TEST_CASE("planner: replicas changed by hand are a Scale back") {
  Fixture f;
  f.converged();
  Json* web = f.live_object("Deployment", "web");
  REQUIRE(web);
  (*web)["spec"]["replicas"] = 4;
  Plan p = f.plan({}, f.recorded());
  REQUIRE(p.find("web"));
  CHECK(p.find("web")->change == Change::Scale);
  CHECK(p.find("web")->reason.find("replicas are 4, the manifest says 1") != std::string::npos);
}

TEST_CASE("planner: removed services are left alone without --prune, destroyed dependents first with it") {
  Fixture f;
  f.converged();
  auto rec = f.recorded();
  Fixture smaller(R"(apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: shop }
spec:
  namespace: shop
  services:
    solo: { image: example.com/solo, version: 1.0.0 }
)");
  smaller.live = f.live;
  Plan kept = smaller.plan({}, rec);
  CHECK(kept.empty());
  CHECK(kept.left_alone.size() == 5);

  PlanOptions prune;
  prune.prune = true;
  Plan p = smaller.plan(prune, rec);
  std::vector<std::string> want = {"web Destroy", "api Destroy", "db Destroy, ping Destroy, pong Destroy"};
  CHECK(shape(p) == want);
  CHECK(p.find("db")->actions.back().kind == ActionKind::Wait);
  CHECK(p.find("db")->depends_on == std::vector<std::string>{"api"});  // it waits for its dependents
  // the edges of the schedule: each goes once the services that depended on it are gone
  CHECK(p.find("web")->after.empty());
  CHECK(p.find("api")->after == std::vector<std::string>{"web"});
  CHECK(p.find("db")->after == std::vector<std::string>{"api"});
  CHECK(p.find("ping")->after.empty());
}

TEST_CASE("planner: a pruned service goes after the staying service that depended on it is changed") {
  Fixture f;
  f.converged();
  auto rec = f.recorded();
  // web no longer depends on api; api and db leave the manifest
  Fixture smaller(R"(apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: shop }
spec:
  namespace: shop
  services:
    web: { image: example.com/web, version: 2.1.0 }
    ping: { image: example.com/ping, version: 1.0.0, dependsOn: { pong: "^1" } }
    pong: { image: example.com/pong, version: 1.0.0, dependsOn: { ping: "^1" } }
    solo: { image: example.com/solo, version: 1.0.0 }
)");
  smaller.live = f.live;
  PlanOptions prune;
  prune.prune = true;
  Plan p = smaller.plan(prune, rec);
  std::vector<std::string> want = {"web Update", "api Destroy", "db Destroy"};
  CHECK(shape(p) == want);
  CHECK(p.find("web")->after.empty());
  CHECK(p.find("api")->after == std::vector<std::string>{"web"});  // web's old pods still call api
  CHECK(p.find("db")->after == std::vector<std::string>{"api"});
}

TEST_CASE("planner: each step follows the namespace and the planned services it depends on") {
  Fixture f;
  Plan p = f.plan();
  CHECK(p.find("")->after.empty());
  CHECK(p.find("db")->after == std::vector<std::string>{""});
  CHECK(p.find("ping")->after == std::vector<std::string>{""});  // not pong: one cycle, started together
  CHECK(p.find("api")->after == std::vector<std::string>{"", "db"});
  CHECK(p.find("web")->after == std::vector<std::string>{"", "api"});
  // a dependency with no step is not waited for
  f.converged();
  Fixture bumped(std::string(kArch).replace(std::string(kArch).find("version: 2.0.0"), 14, "version: 2.1.0"));
  bumped.live = f.live;
  Plan q = bumped.plan({}, f.recorded());
  REQUIRE(q.step_count() == 1);
  CHECK(q.find("web")->depends_on == std::vector<std::string>{"api"});
  CHECK(q.find("web")->after.empty());
}

TEST_CASE("planner: destroy plans every service, dependents first") {
  Fixture f;
  f.converged();
  PlanOptions d;
  d.destroy = true;
  Plan p = f.plan(d, f.recorded());
  std::vector<std::string> want = {"web Destroy", "api Destroy", "db Destroy, ping Destroy, pong Destroy, solo Destroy"};
  CHECK(shape(p) == want);
}

TEST_CASE("planner: an object with a vsctl name that nobody labelled is a conflict unless adopted") {
  Fixture f;
  f.converged();
  Json* db = f.live_object("Deployment", "db");
  REQUIRE(db);
  (*db)["metadata"].erase("labels");
  Plan p = f.plan({}, f.recorded());
  REQUIRE(!p.refusals().empty());
  PlanOptions adopt;
  adopt.adopt = true;
  CHECK(f.plan(adopt, f.recorded()).refusals().empty());
}

TEST_CASE("planner: an object a changed definition adds is new, not drift (an autoscaler for new min..max)") {
  Fixture f;
  f.converged();
  std::string text = kArch;
  const std::string solo = "solo: { image: example.com/solo, version: 1.0.0 }";
  text.replace(text.find(solo), solo.size(), "solo: { image: example.com/solo, version: 1.0.0, instances: { min: 2, max: 4 } }");
  Fixture scaled(text);
  scaled.live = f.live;
  bool adds_hpa = false;
  for (const auto& o : scaled.rendered.objects) adds_hpa = adds_hpa || o.key.kind == "HorizontalPodAutoscaler";
  REQUIRE(adds_hpa);
  Plan p = scaled.plan({}, f.recorded());
  const Step* s = p.find("solo");
  REQUIRE(s);
  CHECK(s->reason.find("drift") == std::string::npos);
  CHECK(s->reason.find("is missing") == std::string::npos);
  // the same object deleted by hand, with the definition unchanged, is drift
  Fixture same(text);
  same.converged();
  std::erase_if(same.live, [](const Json& o) { return k8s::string_at(o, "/kind") == "HorizontalPodAutoscaler"; });
  Plan d = same.plan({}, same.recorded());
  REQUIRE(d.find("solo"));
  CHECK(d.find("solo")->reason.find("drift: HorizontalPodAutoscaler solo is missing") != std::string::npos);
}

TEST_CASE("planner: `kubectl scale` is a Scale back even though its manager owns the replicas, as diff says") {
  Fixture f;
  f.converged();
  Json* web = f.live_object("Deployment", "web");
  REQUIRE(web);
  (*web)["spec"]["replicas"] = 5;
  (*web)["metadata"]["managedFields"] = Json::array(
      {{{"manager", "kubectl"}, {"operation", "Update"}, {"apiVersion", "apps/v1"}, {"subresource", "scale"}, {"fieldsType", "FieldsV1"},
        {"fieldsV1", Json::parse(R"({"f:spec":{"f:replicas":{}}})")}}});
  Plan p = f.plan({}, f.recorded());
  const Step* s = p.find("web");
  REQUIRE(s);
  CHECK(s->change == Change::Scale);
  CHECK(s->reason.find("replicas are 5, the manifest says 1") != std::string::npos);
  // a person who also changed something else is an Update
  (*web)["metadata"]["managedFields"][0]["fieldsV1"] =
      Json::parse(R"({"f:spec":{"f:replicas":{},"f:minReadySeconds":{}}})");
  CHECK(f.plan({}, f.recorded()).find("web")->change == Change::Update);
}

TEST_CASE("planner: a new version of a canary service runs its steps first, and says which callers admit one version only") {
  const std::string v1 = R"(apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: shop }
spec:
  namespace: shop
  services:
    cart:
      image: example.com/cart
      version: 2.2.0
      instances: { min: 4, max: 4 }
      ports: [ { port: 80 } ]
      rollout: { strategy: canary, steps: [ { weight: 25 }, { pause: 1m }, { weight: 50 } ] }
    web: { image: example.com/web, version: 1.0.0, dependsOn: { cart: "^2.3.0" } }
)";
  Fixture before(v1);
  before.converged();
  std::string v2 = v1;
  v2.replace(v2.find("version: 2.2.0"), 14, "version: 2.3.0");
  Fixture after(v2);
  after.live = before.live;
  Plan p = after.plan({}, before.recorded());
  const Step* cart = p.find("cart");
  REQUIRE(cart);
  REQUIRE(cart->rollout);
  bool rollout_before_workload = false;
  for (const auto& a : cart->actions) {
    if (a.kind == ActionKind::Rollout) {
      CHECK(a.key.name == "cart-canary");
      rollout_before_workload = true;
    }
    if (a.kind == ActionKind::Apply && a.key.kind == "Deployment") CHECK(rollout_before_workload);
  }
  CHECK(rollout_before_workload);
  REQUIRE(cart->rollout_notes.size() == 2);
  CHECK(cart->rollout_notes[0] == "traffic: no route, shared by instance counts (approximate): 25% -> 1 of 4 (25%), 50% -> 2 of 4 (50%)");
  CHECK(cart->rollout_notes[1].rfind("warning: ", 0) == 0);
  CHECK(cart->rollout_notes[1].find("web") != std::string::npos);

  // the same service, first provisioned: no steps (nothing serves yet)
  Fixture fresh(v2);
  Plan first = fresh.plan();
  REQUIRE(first.find("cart"));
  CHECK_FALSE(first.find("cart")->rollout);
}
