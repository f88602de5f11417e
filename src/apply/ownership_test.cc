#include "apply/ownership.h"

#include <doctest/doctest.h>

using namespace vsctl;
using namespace vsctl::apply;
using k8s::Json;

namespace {

Json entry(const std::string& manager, const std::string& op, const std::string& fields, const std::string& sub = "") {
  Json e = {{"manager", manager}, {"operation", op}, {"apiVersion", "apps/v1"}, {"fieldsType", "FieldsV1"},
            {"fieldsV1", Json::parse(fields)}};
  if (!sub.empty()) e["subresource"] = sub;
  return e;
}

const char* kVsctl = R"({"f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"app\"}":{".":{},"f:image":{},"f:name":{}}}}}}})";
const char* kSetEnv = R"({"f:spec":{"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"app\"}":{"f:env":{".":{},"k:{\"name\":\"FOO\"}":{".":{},"f:name":{},"f:value":{}}}}}}}}})";
const char* kScale = R"({"f:spec":{"f:replicas":{}}})";

Json live_with(Json entries) {
  return {{"apiVersion", "apps/v1"},
          {"kind", "Deployment"},
          {"metadata", {{"name", "web"}, {"namespace", "shop"}, {"resourceVersion", "7"}, {"managedFields", std::move(entries)}}}};
}

// A Deployment as the server has it after vsctl applied it (container app, env A) and someone ran
// `kubectl set env deploy/web FOO=bar` and `kubectl scale --replicas=4`.
Json drifted(Json entries) {
  Json live = live_with(std::move(entries));
  live["spec"] = Json::parse(R"({"replicas": 4, "paused": true, "template": {"spec": {"containers": [
      {"name": "app", "image": "web:1", "env": [{"name": "A", "value": "1"}, {"name": "FOO", "value": "bar"}]}]}}})");
  return live;
}

const char* kVsctlEnv = R"({"f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"app\"}":{".":{},"f:image":{},"f:name":{},"f:env":{".":{},"k:{\"name\":\"A\"}":{".":{},"f:name":{},"f:value":{}}}}}}}}})";

}  // namespace

TEST_CASE("ownership: an env var added with kubectl set env is removed, what vsctl owns stays") {
  k8s::ObjectKey key{"apps", "v1", "Deployment", "shop", "web"};
  Json desired = Json::parse(R"({"spec": {"replicas": 2, "template": {"spec": {"containers": [
      {"name": "app", "image": "web:1", "env": [{"name": "A", "value": "1"}]}]}}}})");
  Json live = drifted(Json::array({entry("vsctl", "Apply", kVsctlEnv),
                                   entry("kube-controller-manager", "Update", R"({"f:status":{"f:replicas":{}}})", "status"),
                                   entry("kubectl-set", "Update", kSetEnv)}));
  live["spec"]["template"]["spec"]["containers"][0]["env"] = Json::parse(R"([{"name": "A", "value": "1"}, {"name": "FOO", "value": "bar"}])");
  auto policy = diff::Policy::defaults();
  CHECK(drift_managers(live, policy, {key, "web", &desired}) == std::vector<std::string>{"kubectl-set"});
  auto out = without_people_fields(live, policy, {key, "web", &desired});
  REQUIRE(out);
  CHECK((*out)["spec"]["template"]["spec"]["containers"][0]["env"] == Json::parse(R"([{"name": "A", "value": "1"}])"));
  CHECK((*out)["spec"]["replicas"] == 4);  // declared: the apply takes it back, not this
  CHECK(k8s::string_at(*out, "/metadata/resourceVersion") == "7");  // the update is conditional
}

TEST_CASE("ownership: a list people made whole goes whole, a field they own that the manifest declares stays") {
  k8s::ObjectKey key{"apps", "v1", "Deployment", "shop", "web"};
  Json desired = Json::parse(R"({"spec": {"replicas": 2, "template": {"spec": {"containers": [{"name": "app", "image": "web:1"}]}}}})");
  Json live = drifted(Json::array({entry("vsctl", "Apply", kVsctl), entry("kubectl-set", "Update", kSetEnv),
                                   entry("kubectl-scale", "Update", kScale, "scale")}));
  live["spec"]["template"]["spec"]["containers"][0]["env"] = Json::parse(R"([{"name": "FOO", "value": "bar"}])");
  auto policy = diff::Policy::defaults();
  CHECK(drift_managers(live, policy, {key, "web", &desired}) == std::vector<std::string>{"kubectl-scale", "kubectl-set"});
  auto out = without_people_fields(live, policy, {key, "web", &desired});
  REQUIRE(out);
  CHECK_FALSE((*out)["spec"]["template"]["spec"]["containers"][0].contains("env"));
  CHECK((*out)["spec"]["replicas"] == 4);
  CHECK((*out)["spec"]["template"]["spec"]["containers"][0]["image"] == "web:1");
}

TEST_CASE("ownership: a controlled field the manifest leaves out stays with whoever set it") {
  k8s::ObjectKey key{"apps", "v1", "Deployment", "shop", "web"};
  Json autoscaled = Json::parse(R"({"spec": {"template": {}}})");  // no replicas: an autoscaler's
  auto policy = diff::Policy::defaults();
  Json live = drifted(Json::array({entry("vsctl", "Apply", kVsctl), entry("kubectl-scale", "Update", kScale, "scale")}));
  CHECK(drift_managers(live, policy, {key, "web", &autoscaled}).empty());
  CHECK_FALSE(without_people_fields(live, policy, {key, "web", &autoscaled}));
  // an entry with both: only the part that is not controlled goes
  Json both = drifted(Json::array({entry("kubectl-edit", "Update", R"({"f:spec":{"f:replicas":{},"f:paused":{}}})")}));
  CHECK(drift_managers(both, policy, {key, "web", &autoscaled}) == std::vector<std::string>{"kubectl-edit"});
  auto out = without_people_fields(both, policy, {key, "web", &autoscaled});
  REQUIRE(out);
  CHECK_FALSE((*out)["spec"].contains("paused"));
  CHECK((*out)["spec"]["replicas"] == 4);
}

TEST_CASE("ownership: the policy names the people, status entries are never theirs") {
  k8s::ObjectKey key{"apps", "v1", "Deployment", "shop", "web"};
  Json desired = Json::object();
  Json live = drifted(Json::array({entry("k9s", "Update", kSetEnv), entry("kubectl", "Update", R"({"f:status":{"f:replicas":{}}})", "status")}));
  auto defaults = diff::Policy::defaults();
  CHECK(drift_managers(live, defaults, {key, "web", &desired}).empty());
  CHECK_FALSE(without_people_fields(live, defaults, {key, "web", &desired}));
  auto policy = diff::parse_policy("diff.yaml", "driftManagers: [k9s]\n");
  REQUIRE(policy);
  CHECK(drift_managers(live, *policy, {key, "web", &desired}) == std::vector<std::string>{"k9s"});
  auto out = without_people_fields(live, *policy, {key, "web", &desired});
  REQUIRE(out);
  CHECK_FALSE((*out)["spec"]["template"]["spec"]["containers"][0].contains("env"));  // k9s made the list
}

TEST_CASE("ownership: merge_fields is a deep union") {
  Json a = Json::parse(R"({"f:a":{"f:b":{}},"f:c":{}})");
  merge_fields(a, Json::parse(R"({"f:a":{"f:d":{}},"f:e":{}})"));
  CHECK(a == Json::parse(R"({"f:a":{"f:b":{},"f:d":{}},"f:c":{},"f:e":{}})"));
}
