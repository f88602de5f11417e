#include "engine/run.h"

#include <doctest/doctest.h>

#include "testing/fake_cluster.h"

using namespace vsctl;
using namespace vsctl::engine;

namespace {

Desired shop() {
  manifest::Architecture a;
  a.name = "shop";
  a.ns = "shop";
  auto d = from_services(a, {}, {}, diff::Policy::defaults(), 300);
  REQUIRE(d);
  return *d;
}

apply::Record succeeded(apply::Operation op, std::string commit, std::string tree) {
  apply::Record r;
  r.operation = op;
  r.outcome = apply::Outcome::Succeeded;
  r.commit = std::move(commit);
  r.tree_digest = std::move(tree);
  return r;
}

}  // namespace

TEST_CASE("engine: every desired state judges drift by a policy, never an empty one") {
  CHECK_FALSE(Desired{}.policy.drift_managers.empty());
  CHECK_FALSE(shop().policy.drift_managers.empty());
  diff::Policy mine = diff::Policy::defaults();
  mine.drift_managers = {"my-tool"};
  manifest::Architecture a;
  a.name = "shop";
  auto d = from_services(a, {}, {}, mine, 300);
  REQUIRE(d);
  CHECK(d->policy.drift_managers == std::vector<std::string>{"my-tool"});
}

TEST_CASE("engine: nothing to do only when the newest record already has this VersionSet converged by this operation") {
  Desired d = shop();
  d.tree_digest = "t1";
  apply::Plan empty;
  RunSpec apply_spec;
  apply_spec.commit = "c1";
  CHECK(nothing_to_do(d, empty, succeeded(apply::Operation::Apply, "c1", ""), apply_spec));
  CHECK_FALSE(nothing_to_do(d, empty, succeeded(apply::Operation::Apply, "c0", ""), apply_spec));
  CHECK_FALSE(nothing_to_do(d, empty, succeeded(apply::Operation::Rollback, "c1", ""), apply_spec));
  CHECK_FALSE(nothing_to_do(d, empty, std::nullopt, apply_spec));
  auto failed = succeeded(apply::Operation::Apply, "c1", "");
  failed.outcome = apply::Outcome::Failed;
  CHECK_FALSE(nothing_to_do(d, empty, failed, apply_spec));
  // a dirty tree is named by its digest
  RunSpec dirty;
  CHECK(nothing_to_do(d, empty, succeeded(apply::Operation::Apply, "", "t1"), dirty));
  CHECK_FALSE(nothing_to_do(d, empty, succeeded(apply::Operation::Apply, "", "t0"), dirty));
  // a destroy with nothing left is done, recorded or not
  RunSpec destroy;
  destroy.operation = Operation::Destroy;
  CHECK(nothing_to_do(d, empty, std::nullopt, destroy));
  // a step to run is always something to do
  apply::Plan one;
  one.waves.push_back({0, {apply::Step{}}});
  CHECK_FALSE(nothing_to_do(d, one, succeeded(apply::Operation::Apply, "c1", ""), apply_spec));
}

TEST_CASE("engine: a refused plan never runs, whoever calls, and the cluster sees no write") {
  testing::FakeCluster cluster;
  apply::NullReporter reporter;
  Planned p;
  apply::Step s;
  s.service = "db";
  s.change = apply::Change::Update;
  p.plan.waves.push_back({0, {s}});
  p.plan.doors.push_back({apply::DoorKind::StorageLoss, "db", "apps/v1 StatefulSet shop/db", "volume data", false});
  for (auto op : {Operation::Apply, Operation::Rollback, Operation::Reconcile, Operation::Destroy}) {
    RunSpec spec;
    spec.operation = op;
    auto r = run(cluster, reporter, shop(), p, spec);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == util::ErrorKind::Refused);
    CHECK(r.error().message.find("storage-loss") != std::string::npos);
  }
  CHECK(cluster.calls().empty());
}
