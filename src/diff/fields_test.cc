#include "diff/fields.h"

#include <doctest/doctest.h>

using namespace vsctl;
using k8s::Json;

namespace {

// A Deployment's managedFields entry for vsctl, as the API server records it.
Json vsctl_fields() {
  return Json::parse(R"({
    "f:metadata": {"f:labels": {"f:app.kubernetes.io/managed-by": {}}},
    "f:spec": {"f:selector": {}, "f:template": {"f:spec": {"f:containers": {
      "k:{\"name\":\"app\"}": {".": {}, "f:image": {}, "f:name": {},
        "f:env": {"k:{\"name\":\"A\"}": {".": {}, "f:name": {}, "f:value": {}}}}}}}}})");
}

Json live() {
  return Json::parse(R"({
    "apiVersion": "apps/v1", "kind": "Deployment",
    "metadata": {"name": "web", "namespace": "shop", "labels": {"app.kubernetes.io/managed-by": "vsctl", "l": "1"}},
    "spec": {"replicas": 3, "selector": {"matchLabels": {"app": "web"}},
      "template": {"spec": {"containers": [
        {"name": "side", "image": "side:1"},
        {"name": "app", "image": "web:1", "terminationMessagePath": "/dev/termination-log",
         "env": [{"name": "A", "value": "1"}, {"name": "FOO", "value": "bar"}]}]}}}})");
}

}  // namespace

TEST_CASE("project keeps only the owned fields, list items found by key") {
  Json p = diff::project(live(), vsctl_fields());
  Json want = Json::parse(R"({
    "metadata": {"labels": {"app.kubernetes.io/managed-by": "vsctl"}},
    "spec": {"selector": {"matchLabels": {"app": "web"}},
      "template": {"spec": {"containers": [{"name": "app", "image": "web:1", "env": [{"name": "A", "value": "1"}]}]}}}})");
  CHECK(p == want);
}

TEST_CASE("owned paths list a field owned with its children once for itself") {
  auto all = diff::owned_paths(vsctl_fields());
  auto leaves = diff::leaf_paths(vsctl_fields());
  std::vector<std::string> item = {"f:spec", "f:template", "f:spec", "f:containers", "k:{\"name\":\"app\"}"};
  CHECK(std::find(all.begin(), all.end(), item) != all.end());
  CHECK(std::find(leaves.begin(), leaves.end(), item) == leaves.end());
  CHECK(leaves.size() + 2 == all.size());  // the container and its env item, each through "."
}

TEST_CASE("touches sees the path, what is below it, and a whole-owned ancestor") {
  Json f = vsctl_fields();
  CHECK(diff::touches(f, {"f:spec", "f:template"}));
  CHECK(diff::touches(f, {"f:spec", "f:selector", "f:matchLabels", "f:app"}));  // selector is owned whole
  CHECK_FALSE(diff::touches(f, {"f:spec", "f:replicas"}));
  // Key fields in another order name the same item.
  Json ports = Json::parse(R"({"f:spec": {"f:ports": {"k:{\"port\":80,\"protocol\":\"TCP\"}": {".": {}}}}})");
  CHECK(diff::touches(ports, {"f:spec", "f:ports", "k:{\"protocol\":\"TCP\",\"port\":80}"}));
}

TEST_CASE("pointer_of resolves keyed items to indices, dotted reads like kubectl explain") {
  std::vector<std::string> foo = {"f:spec", "f:template", "f:spec", "f:containers", "k:{\"name\":\"app\"}", "f:env",
                                  "k:{\"name\":\"FOO\"}"};
  CHECK(diff::pointer_of(live(), foo) == std::optional<std::string>("/spec/template/spec/containers/1/env/1"));
  CHECK(diff::dotted(foo) == ".spec.template.spec.containers[name=app].env[name=FOO]");
  CHECK_FALSE(diff::pointer_of(live(), {"f:spec", "f:paused"}).has_value());
  CHECK(diff::dotted({"f:metadata", "f:finalizers", "v:\"x\""}) == ".metadata.finalizers[=x]");
}

TEST_CASE("managed_fields reads every entry, skipping malformed ones") {
  Json obj = {{"metadata",
               {{"managedFields",
                 Json::array({{{"manager", "vsctl"}, {"operation", "Apply"}, {"fieldsV1", vsctl_fields()}},
                              "junk",
                              {{"manager", "kubectl"}, {"operation", "Update"}, {"subresource", "scale"}}})}}}};
  auto entries = diff::managed_fields(obj);
  REQUIRE(entries.size() == 2);
  CHECK(entries[1].subresource == "scale");
  CHECK(entries[1].fields.is_object());
  CHECK(diff::union_of({&entries[0].fields, &entries[1].fields}) == vsctl_fields());
}
