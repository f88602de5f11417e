#include "versionset/split.h"

#include <doctest/doctest.h>

#include <string>

namespace vsctl::versionset {

namespace {

const char* kManifest = R"(apiVersion: vsctl.dev/v1
kind: Architecture
metadata:
  name: shop
spec:
  defaults:
    recovery: cattle
  services:
    # the shop
    cart:
      image: reg/cart
      version: 2.2.0
      dependsOn: { redis: ">=7" }

    redis:
      image: redis   # the cache
      version: 7.2.4
  environments:
    staging:
      services:
        cart: { version: 2.3.0 }
)";

std::string joined(const ManifestSplit& s) {
  std::string out(s.head);
  for (const auto& c : s.services) out += c.text;
  return out + std::string(s.tail);
}

}  // namespace

TEST_CASE("split_services cuts block-style manifests into one chunk per service") {
  auto s = split_services(kManifest);
  REQUIRE(s);
  REQUIRE(s->services.size() == 2);
  CHECK(s->services[0].name == "cart");
  CHECK(s->services[0].text == "    cart:\n      image: reg/cart\n      version: 2.2.0\n      dependsOn: { redis: \">=7\" }\n\n");
  CHECK(s->services[1].name == "redis");
  CHECK(s->head.substr(s->head.size() - 27) == "  services:\n    # the shop\n");
  CHECK(s->tail.substr(0, 15) == "  environments:");
  CHECK(joined(*s) == kManifest);
}

TEST_CASE("split_services gives up where the structure is not certain") {
  CHECK_FALSE(split_services("spec: {services: {a: {version: 1}}}\n"));
  CHECK_FALSE(split_services("spec:\n  services: {a: {}}\n"));
  CHECK_FALSE(split_services("spec:\n  services:\n\t a:\n      version: 1\n"));
  CHECK_FALSE(split_services("spec:\n  services:\n    - a\n"));
  CHECK_FALSE(split_services("spec:\n  services:\n    \"a\":\n      version: 1\n"));
  CHECK_FALSE(split_services("a: 1\n---\nspec:\n  services:\n    a:\n      version: 1\n"));
  CHECK_FALSE(split_services("spec:\n  services:\n      a:\n        version: 1\n    b:\n      version: 2\n"));
  CHECK_FALSE(split_services("spec:\n  namespace: x\n"));
  CHECK_FALSE(split_services("spec:\n  services:\n  other: 1\n"));
}

TEST_CASE("split_services accepts a document start, comments anywhere and CRLF") {
  auto s = split_services("---\nspec:\n  services:\n# odd comment\n    a:\r\n      version: 1\r\n    b:\n      version: 2\n");
  REQUIRE(s);
  REQUIRE(s->services.size() == 2);
  CHECK(s->services[0].text == "    a:\r\n      version: 1\r\n");
}

TEST_CASE("self_contained refuses anchors, aliases and lines left open") {
  CHECK(self_contained("a: { b: 1, c: [x, y] }\nd: \"it's # fine\"\ne: it's fine # isn't it\n"));
  CHECK(self_contained("f: 'it''s'\ng: >-\n  text\n"));
  CHECK_FALSE(self_contained("a: &x 1\n"));
  CHECK_FALSE(self_contained("a: *x\n"));
  CHECK_FALSE(self_contained("a: { b: 1,\n  c: 2 }\n"));
  CHECK_FALSE(self_contained("a: \"open\n  quote\"\n"));
  CHECK_FALSE(self_contained("a: [1, 2\n"));
}

}  // namespace vsctl::versionset
