#include "diff/threeway.h"

#include <doctest/doctest.h>

using namespace vsctl;
using k8s::Json;

TEST_CASE("the three-way view separates the change from drift already there") {
  diff::ObjectDiff d;
  d.service = "web";
  d.key = {"apps", "v1", "Deployment", "shop", "web"};
  d.action = diff::Action::Update;
  // Live: someone scaled to 5. Base: replicas 2, image 1.0. Desired: replicas 2, image 1.1.
  d.before = Json::parse(R"({"spec": {"replicas": 5, "image": "1.0", "strategy": "RollingUpdate"}})");
  d.after = Json::parse(R"({"spec": {"replicas": 2, "image": "1.1", "strategy": "RollingUpdate"}})");
  d.changed = {"/spec/image", "/spec/replicas"};
  d.drift = {{"kubectl", ".spec.replicas", "/spec/replicas", false}};
  Json base = Json::parse(R"({"spec": {"replicas": 2, "image": "1.0"}})");
  Json desired = Json::parse(R"({"spec": {"replicas": 2, "image": "1.1"}})");
  auto s = diff::split(d, &base, &desired);
  CHECK(s.change.changed == std::vector<std::string>{"/spec/image"});
  CHECK(s.change.before["spec"]["strategy"] == "RollingUpdate");  // server defaults are no change
  CHECK(s.change.drift.empty());
  CHECK(s.drift.changed == std::vector<std::string>{"/spec/replicas"});
  CHECK(s.drift.drift.size() == 1);

  // An object the base did not have: all change, no drift.
  diff::ObjectDiff add;
  add.key = d.key;
  add.action = diff::Action::Add;
  add.after = desired;
  add.changed = {""};
  auto a = diff::split(add, nullptr, &desired);
  CHECK(a.change.action == diff::Action::Add);
  CHECK(a.drift.action == diff::Action::None);
}
