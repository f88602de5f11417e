#include "k8s/object_key.h"

#include <doctest/doctest.h>

#include <set>

#include "k8s/json.h"
#include "k8s/labels.h"

using namespace vsctl::k8s;

TEST_CASE("object key: to_string names apiVersion, kind, namespace and name") {
  CHECK(to_string(ObjectKey{"apps", "v1", "Deployment", "shop", "cart"}) ==
        "apps/v1 Deployment shop/cart");
  CHECK(to_string(ObjectKey{"", "v1", "Namespace", "", "shop"}) == "v1 Namespace shop");
}

TEST_CASE("object key: ordering is by group, version, kind, namespace, name") {
  std::set<ObjectKey> keys{{"apps", "v1", "Deployment", "shop", "b"},
                           {"apps", "v1", "Deployment", "shop", "a"},
                           {"", "v1", "Service", "shop", "z"}};
  std::vector<std::string> order;
  for (const auto& k : keys) order.push_back(to_string(k));
  CHECK(order == std::vector<std::string>{"v1 Service shop/z", "apps/v1 Deployment shop/a",
                                          "apps/v1 Deployment shop/b"});
}

TEST_CASE("object key: key_of reads apiVersion, kind and metadata") {
  auto obj = Json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment",
                             "metadata":{"name":"cart","namespace":"shop"}})");
  auto key = key_of(obj);
  REQUIRE(key);
  CHECK(*key == ObjectKey{"apps", "v1", "Deployment", "shop", "cart"});
  auto core = key_of(Json::parse(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"x"}})"));
  REQUIRE(core);
  CHECK(core->group.empty());
  CHECK(core->api_version() == "v1");

  auto bad = key_of(Json::parse(R"({"kind":"ConfigMap","metadata":{}})"));
  REQUIRE(!bad);
  CHECK(bad.error().message == "ConfigMap has no apiVersion metadata.name");
  CHECK(!key_of(Json::array()));
  CHECK(*from_json(obj) == *key);
}

TEST_CASE("json helpers never throw") {
  auto bad = parse_json("body", "{\"a\": ");
  REQUIRE(!bad);
  CHECK(bad.error().message.find("body: invalid JSON at byte") == 0);
  auto j = parse_json("body", R"({"a":{"b/c":[1,"x"]}})");
  REQUIRE(j);
  CHECK(int_at(*j, "/a/b~1c/0") == 1);
  CHECK(string_at(*j, "/a/b~1c/1") == "x");
  CHECK(string_at(*j, "/a/b~1c/7").empty());
  CHECK(string_at(*j, "/a/b~1c/x").empty());
  CHECK(find(*j, "/nope/deeper") == nullptr);
  CHECK(dump(Json{{"k", std::string("\xff")}}) == "{\"k\":\"\xEF\xBF\xBD\"}");
}

TEST_CASE("label keys") {
  CHECK(kLabelManagedBy == "app.kubernetes.io/managed-by");
  CHECK(kManagedByValue == "vsctl");
  CHECK(kAnnotationDefinitionDigest == "vsctl.dev/definition-digest");
}
