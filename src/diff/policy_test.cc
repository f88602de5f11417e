#include "diff/policy.h"

#include <doctest/doctest.h>

using namespace vsctl;
using k8s::Json;

TEST_CASE("the default drift managers are kubectl's edit, set, scale, patch and client-side apply") {
  auto p = diff::Policy::defaults();
  for (const char* m : {"kubectl", "kubectl-edit", "kubectl-set", "kubectl-scale", "kubectl-patch",
                        "kubectl-client-side-apply"})
    CHECK(p.is_drift_manager(m));
  for (const char* m : {"vsctl", "kube-controller-manager", "kubectl-rollout", "helm"}) CHECK_FALSE(p.is_drift_manager(m));
}

TEST_CASE(".vsctl/diff.yaml extends the lists") {
  auto p = diff::parse_policy(".vsctl/diff.yaml", R"(
driftManagers: [k9s, "lens-*"]
notDriftManagers: [kubectl-scale]
controlled:
  - { kind: Deployment, name: web, path: /spec/template/metadata/annotations }
ignore:
  - { kind: Service, path: /spec/clusterIP }
)");
  REQUIRE(p);
  CHECK(p->is_drift_manager("k9s"));
  CHECK(p->is_drift_manager("lens-1.2"));
  CHECK_FALSE(p->is_drift_manager("kubectl-scale"));
  CHECK(p->is_drift_manager("kubectl-edit"));
  CHECK(p->controlled.size() == 3);
  REQUIRE(p->ignore.size() == 1);
  CHECK(p->ignore[0].select.kind == "Service");
  CHECK(diff::parse_policy("x", "")->drift_managers.size() == diff::Policy::defaults().drift_managers.size());
}

TEST_CASE("a malformed policy names the place and the fix") {
  auto unknown = diff::parse_policy(".vsctl/diff.yaml", "driftManager: [k9s]\n");
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().kind == util::ErrorKind::Invalid);
  CHECK(unknown.error().message == ".vsctl/diff.yaml:1:1: unknown field \"driftManager\" (did you mean \"driftManagers\"?)");
  auto path = diff::parse_policy(".vsctl/diff.yaml", "ignore:\n  - { path: spec.replicas }\n");
  REQUIRE_FALSE(path);
  CHECK(path.error().message.find(".vsctl/diff.yaml:2:5: ignore: path must be a JSON pointer") == 0);
  CHECK_FALSE(diff::parse_policy("x", "driftManagers: k9s\n"));
}

TEST_CASE("field rules select objects and match pointers with wildcards") {
  CHECK(diff::pointer_matches("/spec/replicas", "/spec/replicas"));
  CHECK(diff::pointer_matches("/spec/template/spec/containers/*/resources",
                              "/spec/template/spec/containers/1/resources/limits/cpu"));
  CHECK_FALSE(diff::pointer_matches("/spec/replicas", "/spec"));
  Json obj = Json::parse(R"({"spec": {"replicas": 2, "containers": [{"a": 1, "b": 2}, {"a": 3}]}})");
  std::vector<diff::FieldRule> rules = {{{"Deployment", "", ""}, "/spec/containers/*/a"},
                                        {{"Service", "", ""}, "/spec/replicas"}};
  diff::erase_fields(obj, rules, {"apps", "v1", "Deployment", "shop", "web"}, "web");
  CHECK(obj == Json::parse(R"({"spec": {"replicas": 2, "containers": [{"b": 2}, {}]}})"));
}
