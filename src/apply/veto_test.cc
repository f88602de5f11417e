#include "apply/veto.h"

#include <doctest/doctest.h>

#include "testing/fake_cluster.h"

using namespace vsctl;
using apply::Veto;

TEST_CASE("veto: SERVICE@VERSION parses, anything else is a usage error naming it") {
  auto p = apply::parse_service_at_version("cart@2.2.0");
  REQUIRE(p);
  CHECK(p->first == "cart");
  CHECK(p->second == "2.2.0");
  for (const char* bad : {"cart", "@2.2.0", "cart@", "cart@1@2", "Cart@1.0.0", "cart@1 0"}) {
    auto e = apply::parse_service_at_version(bad);
    REQUIRE_FALSE(e);
    CHECK(e.error().kind == util::ErrorKind::Usage);
  }
  CHECK(apply::parse_service_at_version("cart@1.0.0").error().message.empty() == false);
}

TEST_CASE("veto: keys are valid ConfigMap keys, encode and decode round-trip") {
  CHECK(apply::veto_key("cart", "2.2.0") == "cart_2.2.0");
  CHECK(apply::veto_key("cart", "1.0.0+build.7") == "cart_1.0.0_build.7");
  std::vector<Veto> vs{{"web", "1.1.0", "leaks memory", "alice@laptop", "2026-01-02T03:04:05Z"},
                       {"api", "1.0.0+b", "", "bob@ci", "2026-01-02T03:04:06Z"}};
  auto cm = apply::encode_vetoes("shop", "shop-ns", vs);
  CHECK(k8s::string_at(cm, "/metadata/name") == "vsctl.shop.vetoes");
  CHECK(k8s::string_at(cm, "/metadata/namespace") == "shop-ns");
  CHECK(cm["metadata"]["labels"]["vsctl.dev/vetoes"] == "shop");
  CHECK(cm["data"].contains("api_1.0.0_b"));
  auto back = apply::decode_vetoes(cm);
  REQUIRE(back);
  REQUIRE(back->size() == 2);
  CHECK((*back)[0] == vs[1]);  // sorted by service
  CHECK((*back)[1] == vs[0]);
}

TEST_CASE("veto: an entry that does not decode is an error naming its key") {
  auto cm = apply::encode_vetoes("shop", "shop", {});
  cm["data"]["web_1.0.0"] = "not json";
  auto e = apply::decode_vetoes(cm);
  REQUIRE_FALSE(e);
  CHECK(e.error().message.find("key web_1.0.0") != std::string::npos);
  cm["data"]["web_1.0.0"] = R"({"service":"web","version":"2.0.0"})";
  CHECK(apply::decode_vetoes(cm).error().message.find("does not match web@2.0.0") != std::string::npos);
}

TEST_CASE("veto: check refuses a vetoed desired version, exit 8, naming it and how to lift it") {
  std::vector<Veto> vs{{"web", "1.1.0", "leaks memory", "alice@laptop", "2026-01-02T03:04:05Z"}};
  CHECK(apply::check_vetoes(vs, {{"web", "1.0.0"}, {"api", "1.1.0"}}));
  auto e = apply::check_vetoes(vs, {{"web", "1.1.0"}, {"api", "1.0.0"}});
  REQUIRE_FALSE(e);
  CHECK(e.error().kind == util::ErrorKind::Refused);
  CHECK(util::exit_code(e.error().kind) == 8);
  CHECK(e.error().message ==
        "web@1.1.0 is vetoed: leaks memory (by alice@laptop at 2026-01-02T03:04:05Z); "
        "lift it with `vsctl unveto web@1.1.0`");
}

TEST_CASE("veto store: add, list, remove against the cluster, lost races are retried") {
  testing::FakeCluster f;
  apply::VetoStore store(f, "shop", "shop");
  auto none = store.list();
  REQUIRE(none);
  CHECK(none->empty());

  Veto v{"web", "1.1.0", "leaks", "alice@laptop", "2026-01-02T03:04:05Z"};
  auto added = store.add(v);
  REQUIRE(added);
  CHECK(*added);
  CHECK_FALSE(*store.add(v));  // already there
  v.reason = "leaks memory";
  CHECK(*store.add(v));  // reason replaced

  kube::ApiError conflict;
  conflict.kind = kube::ApiErrorKind::Conflict;
  f.fail_next(kube::Verb::Update, conflict);
  REQUIRE(store.add({"api", "1.0.0", "", "bob@ci", "2026-01-02T03:04:06Z"}));
  auto all = store.list();
  REQUIRE(all);
  REQUIRE(all->size() == 2);
  CHECK((*all)[1].reason == "leaks memory");

  CHECK(*store.remove("web", "1.1.0"));
  CHECK_FALSE(*store.remove("web", "1.1.0"));
  all = store.list();
  REQUIRE(all);
  REQUIRE(all->size() == 1);
  CHECK((*all)[0].service == "api");

  kube::ApiError forbidden;
  forbidden.kind = kube::ApiErrorKind::Forbidden;
  f.fail_next(kube::Verb::Get, forbidden);
  auto e = store.list();
  REQUIRE_FALSE(e);
  CHECK(e.error().kind == util::ErrorKind::Cluster);
}
