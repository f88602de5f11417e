#include "apply/record_store.h"

#include <doctest/doctest.h>

#include "testing/fake_cluster.h"

using namespace vsctl;

TEST_CASE("records: after --rollback-on-failure put everything back, the newest record's services are the restored ones") {
  testing::FakeCluster c;
  apply::RecordStore store(c, "shop", "shop");
  apply::Record good;
  good.architecture = good.ns = "shop";
  good.outcome = apply::Outcome::Succeeded;
  good.services["api"] = {{"version", "1.0.0"}};
  REQUIRE(store.begin(good));
  REQUIRE(store.complete(good));
  apply::Record bad = good;
  bad.services["api"] = {{"version", "1.2.0"}};
  REQUIRE(store.begin(bad));
  bad.outcome = apply::Outcome::Failed;
  bad.message = "api failed; rolled back to revision 1: api restored";
  bad.restored = good.revision;
  REQUIRE(store.complete(bad));

  auto latest = store.latest();
  REQUIRE(latest);
  REQUIRE(*latest);
  CHECK((*latest)->revision == 2);
  CHECK((*latest)->outcome == apply::Outcome::Failed);
  CHECK((*latest)->restored == 1);
  CHECK(k8s::string_at((*latest)->services["api"], "/version") == "1.0.0");
  // the stored record still says what it tried
  auto all = store.list();
  REQUIRE(all);
  CHECK(k8s::string_at(all->front().services["api"], "/version") == "1.2.0");
}

TEST_CASE("records: a failed step keeps its message (the cause) beside its reason") {
  apply::Record r;
  r.architecture = r.ns = "shop";
  r.outcome = apply::Outcome::Failed;
  r.changed.push_back({"api", "Update", "1.0.0", "1.2.0", "d", "failed", "CrashLoopBackOff", {"apply apps/v1 Deployment shop/api"},
                       "container api: CrashLoopBackOff, last exit 1 (Error): panic: cannot connect to cart:7070"});
  r.changed.push_back({"web", "Update", "2.0.0", "2.1.0", "d", "skipped", "", {}, ""});
  auto back = apply::header_from_json(apply::header_json(r));
  REQUIRE(back);
  REQUIRE(back->changed.size() == 2);
  CHECK(back->changed[0].message == "container api: CrashLoopBackOff, last exit 1 (Error): panic: cannot connect to cart:7070");
  CHECK(back->changed[1].message.empty());
  CHECK_FALSE(apply::header_json(r)["changed"][1].contains("message"));
}

TEST_CASE("records: operation, outcome and the services left alone survive the JSON, unknown words are refused") {
  apply::Record r;
  r.architecture = r.ns = "shop";
  r.operation = apply::Operation::Reconcile;
  r.outcome = apply::Outcome::Interrupted;
  r.left_alone["db"] = {{"version", "16.2"}, {"digest", "d1"}, {"definition", {{"image", "postgres"}}}};
  auto j = apply::header_json(r);
  CHECK(j["operation"] == "reconcile");
  CHECK(j["outcome"] == "interrupted");
  auto back = apply::header_from_json(j);
  REQUIRE(back);
  CHECK(back->operation == apply::Operation::Reconcile);
  CHECK(back->outcome == apply::Outcome::Interrupted);
  REQUIRE(back->left_alone.count("db"));
  CHECK(back->left_alone["db"]["version"] == "16.2");
  CHECK_FALSE(apply::header_json(apply::Record{})["leftAlone"].is_object());

  CHECK_FALSE(back->promoted_from);
  CHECK_FALSE(j.contains("promotedFrom"));

  j["outcome"] = "exploded";
  auto bad = apply::header_from_json(j);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.find("exploded") != std::string::npos);
}

TEST_CASE("records: a promote names where its VersionSet came from, and that survives the JSON") {
  apply::Record r;
  r.architecture = r.ns = "shop";
  r.operation = apply::Operation::Promote;
  r.promoted_from = apply::PromotedFrom{"staging", "production", {{"staging", 4}, {"staging-b", 2}}};
  auto j = apply::header_json(r);
  CHECK(j["operation"] == "promote");
  CHECK(j["promotedFrom"]["stage"] == "staging");
  CHECK(j["promotedFrom"]["sources"][1]["revision"] == 2);
  auto back = apply::header_from_json(j);
  REQUIRE(back);
  CHECK(back->operation == apply::Operation::Promote);
  REQUIRE(back->promoted_from);
  CHECK(*back->promoted_from == *r.promoted_from);
}
