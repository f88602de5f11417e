#include "reconcile/decide.h"

#include <doctest/doctest.h>

using namespace vsctl;
using reconcile::Verdict;

namespace {
apply::Plan plan_with(std::vector<apply::Step> steps) {
  apply::Plan p;
  p.architecture = "fx";
  if (!steps.empty()) p.waves.push_back({0, std::move(steps)});
  return p;
}
apply::Step step(std::string service, apply::Change c, std::string reason) {
  apply::Step s;
  s.service = std::move(service);
  s.change = c;
  s.reason = std::move(reason);
  return s;
}
apply::Record record(std::string commit) {
  apply::Record r;
  r.commit = std::move(commit);
  r.outcome = apply::Outcome::Succeeded;
  return r;
}
const std::string kTip = "1111111aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
}  // namespace

TEST_CASE("reconcile decide: nothing to change at the recorded commit is converged") {
  auto p = plan_with({});
  p.unchanged = {"api", "db"};
  auto d = reconcile::decide(p, record(kTip), kTip, {});
  CHECK(d.verdict == Verdict::Converged);
  CHECK(d.summary == "converged at 1111111, 2 service(s) unchanged");
  CHECK(d.lines.empty());
}

TEST_CASE("reconcile decide: a new commit is applied even when no object changes") {
  auto d = reconcile::decide(plan_with({}), record("2222222bbbb"), kTip, {});
  CHECK(d.verdict == Verdict::Apply);
  CHECK(d.summary == "new commit 1111111 (was 2222222)");
  auto first = reconcile::decide(plan_with({}), std::nullopt, kTip, {});
  CHECK(first.verdict == Verdict::Apply);
  CHECK(first.summary == "new commit 1111111 (nothing recorded yet)");
}

TEST_CASE("reconcile decide: steps at the recorded commit are drift, named per service") {
  auto d = reconcile::decide(plan_with({step("web", apply::Change::Scale, "drift: kubectl-scale owns fields"),
                                        step("api", apply::Change::Update, "drift: objects missing")}),
                             record(kTip), kTip, {});
  CHECK(d.verdict == Verdict::Apply);
  CHECK(d.summary == "drift in web, api");
  REQUIRE(d.lines.size() == 2);
  CHECK(d.lines[0] == "web: Scale: drift: kubectl-scale owns fields");
}

TEST_CASE("reconcile decide: a new commit with steps names the changes") {
  auto d = reconcile::decide(plan_with({step("api", apply::Change::Update, "version 1.0.0 -> 1.1.0")}), record("2222222"), kTip, {});
  CHECK(d.summary == "new commit 1111111 (was 2222222); changes in api");
}

TEST_CASE("reconcile decide: one-way doors, foreign objects and vetoes are refused, never applied") {
  auto p = plan_with({step("db", apply::Change::Update, "volume data: 1Gi -> 2Gi")});
  apply::Door door;
  door.kind = apply::DoorKind::VolumeChange;
  door.service = "db";
  door.object = "apps/v1 StatefulSet fx/db";
  door.detail = "volume data: 1Gi -> 2Gi";
  p.doors.push_back(door);
  auto d = reconcile::decide(p, record("2222222"), kTip, {"api@1.1.0 is vetoed"});
  CHECK(d.verdict == Verdict::Refused);
  REQUIRE(d.lines.size() == 2);
  CHECK(d.lines[0] == "api@1.1.0 is vetoed");
  CHECK(d.lines[1].find("one-way door (volume-change) in service db") == 0);
  // an allowed door is no reason to refuse (the reconciler allows none, but the plan decides)
  p.doors[0].allowed = true;
  CHECK(reconcile::decide(p, record("2222222"), kTip, {}).verdict == Verdict::Apply);
}

TEST_CASE("reconcile: --follow promoted keeps the newest promote or whole rollback that succeeded") {
  auto rec = [](apply::Operation op, const std::string& commit, apply::Outcome o = apply::Outcome::Succeeded) {
    apply::Record r;
    r.operation = op;
    r.commit = commit;
    r.outcome = o;
    return r;
  };
  using apply::Operation;
  using reconcile::promoted_commit;
  CHECK_FALSE(promoted_commit({}));
  CHECK_FALSE(promoted_commit({rec(Operation::Apply, "a"), rec(Operation::Reconcile, "a")}));
  CHECK(promoted_commit({rec(Operation::Reconcile, "tip"), rec(Operation::Apply, "x"), rec(Operation::Promote, "p")}) == "p");
  CHECK(promoted_commit({rec(Operation::Promote, "bad", apply::Outcome::Failed), rec(Operation::Promote, "p")}) == "p");
  CHECK(promoted_commit({rec(Operation::Rollback, "r"), rec(Operation::Promote, "p")}) == "r");
  CHECK(promoted_commit({rec(Operation::Rollback, ""), rec(Operation::Promote, "p")}) == "p");  // named services: no one commit
}
