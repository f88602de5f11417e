#include "versionset/rollback.h"

#include <doctest/doctest.h>

namespace vsctl::versionset {

namespace {

using Deps = std::vector<std::pair<std::string, std::string>>;

Candidate cand(std::string version, Deps deps, std::size_t age) {
  Candidate c;
  c.version = std::move(version);
  c.depends_on = std::move(deps);
  c.age = age;
  c.commit = "c" + std::to_string(age);
  return c;
}

ServiceVersions svc(std::string name, Candidate current, std::vector<Candidate> earlier = {}) {
  return {std::move(name), std::move(current), std::move(earlier)};
}

std::string moves_of(const RollbackPlan& p) {
  std::string out;
  for (const auto& m : p.moves) out += m.service + " " + m.from + "->" + m.to + (m.named ? "" : "*") + "; ";
  return out;
}

}  // namespace

TEST_CASE("rollback: a move the ranges allow drags nothing") {
  RollbackRequest req;
  req.services = {svc("cart", cand("2.3.0", {}, 0), {cand("2.2.0", {}, 1)}),
                  svc("frontend", cand("1.4.2", {{"cart", ">=2.0 <3"}}, 0), {cand("1.4.1", {{"cart", "^2"}}, 2)})};
  req.targets = {{"cart", "2.2.0"}};
  auto p = plan_rollback(req);
  REQUIRE(p);
  CHECK(moves_of(*p) == "cart 2.3.0->2.2.0; ");
  CHECK(p->moves[0].commit == "c1");
}

TEST_CASE("rollback: an older version's range drags a dependency back") {
  RollbackRequest req;
  req.services = {svc("cart", cand("2.3.0", {{"redis", ">=7"}}, 0), {cand("2.2.0", {{"redis", "<7.2"}}, 1)}),
                  svc("redis", cand("7.2.4", {}, 0), {cand("7.0.0", {}, 3), cand("7.1.0", {}, 2), cand("7.3.0", {}, 4)})};
  req.targets = {{"cart", "2.2.0"}};
  auto p = plan_rollback(req);
  REQUIRE(p);
  // dependents before dependencies; the newest admitted older version; never forwards (7.3.0)
  CHECK(moves_of(*p) == "cart 2.3.0->2.2.0; redis 7.2.4->7.1.0*; ");
  REQUIRE(p->moves[1].forced_by.size() == 1);
  const Force& f = p->moves[1].forced_by[0];
  CHECK(f.dependent == "cart");
  CHECK(f.dependency == "redis");
  CHECK(f.range == "<7.2");
  CHECK(f.version == "7.2.4");
}

TEST_CASE("rollback: dependents are dragged transitively") {
  RollbackRequest req;
  req.services = {
      svc("cart", cand("2.3.0", {}, 0), {cand("2.2.0", {}, 2)}),
      svc("frontend", cand("1.4.2", {{"cart", ">=2.3"}}, 0), {cand("1.3.0", {{"cart", ">=2.2"}}, 1)}),
      svc("web", cand("2.0.0", {{"frontend", "^1.4"}}, 0), {cand("1.9.0", {{"frontend", "^1.3"}}, 1)}),
      svc("search", cand("1.0.0", {{"cart", "*"}}, 0), {cand("0.9.0", {}, 3)}),
  };
  req.targets = {{"cart", "2.2.0"}};
  auto p = plan_rollback(req);
  REQUIRE(p);
  CHECK(moves_of(*p) == "web 2.0.0->1.9.0*; frontend 1.4.2->1.3.0*; cart 2.3.0->2.2.0; ");
  REQUIRE(p->moves[0].forced_by.size() == 1);
  CHECK(p->moves[0].forced_by[0].dependent == "web");
  CHECK(p->moves[0].forced_by[0].range == "^1.4");
  CHECK(p->moves[0].forced_by[0].version == "1.3.0");
  REQUIRE(p->moves[1].forced_by.size() == 1);
  CHECK(p->moves[1].forced_by[0].range == ">=2.3");
}

TEST_CASE("rollback: no consistent result proposes nothing and says why") {
  RollbackRequest req;
  req.services = {svc("cart", cand("2.3.0", {}, 0), {cand("2.2.0", {}, 1)}),
                  svc("frontend", cand("1.4.2", {{"cart", ">=2.3"}}, 0), {cand("1.4.0", {{"cart", ">=2.3"}}, 2)})};
  req.targets = {{"cart", "2.2.0"}};
  auto p = plan_rollback(req);
  REQUIRE_FALSE(p);
  CHECK_FALSE(p.error().budget_exceeded);
  CHECK(p.error().message.find("no consistent VersionSet has cart at 2.2.0") != std::string::npos);
  REQUIRE_FALSE(p.error().details.empty());
  CHECK(p.error().details[0] ==
        "frontend 1.4.2 needs cart \">=2.3\", and cart is named to go to 2.2.0 (frontend cannot stay at 1.4.2)");
  CHECK(p.error().details[1] == "frontend 1.4.0 needs cart \">=2.3\", and cart is named to go to 2.2.0");
}

TEST_CASE("rollback: the newest compatible version, not the one from the target's old commit") {
  // cart 2.2.0 is from 3 VersionSets back, when frontend was 1.2.0; frontend 1.3.0 came later and
  // still works with cart 2.2.0, so it is the one to keep.
  RollbackRequest req;
  req.services = {svc("cart", cand("2.3.0", {}, 0), {cand("2.2.0", {}, 3)}),
                  svc("frontend", cand("1.4.0", {{"cart", "^2.3"}}, 0),
                      {cand("1.3.0", {{"cart", ">=2.2"}}, 1), cand("1.2.0", {{"cart", ">=2.0"}}, 3)})};
  req.targets = {{"cart", "2.2.0"}};
  auto p = plan_rollback(req);
  REQUIRE(p);
  CHECK(moves_of(*p) == "frontend 1.4.0->1.3.0*; cart 2.3.0->2.2.0; ");
  CHECK(p->moves[0].commit == "c1");
}

TEST_CASE("rollback: the fewest services move, non-semver versions go by recency, and the budget holds") {
  RollbackRequest req;
  // moving cart back can be fixed by moving redis alone, or frontend and web; redis wins
  req.services = {
      svc("cart", cand("2.3.0", {{"redis", ">=7"}}, 0), {cand("2.2.0", {{"redis", "<7.2"}}, 1)}),
      svc("redis", cand("latest", {}, 0), {cand("7.1.0", {}, 1), cand("7.2-alpine", {}, 2)}),
  };
  req.services[1].current.version = "7.2.4";
  req.targets = {{"cart", "2.2.0"}};
  auto p = plan_rollback(req);
  REQUIRE(p);
  CHECK(moves_of(*p) == "cart 2.3.0->2.2.0; redis 7.2.4->7.1.0*; ");

  auto names = [](const std::vector<const Candidate*>& cs) {
    std::string out;
    for (const auto* c : cs) out += c->version + " ";
    return out;
  };
  CHECK(names(older_versions(svc("redis", cand("edge", {}, 0),
                                 {cand("7.1.0", {}, 2), cand("7.2-alpine", {}, 1), cand("nightly", {}, 3)}))) ==
        "7.2-alpine 7.1.0 nightly ");
  CHECK(names(older_versions(svc("redis", cand("7.2.4", {}, 0),
                                 {cand("7.3.0", {}, 1), cand("7.0.0", {}, 3), cand("7.1.0", {}, 2)}))) == "7.1.0 7.0.0 ");

  // Each s_i must leave 2.0.0 (its range names cart 2.3.0): 1.7.0 also needs t_i back at 1.0.0,
  // 1.6.0 needs nothing else. Moving s_i to 1.6.0 moves fewer services, though 1.7.0 is newer.
  RollbackRequest big;
  big.services = {svc("cart", cand("2.3.0", {}, 0), {cand("2.2.0", {}, 1)})};
  for (int i = 0; i < 8; ++i) {
    std::string t = "t" + std::to_string(i);
    big.services.push_back(svc("s" + std::to_string(i), cand("2.0.0", {{"cart", "2.3.0"}}, 0),
                               {cand("1.7.0", {{"cart", "2.2.0"}, {t, "1.0.0"}}, 1), cand("1.6.0", {{"cart", "2.2.0"}}, 2)}));
    big.services.push_back(svc(t, cand("2.0.0", {}, 0), {cand("1.0.0", {}, 1)}));
  }
  big.targets = {{"cart", "2.2.0"}};
  big.budget = 5;
  auto q = plan_rollback(big);
  REQUIRE_FALSE(q);
  CHECK(q.error().budget_exceeded);
  CHECK(q.error().message.find("after 5 steps (its step budget)") != std::string::npos);
  // the time budget: a clock that moves a second each time it is read runs out at once
  big.budget = 200'000;
  auto t = std::chrono::steady_clock::time_point{};
  big.now = [&t] { return t += std::chrono::seconds(1); };
  big.time_budget = std::chrono::milliseconds(2000);
  q = plan_rollback(big);
  REQUIRE_FALSE(q);
  CHECK(q.error().budget_exceeded);
  CHECK(q.error().message.find("gave up after 2 s (its time budget) and ") != std::string::npos);
  big.now = nullptr;
  q = plan_rollback(big);
  if (!q) MESSAGE(q.error().message);
  REQUIRE(q);
  CHECK(q->moves.size() == 9);
  CHECK(q->moves[0].to == "1.6.0");
  CHECK(q->moves[8].service == "cart");
}

TEST_CASE("rollback: an inconsistent current VersionSet or an unknown target is refused") {
  RollbackRequest req;
  req.services = {svc("cart", cand("2.3.0", {{"redis", ">=8"}}, 0)), svc("redis", cand("7.2.4", {}, 0))};
  req.targets = {{"cart", "2.3.0"}};
  auto p = plan_rollback(req);
  REQUIRE_FALSE(p);
  CHECK(p.error().message.find("the current VersionSet is not consistent") != std::string::npos);
  req.services[0].current.depends_on = {};
  req.targets = {{"cart", "1.0.0"}};
  p = plan_rollback(req);
  REQUIRE_FALSE(p);
  CHECK(p.error().message == "cart never had version \"1.0.0\" in the history given");
}

}  // namespace vsctl::versionset
