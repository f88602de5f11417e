#include "versionset/changes.h"

#include <doctest/doctest.h>

#include "versionset/views_test.h"

namespace vsctl::versionset {

namespace {

using testing::view;

}  // namespace

TEST_CASE("diff_views classifies each service and lists fields") {
  auto a = view(
      "    cart:\n      image: c\n      version: 2.2.0\n      instances: { min: 2, max: 2 }\n"
      "    old:\n      image: o\n      version: 1.0.0\n"
      "    web:\n      image: w\n      version: 1.0.0\n      env: { A: x }\n"
      "    api:\n      image: a\n      version: 1.0.0\n");
  auto b = view(
      "    cart:\n      image: c\n      version: 2.2.0\n      instances: { min: 3, max: 3 }\n"
      "    new:\n      image: n\n      version: 0.1.0\n"
      "    web:\n      image: w\n      version: 1.0.0\n      env: { A: y, B: z }\n"
      "    api:\n      image: a\n      version: 1.1.0\n      instances: { min: 2, max: 2 }\n");
  auto d = diff_views(a, b);
  REQUIRE(d.size() == 5);
  CHECK(d[0].service == "api");
  CHECK(d[0].kind == Change::Update);
  CHECK(d[1].service == "cart");
  CHECK(d[1].kind == Change::Scale);
  REQUIRE(d[1].fields.size() == 2);
  CHECK(d[1].fields[0].path == "instances.max");
  CHECK(d[1].fields[0].from == 2);
  CHECK(d[1].fields[0].to == 3);
  CHECK(d[2].service == "new");
  CHECK(d[2].kind == Change::Provision);
  CHECK(d[3].service == "old");
  CHECK(d[3].kind == Change::Destroy);
  CHECK(d[4].kind == Change::Update);  // not its version: any other change is an Update too
  REQUIRE(d[4].fields.size() == 2);
  CHECK(d[4].fields[0].path == "env.A");
  CHECK(d[4].fields[1].path == "env.B");
  CHECK(d[4].fields[1].from.is_null());
  CHECK(diff_views(a, a).empty());
}

TEST_CASE("diff_views: an older version is a Rollback, by semver precedence") {
  auto a = view(
      "    api:\n      image: a\n      version: 1.10.0\n"
      "    cart:\n      image: c\n      version: 2.3.0\n"
      "    legacy:\n      image: l\n      version: stable\n"
      "    web:\n      image: w\n      version: 1.0.0-rc.2\n");
  auto b = view(
      "    api:\n      image: a\n      version: 1.9.0\n"
      "    cart:\n      image: c\n      version: 2.4.0\n"
      "    legacy:\n      image: l\n      version: old\n"
      "    web:\n      image: w\n      version: 1.0.0-rc.1\n      instances: { min: 2, max: 2 }\n");
  auto d = diff_views(a, b);
  REQUIRE(d.size() == 4);
  CHECK(d[0].kind == Change::Rollback);  // 1.10.0 -> 1.9.0: precedence, not string order
  CHECK(d[1].kind == Change::Update);
  CHECK(d[2].kind == Change::Update);  // not semver: never older
  CHECK(d[3].kind == Change::Rollback);
  CHECK(std::string(to_string(Change::Rollback)) == "Rollback");
  CHECK(diff_views(b, a)[1].kind == Change::Rollback);
}

TEST_CASE("diff_json goes into arrays by index") {
  auto c = diff_json(manifest::Json::parse(R"({"ports":[{"port":80},{"port":81}]})"),
                     manifest::Json::parse(R"({"ports":[{"port":8080}]})"));
  REQUIRE(c.size() == 2);
  CHECK(c[0].path == "ports[0].port");
  CHECK(c[1].path == "ports[1]");
  CHECK(c[1].to.is_null());
}

}  // namespace vsctl::versionset
