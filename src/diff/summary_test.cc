#include "diff/summary.h"

#include <doctest/doctest.h>

using namespace vsctl;
using k8s::Json;

namespace {

diff::ObjectDiff workload(const std::string& service, const std::string& v1, const std::string& v2, int r1, int r2) {
  diff::ObjectDiff d;
  d.service = service;
  d.key = {"apps", "v1", "Deployment", "shop", service};
  auto obj = [](const std::string& v, int r) {
    return Json{{"metadata", {{"labels", {{"app.kubernetes.io/version", v}}}}}, {"spec", {{"replicas", r}}}};
  };
  d.before = obj(v1, r1);
  d.after = obj(v2, r2);
  if (v1 != v2) d.changed.push_back("/metadata/labels/app.kubernetes.io~1version");
  if (r1 != r2) d.changed.push_back("/spec/replicas");
  d.action = d.changed.empty() ? diff::Action::None : diff::Action::Update;
  return d;
}

}  // namespace

TEST_CASE("each service gets one change kind, with versions and instances") {
  std::vector<diff::ObjectDiff> diffs;
  diffs.push_back(workload("cart", "2.2.0", "2.3.0", 3, 3));
  diffs.push_back(workload("frontend", "1.0.0", "1.0.0", 2, 4));
  diffs.push_back(workload("redis", "7.2.4", "7.2.4", 1, 1));
  auto drift = workload("search", "1.0.0", "1.0.0", 5, 2);
  drift.drift.push_back({"kubectl", ".spec.replicas", "/spec/replicas", false});
  diffs.push_back(drift);
  auto config = workload("web", "1.0.0", "1.0.0", 1, 1);
  config.changed = {"/spec/template/spec/containers/0/args"};
  config.action = diff::Action::Update;
  diffs.push_back(config);
  diff::ObjectDiff added;
  added.service = "new";
  added.key = {"apps", "v1", "Deployment", "shop", "new"};
  added.action = diff::Action::Add;
  added.after = Json{{"metadata", {{"labels", {{"app.kubernetes.io/version", "0.1.0"}}}}}};
  diffs.push_back(added);
  diff::ObjectDiff removed = added;
  removed.service = "old";
  removed.action = diff::Action::Remove;
  std::swap(removed.before, removed.after);
  diffs.push_back(removed);

  auto s = diff::summarize(diffs);
  REQUIRE(s.size() == 7);
  CHECK(s[0].change == diff::Change::Update);
  CHECK(s[0].from_version == "2.2.0");
  CHECK(s[0].to_version == "2.3.0");
  CHECK(s[1].change == diff::Change::Scale);
  CHECK(s[1].from_instances == "2");
  CHECK(s[1].to_instances == "4");
  CHECK(s[2].change == diff::Change::None);
  CHECK(s[3].change == diff::Change::Scale);  // only replicas drifted: Scale, drift the reason
  CHECK(s[3].drift);
  CHECK(s[3].drift_only);
  CHECK(s[4].change == diff::Change::Update);
  CHECK_FALSE(s[4].drift);
  CHECK(s[5].change == diff::Change::Provision);
  CHECK(s[5].to_version == "0.1.0");
  CHECK(s[6].change == diff::Change::Destroy);
}

TEST_CASE("an older version is a Rollback, a newer one, or one that is not semver, an Update") {
  std::vector<diff::ObjectDiff> diffs{workload("cart", "2.3.0", "2.2.0", 3, 3),
                                      workload("web", "2.0.0-rc.1", "1.9.9", 2, 4),
                                      workload("api", "1.10.0", "1.9.0", 1, 1),
                                      workload("redis", "7.2.4", "7.10.0", 1, 1),
                                      workload("legacy", "stable", "latest", 1, 1)};
  auto s = diff::summarize(diffs);
  REQUIRE(s.size() == 5);
  CHECK(s[0].change == diff::Change::Rollback);
  CHECK(s[0].from_version == "2.3.0");
  CHECK(s[0].to_version == "2.2.0");
  CHECK(s[1].change == diff::Change::Rollback);  // the version decides, not the instances
  CHECK(s[2].change == diff::Change::Rollback);  // precedence, not string order
  CHECK(s[3].change == diff::Change::Update);
  CHECK(s[4].change == diff::Change::Update);
}

TEST_CASE("drift is the reason for a change, never its kind") {
  auto image = workload("web", "1.0.0", "1.0.0", 1, 1);
  image.changed = {"/spec/template/spec/containers/0/image"};
  image.action = diff::Action::Update;
  image.drift.push_back({"kubectl-set", ".spec.template.spec.containers[0].image",
                         "/spec/template/spec/containers/0/image", false});
  auto both = workload("cart", "1.0.0", "1.0.0", 4, 2);
  both.changed.push_back("/spec/template/spec/containers/0/image");
  both.drift.push_back({"kubectl-edit", ".spec.replicas", "/spec/replicas", false});
  both.drift.push_back({"kubectl-edit", ".spec.template.spec.containers[0].image",
                        "/spec/template/spec/containers/0/image", false});
  auto newer = workload("api", "1.0.0", "1.1.0", 2, 2);
  newer.changed.push_back("/spec/template/spec/containers/0/args");
  newer.drift.push_back({"kubectl-edit", ".spec.template.spec.containers[0].args",
                         "/spec/template/spec/containers/0/args", false});
  std::vector<diff::ObjectDiff> diffs{image, both, newer};
  auto s = diff::summarize(diffs);
  REQUIRE(s.size() == 3);
  CHECK(s[0].change == diff::Change::Update);  // the definition is unchanged: Update, because of drift
  CHECK(s[0].drift);
  CHECK(s[0].drift_only);
  CHECK(s[1].change == diff::Change::Update);  // not only replicas drifted
  CHECK(s[1].drift_only);
  CHECK(s[2].change == diff::Change::Update);  // a newer version, with drift among the reasons
  CHECK(s[2].drift);
  CHECK_FALSE(s[2].drift_only);
  for (auto c : {diff::Change::None, diff::Change::Provision, diff::Change::Update, diff::Change::Rollback,
                 diff::Change::Scale, diff::Change::Destroy})
    CHECK(std::string(diff::to_string(c)) != "Drift");
}

TEST_CASE("an autoscaler's range is the service's instances") {
  diff::ObjectDiff hpa;
  hpa.service = "web";
  hpa.key = {"autoscaling", "v2", "HorizontalPodAutoscaler", "shop", "web"};
  hpa.before = Json{{"spec", {{"minReplicas", 2}, {"maxReplicas", 8}}}};
  hpa.after = Json{{"spec", {{"minReplicas", 2}, {"maxReplicas", 10}}}};
  hpa.changed = {"/metadata/annotations/vsctl.dev~1definition-digest", "/spec/maxReplicas"};
  hpa.action = diff::Action::Update;
  std::vector<diff::ObjectDiff> diffs{workload("web", "1.0.0", "1.0.0", 1, 1), hpa};
  auto s = diff::summarize(diffs);
  REQUIRE(s.size() == 1);
  CHECK(s[0].change == diff::Change::Scale);
  CHECK(s[0].from_instances == "2-8");
  CHECK(s[0].to_instances == "2-10");
}
