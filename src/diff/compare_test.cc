#include "diff/compare.h"

#include <doctest/doctest.h>

using namespace vsctl;
using k8s::Json;

namespace {

const char* kLabels = R"({"app.kubernetes.io/name": "web", "app.kubernetes.io/part-of": "shop",
  "app.kubernetes.io/managed-by": "vsctl", "app.kubernetes.io/version": "1.0.0"})";

Json desired(bool replicas = true) {
  Json d = Json::parse(R"({"apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "namespace": "shop"},
    "spec": {"replicas": 2, "selector": {"matchLabels": {"app.kubernetes.io/name": "web"}},
      "template": {"metadata": {"labels": {"app.kubernetes.io/name": "web"}},
        "spec": {"containers": [{"name": "app", "image": "web:1.0.0", "env": [{"name": "A", "value": "1"}]}]}}}})");
  d["metadata"]["labels"] = Json::parse(kLabels);
  if (!replicas) d["spec"].erase("replicas");
  return d;
}

// vsctl's field set for desired(replicas), as the server records it.
Json vsctl_fields(bool replicas = true) {
  Json f = Json::parse(R"({"f:metadata": {"f:labels": {"f:app.kubernetes.io/managed-by": {}, "f:app.kubernetes.io/name": {},
      "f:app.kubernetes.io/part-of": {}, "f:app.kubernetes.io/version": {}}},
    "f:spec": {"f:replicas": {}, "f:selector": {}, "f:template": {"f:metadata": {"f:labels": {"f:app.kubernetes.io/name": {}}},
      "f:spec": {"f:containers": {"k:{\"name\":\"app\"}": {".": {}, "f:image": {}, "f:name": {},
        "f:env": {"k:{\"name\":\"A\"}": {".": {}, "f:name": {}, "f:value": {}}}}}}}}})");
  if (!replicas) f["f:spec"].erase("f:replicas");
  return f;
}

Json entry(const std::string& manager, const std::string& op, Json fields, const std::string& sub = "") {
  Json e = {{"manager", manager}, {"operation", op}, {"apiVersion", "apps/v1"}, {"fieldsType", "FieldsV1"},
            {"fieldsV1", std::move(fields)}};
  if (!sub.empty()) e["subresource"] = sub;
  return e;
}

// What the server has after vsctl applied desired(): defaults, status, bookkeeping.
Json applied(bool replicas = true) {
  Json l = desired(replicas);
  if (!replicas) l["spec"]["replicas"] = 1;
  l["metadata"]["uid"] = "u-1";
  l["metadata"]["resourceVersion"] = "100";
  l["metadata"]["generation"] = 1;
  l["metadata"]["annotations"] = {{"deployment.kubernetes.io/revision", "1"}};
  l["spec"]["strategy"] = {{"type", "RollingUpdate"}};
  l["spec"]["template"]["spec"]["containers"][0]["terminationMessagePath"] = "/dev/termination-log";
  l["status"] = {{"replicas", 2}};
  l["metadata"]["managedFields"] = Json::array(
      {entry("vsctl", "Apply", vsctl_fields(replicas)),
       entry("kube-controller-manager", "Update",
             Json::parse(R"({"f:metadata": {"f:annotations": {".": {}, "f:deployment.kubernetes.io/revision": {}}},
                             "f:status": {"f:replicas": {}}})"),
             "status")});
  return l;
}

diff::ObjectDiff run(const Json& want, const Json& live, const Json* server = nullptr) {
  diff::Pair p{*k8s::key_of(want), "web", &want, &live};
  return diff::compare(p, server, diff::Policy::defaults(), "shop");
}

}  // namespace

TEST_CASE("just applied: no dry-run needed, no difference") {
  Json want = desired(), live = applied();
  CHECK_FALSE(diff::needs_dry_run(want, live));
  auto d = run(want, live);
  CHECK(d.action == diff::Action::None);
  CHECK(d.changed.empty());
}

TEST_CASE("a changed desired value needs a dry-run, its result is compared, normalised") {
  Json want = desired(), live = applied();
  want["spec"]["template"]["spec"]["containers"][0]["image"] = "web:1.1.0";
  CHECK(diff::needs_dry_run(want, live));
  Json server = live;
  server["spec"]["template"]["spec"]["containers"][0]["image"] = "web:1.1.0";
  server["metadata"]["generation"] = 2;  // bookkeeping differences are not changes
  auto d = run(want, live, &server);
  CHECK(d.action == diff::Action::Update);
  CHECK(d.changed == std::vector<std::string>{"/spec/template/spec/containers/0/image"});
  CHECK(d.drift.empty());
  CHECK_FALSE(d.after.contains("status"));
}

TEST_CASE("kubectl scale is drift: the dry-run takes replicas back") {
  Json want = desired(), live = applied();
  live["spec"]["replicas"] = 5;
  // kubectl scale took replicas over from vsctl through the scale subresource.
  live["metadata"]["managedFields"][0]["fieldsV1"]["f:spec"].erase("f:replicas");
  live["metadata"]["managedFields"].push_back(entry("kubectl", "Update", Json::parse(R"({"f:spec": {"f:replicas": {}}})"), "scale"));
  CHECK(diff::needs_dry_run(want, live));
  Json server = applied();  // force: vsctl owns replicas again, back to 2
  auto d = run(want, live, &server);
  CHECK(d.action == diff::Action::Update);
  CHECK(d.changed == std::vector<std::string>{"/spec/replicas"});
  REQUIRE(d.drift.size() == 1);
  CHECK(d.drift[0].manager == "kubectl");
  CHECK(d.drift[0].path == ".spec.replicas");
  CHECK_FALSE(d.drift[0].removed);
}

