#include "versionset/summarizer.h"

#include <doctest/doctest.h>

#include <string>

#include "manifest/document.h"
#include "manifest/view.h"

namespace vsctl::versionset {

namespace {

std::string manifest(const std::string& cart_version, const std::string& extra_service = "") {
  return R"(apiVersion: vsctl.dev/v1
kind: Architecture
metadata:
  name: shop
spec:
  defaults:
    resources: { cpu: 100m, memory: 64Mi }
  services:
    cart:
      image: reg/cart
      version: )" +
         cart_version + R"(
      instances: { min: 2, max: 4 }
      dependsOn: { redis: ">=7" }
      objects: [ k8s/cart.yaml ]
    redis:
      image: redis
      version: 7.2.4
)" + extra_service +
         R"(  environments:
    staging:
      services:
        cart: { version: 9.9.9 }
)";
}

std::vector<ServiceRecord> records(const RecordTable& t, const Summary& s) {
  std::vector<ServiceRecord> out;
  for (auto id : s.services) out.push_back(t[id]);
  return out;
}

bool same(const std::vector<ServiceRecord>& a, const std::vector<ServiceRecord>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    BinWriter x, y;
    a[i].write(x);
    b[i].write(y);
    if (x.data() != y.data()) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("Summarizer: chunked summaries equal whole parses, and only changed services are parsed") {
  RecordTable t1;
  Summarizer chunked(t1, "deploy/architecture.yaml", "deploy", "");
  Summary a = chunked.summarize(manifest("2.2.0"));
  Summary b = chunked.summarize(manifest("2.3.0"));
  Summary c = chunked.summarize(manifest("2.3.0", "    search:\n      image: reg/search\n      version: 1.0.0\n"));
  CHECK(chunked.stats().whole_parses == 0);
  CHECK(chunked.stats().chunk_parses == 2 + 1 + 1);
  CHECK(chunked.stats().chunks_reused == 1 + 2);

  auto whole = [&](const std::string& text) {
    util::Diagnostics diags;
    auto doc = manifest::parse_document("deploy/architecture.yaml", text, diags);
    auto view = manifest::build_view(doc, "", diags);
    std::vector<ServiceRecord> out;
    for (const auto& svc : view->services) out.push_back(record_of(svc, "deploy"));
    return out;
  };
  CHECK(same(records(t1, a), whole(manifest("2.2.0"))));
  CHECK(same(records(t1, b), whole(manifest("2.3.0"))));
  REQUIRE(c.services.size() == 3);
  CHECK(t1[c.services[2]].name == "search");

  const ServiceRecord* cart = find_service(t1, b, "cart");
  REQUIRE(cart);
  CHECK(cart->version == "2.3.0");
  CHECK(cart->min == 2);
  CHECK(cart->max == 4);
  CHECK(cart->objects == std::vector<std::string>{"deploy/k8s/cart.yaml"});
  REQUIRE(cart->range_on("redis"));
  CHECK(*cart->range_on("redis") == ">=7");
  CHECK(cart->field("resources") != 0);
  CHECK(cart->field("version") != find_service(t1, a, "cart")->field("version"));
}

TEST_CASE("Summarizer: environments apply to chunks as to the whole") {
  RecordTable t;
  Summarizer s(t, "architecture.yaml", "", "staging");
  Summary a = s.summarize(manifest("2.2.0"));
  Summary b = s.summarize(manifest("2.3.0"));
  CHECK(find_service(t, a, "cart")->version == "9.9.9");
  CHECK(find_service(t, b, "cart")->version == "9.9.9");
}

TEST_CASE("Summarizer: anchors and flow style fall back to whole parses") {
  RecordTable t;
  Summarizer s(t, "architecture.yaml", "", "");
  std::string anchored = manifest("2.2.0");
  anchored.replace(anchored.find("image: reg/cart"), 15, "image: &img reg/cart");
  anchored.replace(anchored.find("image: redis"), 12, "image: *img");
  Summary a = s.summarize(anchored);
  CHECK(s.stats().whole_parses == 1);
  REQUIRE(a.usable);
  CHECK(find_service(t, a, "redis")->image == "reg/cart");
  Summary broken = s.summarize("spec: [");
  CHECK_FALSE(broken.usable);
}

TEST_CASE("Summarizer: seeding from a known text lets the next one parse only what changed") {
  RecordTable t;
  Summary known;
  {
    Summarizer first(t, "architecture.yaml", "", "");
    known = first.summarize(manifest("2.2.0"));
  }
  Summarizer s(t, "architecture.yaml", "", "");
  s.seed(manifest("2.2.0"), known);
  Summary next = s.summarize(manifest("2.3.0"));
  CHECK(s.stats().chunk_parses == 1);
  CHECK(s.stats().whole_parses == 0);
  CHECK(find_service(t, next, "cart")->version == "2.3.0");
}

}  // namespace vsctl::versionset
