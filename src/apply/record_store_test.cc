#include "apply/record_store.h"

#include <doctest/doctest.h>

#include <set>
#include <utility>

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

namespace {

// The revisions whose Secrets remain, and how many Secrets in all.
std::pair<std::set<std::string>, std::size_t> record_secrets(testing::FakeCluster& c) {
  kube::ListOptions lo;
  lo.namespace_ = "shop";
  lo.label_selector = "vsctl.dev/record=shop";
  auto l = c.list({"", "v1", "Secret"}, lo);
  REQUIRE(l);
  std::set<std::string> revisions;
  for (const auto& s : l->items) revisions.insert(k8s::string_at(s, "/metadata/labels/vsctl.dev~1revision"));
  return {revisions, l->items.size()};
}

}  // namespace

TEST_CASE("records: trim keeps the newest and the current revision, and removes the others' headers, parts and strays") {
  testing::FakeCluster c;
  apply::RecordStore store(c, "shop", "shop");
  for (int i = 0; i < 4; ++i) {
    apply::Record r;
    r.architecture = r.ns = "shop";
    r.outcome = apply::Outcome::Succeeded;
    r.services["api"] = {{"version", "1.0." + std::to_string(i)}};
    r.objects = {{{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"metadata", {{"name", "api-" + std::to_string(i)}}}}};
    REQUIRE(store.begin(r));
    REQUIRE(store.complete(r));
    CHECK(r.revision == i + 1);
    CHECK(r.parts >= 1);
  }
  // a part whose header was never written (its run stopped while writing the record)
  k8s::Json stray = {{"apiVersion", "v1"},
                     {"kind", "Secret"},
                     {"type", std::string(apply::kRecordType)},
                     {"metadata",
                      {{"name", "vsctl.shop.v2.7"},
                       {"namespace", "shop"},
                       {"labels", {{"vsctl.dev/record", "shop"}, {"vsctl.dev/revision", "2"}, {"vsctl.dev/part", "7"}}}}}};
  REQUIRE(c.apply(stray, {}));
  auto [before, count_before] = record_secrets(c);
  CHECK(before == std::set<std::string>{"1", "2", "3", "4"});

  REQUIRE(store.trim(2, 1));  // keep 4 and 3, and 1: the current run's
  auto [after, count_after] = record_secrets(c);
  CHECK(after == std::set<std::string>{"1", "3", "4"});
  CHECK(count_after == count_before - 3);  // revision 2's header, its part and the stray
  auto listed = store.list();
  REQUIRE(listed);
  REQUIRE(listed->size() == 3);
  CHECK(listed->back().revision == 1);
  auto objects = store.objects(listed->back());
  REQUIRE(objects);  // the kept revisions still have every part
  CHECK(objects->size() == 1);
  CHECK(store.trim(0, 0));  // 0: keep everything
  CHECK(record_secrets(c).second == count_after);
}