TEST_CASE("kubectl set env is drift that server-side apply alone would keep: diff removes it") {
  Json want = desired(), live = applied();
  live["spec"]["template"]["spec"]["containers"][0]["env"].push_back({{"name", "FOO"}, {"value", "bar"}});
  live["metadata"]["managedFields"].push_back(entry("kubectl-set", "Update", Json::parse(R"({"f:spec": {"f:template": {"f:spec":
      {"f:containers": {"k:{\"name\":\"app\"}": {"f:env": {"k:{\"name\":\"FOO\"}": {".": {}, "f:name": {}, "f:value": {}}}}}}}}})")));
  CHECK_FALSE(diff::needs_dry_run(want, live));  // vsctl's own fields are intact
  auto d = run(want, live);
  CHECK(d.action == diff::Action::Update);
  CHECK(d.changed == std::vector<std::string>{"/spec/template/spec/containers/0/env/1"});
  REQUIRE(d.drift.size() == 1);
  CHECK(d.drift[0].manager == "kubectl-set");
  CHECK(d.drift[0].path == ".spec.template.spec.containers[name=app].env[name=FOO]");
  CHECK(d.drift[0].removed);
  CHECK(d.after["spec"]["template"]["spec"]["containers"][0]["env"].size() == 1);
}

TEST_CASE("an autoscaler's replicas are the controller's: no dry-run, no difference") {
  Json want = desired(false), live = applied(false);
  live["spec"]["replicas"] = 7;
  live["metadata"]["managedFields"].push_back(
      entry("kube-controller-manager", "Update", Json::parse(R"({"f:spec": {"f:replicas": {}}})"), "scale"));
  CHECK_FALSE(diff::needs_dry_run(want, live));
  CHECK(run(want, live).action == diff::Action::None);
  // Even when a person scaled it: the manifest leaves replicas to the autoscaler.
  live["metadata"]["managedFields"].back()["manager"] = "kubectl";
  CHECK(run(want, live).action == diff::Action::None);
}

TEST_CASE("a field another manager shares with vsctl needs a dry-run") {
  Json want = desired(), live = applied();
  live["metadata"]["managedFields"].push_back(
      entry("other", "Apply", Json::parse(R"({"f:spec": {"f:template": {"f:spec": {"f:containers": {"k:{\"name\":\"app\"}": {"f:image": {}}}}}}})")));
  CHECK(diff::needs_dry_run(want, live));
  // A field vsctl used to declare and no longer does needs one too (apply removes it).
  Json fewer = desired();
  fewer["spec"]["template"]["spec"]["containers"][0].erase("env");
  CHECK(diff::needs_dry_run(fewer, applied()));
  // No vsctl entry at all (created by someone else, or by kubectl apply).
  Json bare = applied();
  bare["metadata"].erase("managedFields");
  CHECK(diff::needs_dry_run(want, bare));
}

TEST_CASE("add, remove, and an object that exists without vsctl's labels") {
  Json want = desired(), live = applied();
  diff::Pair add{*k8s::key_of(want), "web", &want, nullptr};
  auto a = diff::compare(add, nullptr, diff::Policy::defaults(), "shop");
  CHECK(a.action == diff::Action::Add);
  CHECK(a.before.is_null());
  CHECK(a.after == want);

  diff::Pair rm{*k8s::key_of(live), "web", nullptr, &live};
  auto r = diff::compare(rm, nullptr, diff::Policy::defaults(), "shop");
  CHECK(r.action == diff::Action::Remove);
  CHECK(r.after.is_null());
  CHECK_FALSE(r.before["metadata"].contains("managedFields"));

  Json foreign = live;
  foreign["metadata"]["labels"] = {{"app.kubernetes.io/managed-by", "Helm"}};
  auto u = run(want, foreign);
  CHECK(u.action == diff::Action::Unmanaged);
  CHECK(u.owner == "Helm");
  Json other = live;
  other["metadata"]["labels"]["app.kubernetes.io/part-of"] = "other";
  CHECK(run(want, other).action == diff::Action::Unmanaged);
}

TEST_CASE("ignored fields are never compared") {
  Json want = desired(), live = applied();
  live["metadata"]["annotations"]["example.com/stamp"] = "now";
  live["metadata"]["managedFields"].push_back(
      entry("kubectl-patch", "Update", Json::parse(R"({"f:metadata": {"f:annotations": {"f:example.com/stamp": {}}}})")));
  auto policy = diff::Policy::defaults();
  diff::Pair p{*k8s::key_of(want), "web", &want, &live};
  CHECK(diff::compare(p, nullptr, policy, "shop").action == diff::Action::Update);
  policy.ignore.push_back({{"Deployment", "", ""}, "/metadata/annotations/example.com~1stamp"});
  CHECK(diff::compare(p, nullptr, policy, "shop").action == diff::Action::None);
}
