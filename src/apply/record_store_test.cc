#include "apply/record_store.h"

#include <doctest/doctest.h>

#include "kube/fake_cluster.h"

using namespace vsctl;

TEST_CASE("records: after --rollback-on-failure put everything back, the newest record's services are the restored ones") {
  kube::FakeCluster c;
  apply::RecordStore store(c, "shop", "shop");
  apply::Record good;
  good.architecture = good.ns = "shop";
  good.outcome = "succeeded";
  good.services["api"] = {{"version", "1.0.0"}};
  REQUIRE(store.begin(good));
  REQUIRE(store.complete(good));
  apply::Record bad = good;
  bad.services["api"] = {{"version", "1.2.0"}};
  REQUIRE(store.begin(bad));
  bad.outcome = "failed";
  bad.message = "api failed; rolled back to revision 1: api restored";
  bad.restored = good.revision;
  REQUIRE(store.complete(bad));

  auto latest = store.latest();
  REQUIRE(latest);
  REQUIRE(*latest);
  CHECK((*latest)->revision == 2);
  CHECK((*latest)->outcome == "failed");
  CHECK((*latest)->restored == 1);
  CHECK(k8s::string_at((*latest)->services["api"], "/version") == "1.0.0");
  // the stored record still says what it tried
  auto all = store.list();
  REQUIRE(all);
  CHECK(k8s::string_at(all->front().services["api"], "/version") == "1.2.0");
}
