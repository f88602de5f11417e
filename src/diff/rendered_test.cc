#include "diff/rendered.h"

#include <doctest/doctest.h>

#include "k8s/secret.h"

using namespace vsctl;

namespace {

k8s::ObjectKey key(std::string group, std::string version, std::string kind, std::string name) {
  return {std::move(group), std::move(version), std::move(kind), "shop", std::move(name)};
}

k8s::Json body(const std::string& kind, const std::string& name, k8s::Json spec) {
  return {{"apiVersion", "v1"},
          {"kind", kind},
          {"metadata", {{"name", name}, {"namespace", "shop"}}},
          {"spec", spec}};
}

}  // namespace

TEST_CASE("two renderings pair by group, kind, namespace and name, each side is kept whole") {
  k8s::Json cart1 = body("Deployment", "cart", {{"replicas", 2}});
  k8s::Json cart2 = body("Deployment", "cart", {{"replicas", 3}});
  k8s::Json web = body("Deployment", "web", {{"replicas", 1}});
  k8s::Json gone = body("ConfigMap", "old", nullptr);
  k8s::Json added = body("ConfigMap", "new", nullptr);
  std::vector<diff::Desired> from = {{"web", key("apps", "v1", "Deployment", "web"), &web},
                                     {"cart", key("apps", "v1beta2", "Deployment", "cart"), &cart1},
                                     {"cart", key("", "v1", "ConfigMap", "old"), &gone}};
  std::vector<diff::Desired> to = {{"cart", key("apps", "v1", "Deployment", "cart"), &cart2},
                                   {"web", key("apps", "v1", "Deployment", "web"), &web},
                                   {"cart", key("", "v1", "ConfigMap", "new"), &added}};
  auto d = diff::compare_rendered(from, to, diff::Policy::defaults());
  REQUIRE(d.size() == 4);
  // by service, then key
  CHECK(d[0].service == "cart");
  CHECK(d[0].key.name == "new");
  CHECK(d[0].action == diff::Action::Add);
  CHECK(d[0].before.is_null());
  CHECK(d[0].after == added);
  CHECK(d[1].key.name == "old");
  CHECK(d[1].action == diff::Action::Remove);
  CHECK(d[1].after.is_null());
  CHECK(d[2].key.name == "cart");
  CHECK(d[2].key.version == "v1");  // the newer rendering names it
  CHECK(d[2].action == diff::Action::Update);
  CHECK(d[2].changed == std::vector<std::string>{"/spec/replicas"});
  CHECK(d[3].service == "web");
  CHECK(d[3].action == diff::Action::None);
  CHECK(!d[3].differs());
}

TEST_CASE("renderings are normalised as live objects are, and the policy's ignored fields are left out") {
  k8s::Json a = body("Service", "web", {{"port", 80}});
  a["metadata"]["annotations"] = {{"example.com/stamp", "1"}};
  a["status"] = {{"x", 1}};
  k8s::Json b = body("Service", "web", {{"port", 80}});
  b["metadata"]["annotations"] = {{"example.com/stamp", "2"}};
  std::vector<diff::Desired> from = {{"web", key("", "v1", "Service", "web"), &a}};
  std::vector<diff::Desired> to = {{"web", key("", "v1", "Service", "web"), &b}};
  auto plain = diff::compare_rendered(from, to, diff::Policy::defaults());
  REQUIRE(plain.size() == 1);
  CHECK(plain[0].changed == std::vector<std::string>{"/metadata/annotations/example.com~1stamp"});
  CHECK(!plain[0].before.contains("status"));
  auto policy = diff::parse_policy(
      "diff.yaml", "ignore: [{kind: Service, path: /metadata/annotations/example.com~1stamp}]\n");
  REQUIRE(policy.has_value());
  auto ignored = diff::compare_rendered(from, to, *policy);
  CHECK(ignored[0].action == diff::Action::None);
}

TEST_CASE("a Secret's values compared between renderings are masked before they are shown") {
  k8s::Json a = {{"apiVersion", "v1"},
                 {"kind", "Secret"},
                 {"metadata", {{"name", "db"}, {"namespace", "shop"}}},
                 {"stringData", {{"password", "hunter2-old"}, {"user", "admin"}}}};
  k8s::Json b = a;
  b["stringData"]["password"] = "hunter2-new";
  std::vector<diff::Desired> from = {{"cart", key("", "v1", "Secret", "db"), &a}};
  std::vector<diff::Desired> to = {{"cart", key("", "v1", "Secret", "db"), &b}};
  auto d = diff::compare_rendered(from, to, diff::Policy::defaults());
  REQUIRE(d.size() == 1);
  CHECK(d[0].action == diff::Action::Update);
  k8s::mask_secret(d[0].key, d[0].before, d[0].after);
  std::string shown = d[0].before.dump() + d[0].after.dump();
  CHECK(shown.find("hunter2") == std::string::npos);
  CHECK(shown.find("admin") == std::string::npos);
  CHECK(d[0].after["stringData"]["user"] == "***");
}
