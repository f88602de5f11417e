#include "diff/pairing.h"

#include <doctest/doctest.h>

using namespace vsctl;

TEST_CASE("pairing matches by identity and leaves create and prune sides empty") {
  k8s::Json dep = {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"metadata", {{"name", "cart"}, {"namespace", "shop"}}}};
  k8s::Json svc = {{"apiVersion", "v1"}, {"kind", "Service"}, {"metadata", {{"name", "cart"}, {"namespace", "shop"}}}};
  std::vector<diff::Desired> desired{{"cart", *k8s::key_of(dep), &dep}, {"cart", *k8s::key_of(svc), &svc}};
  std::vector<k8s::Json> live{
      {{"apiVersion", "apps/v1"}, {"kind", "Deployment"}, {"metadata", {{"name", "cart"}, {"namespace", "shop"}}}},
      {{"apiVersion", "apps/v1"},
       {"kind", "Deployment"},
       {"metadata", {{"name", "old"}, {"namespace", "shop"}, {"labels", {{"app.kubernetes.io/name", "old"}}}}}}};
  auto pairs = diff::pair_objects(desired, live);
  REQUIRE(pairs.size() == 3);
  // Sorted by key: the core group ("") before apps.
  CHECK(pairs[0].key.kind == "Service");
  CHECK(pairs[0].live == nullptr);
  CHECK(pairs[1].key.kind == "Deployment");
  CHECK(pairs[1].key.name == "cart");
  CHECK((pairs[1].desired && pairs[1].live));
  CHECK(pairs[2].key.name == "old");
  CHECK(pairs[2].desired == nullptr);
  CHECK(pairs[2].service == "old");
}
