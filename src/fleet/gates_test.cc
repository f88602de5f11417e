#include "fleet/gates.h"

#include <doctest/doctest.h>

#include "apply/events.h"
#include "fleet/board.h"
#include "fleet/pipeline.h"

namespace vsctl::fleet {

namespace {

apply::Record rec(int revision, const std::string& commit, const std::string& finished,
                  apply::Outcome outcome = apply::Outcome::Succeeded, apply::Operation op = apply::Operation::Apply) {
  apply::Record r;
  r.revision = revision;
  r.commit = commit;
  r.finished = finished;
  r.outcome = outcome;
  r.operation = op;
  return r;
}

EnvFacts env(const std::string& name, std::vector<apply::Record> records, std::vector<std::pair<std::string, health::State>> states = {}) {
  EnvFacts e;
  e.place = {name, "", "", "shop"};
  e.reachable = true;
  e.records = std::move(records);
  status::Registry reg;
  for (const auto& [svc, st] : states) {
    status::Row row;
    row.name = svc;
    row.state = st;
    row.versions = {{"1.0.0", 1}};
    row.pods = 1;
    reg.rows.push_back(row);
  }
  e.registry = reg;
  return e;
}

manifest::PromotionStage stage(const std::string& name, long long soak_ms = 0) {
  manifest::PromotionStage s;
  s.name = name;
  s.environments = {name};
  s.soak_ms = soak_ms;
  return s;
}

const char* kC = "1111111111111111111111111111111111111111";
const char* kD = "2222222222222222222222222222222222222222";

}  // namespace

TEST_CASE("fleet: the converged VersionSet of a stage is its environments' one commit, since its unbroken run of successes") {
  auto staging = stage("staging");
  // reconcile rounds of the same commit keep the run; the older apply of another commit ends it
  auto a = env("staging", {rec(5, kC, "2026-12-03T10:30:00Z", apply::Outcome::Succeeded, apply::Operation::Reconcile),
                           rec(4, kC, "2026-12-03T10:00:00Z"), rec(3, kD, "2026-12-03T09:00:00Z")});
  auto c = converged(staging, {&a});
  REQUIRE(c);
  CHECK(c->commit == kC);
  CHECK(apply::format_time(c->since) == "2026-12-03T10:00:00.000Z");
  REQUIRE(c->sources.size() == 1);
  CHECK(c->sources[0].revision == 5);

  SUBCASE("a failed newest run is no converged VersionSet") {
    a.records.insert(a.records.begin(), rec(6, kD, "2026-12-03T11:00:00Z", apply::Outcome::Failed));
    auto bad = converged(staging, {&a});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().kind == util::ErrorKind::Refused);
    CHECK(bad.error().message.find("revision 6") != std::string::npos);
    CHECK(bad.error().message.find("failed") != std::string::npos);
  }
  SUBCASE("two environments of a stage on different commits") {
    auto b = env("staging-b", {rec(2, kD, "2026-12-03T10:00:00Z")});
    auto bad = converged(staging, {&a, &b});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message.find("two VersionSets") != std::string::npos);
  }
  SUBCASE("a dirty tree cannot be promoted; no record says so") {
    a.records.front().dirty = true;
    CHECK_FALSE(converged(staging, {&a}));
    auto none = env("staging", {});
    auto bad = converged(staging, {&none});
    REQUIRE_FALSE(bad);
    CHECK(bad.error().message.find("has no record") != std::string::npos);
  }
}

TEST_CASE("fleet: the gates say which one holds a promotion back, and when it would pass") {
  auto staging = stage("staging");
  auto production = stage("production", 30 * 60 * 1000);
  auto src = env("staging", {rec(4, kC, "2026-12-03T10:00:00Z")}, {{"cart", health::State::Run}, {"web", health::State::Run}});
  auto prod = env("production", {rec(9, kD, "2026-12-01T10:00:00Z")});
  GateInput in;
  in.from = &staging;
  in.to = &production;
  in.source = *converged(staging, {&src});
  in.source_envs = {&src};
  in.fleet = {&src, &prod};
  in.versions["production"] = {{"cart", "2.3.0"}, {"web", "1.0.0"}};
  in.in_history = true;
  in.branch = "main";
  in.tip = kC;
  in.now = *status::parse_time("2026-12-03T10:12:00Z");

  auto gates = check_gates(in);
  REQUIRE(gates.size() == 4);
  CHECK_FALSE(all_passed(gates));
  CHECK(gates[0].name == "soak");
  CHECK_FALSE(gates[0].passed);
  CHECK(gates[0].detail == "staging has run 1111111 for 12m00s, needs 30m00s");
  CHECK(gates[0].passes == "at 2026-12-03 10:30:00 UTC (in 18m00s)");
  CHECK(gates[1].passed);
  CHECK(gates[2].passed);
  CHECK(gates[3].passed);

  in.now = *status::parse_time("2026-12-03T10:31:00Z");
  CHECK(all_passed(check_gates(in)));

  SUBCASE("a service of the stage before that is not in Run") {
    src.registry->rows[0].state = health::State::Failed;
    src.registry->rows[0].reason = "CrashLoop";
    auto g = check_gates(in);
    CHECK_FALSE(g[1].passed);
    CHECK(g[1].detail == "1 service(s) of staging not in Run: staging/cart Failed: CrashLoop");
  }
  SUBCASE("a version of the VersionSet vetoed in another environment of the fleet") {
    prod.vetoes.push_back({"cart", "2.3.0", "leaks memory", "ann@host", "2026-12-02T08:00:00Z"});
    auto g = check_gates(in);
    CHECK_FALSE(g[2].passed);
    CHECK(g[2].detail == "cart@2.3.0 is vetoed in production (leaks memory) by ann@host at 2026-12-02T08:00:00Z");
    prod.vetoes[0].version = "2.2.0";  // another version: no matter
    CHECK(check_gates(in)[2].passed);
  }
  SUBCASE("an environment whose vetoes cannot be read holds the promotion") {
    prod.reachable = false;
    prod.error = "connection refused";
    auto g = check_gates(in);
    CHECK_FALSE(g[2].passed);
    CHECK(g[2].detail.find("production") != std::string::npos);
  }
  SUBCASE("a commit that is not on the branch") {
    in.in_history = false;
    auto g = check_gates(in);
    CHECK_FALSE(g[3].passed);
    CHECK(g[3].passes.empty());
  }
}

TEST_CASE("fleet: places in stage order, then environments in no stage, --to names a stage with one before it") {
  manifest::Architecture base;
  base.ns = "shop";
  base.environments = {{"dev", "", "", {}}, {"prod-us", "us", "", {}}, {"staging", "stg", "shop-stg", {}}, {"prod-eu", "eu", "", {}}};
  auto prod = stage("production");
  prod.environments = {"prod-eu", "prod-us"};
  base.promotion.stages = {stage("staging"), prod};
  auto p = places(base);
  REQUIRE(p.size() == 4);
  CHECK(p[0].environment == "staging");
  CHECK(p[0].ns == "shop-stg");
  CHECK(p[1].environment == "prod-eu");
  CHECK(p[1].stage == "production");
  CHECK(p[2].environment == "prod-us");
  CHECK(p[3].environment == "dev");
  CHECK(p[3].stage.empty());
  CHECK(places_of(p, prod).size() == 2);
  CHECK(*stage_named(base.promotion, "production") == 1);
  CHECK(stage_named(base.promotion, "staging").error().message.find("first stage") != std::string::npos);
  CHECK(stage_named(base.promotion, "prod").error().message.find("staging, production") != std::string::npos);
}

TEST_CASE("fleet: the board has a row per service and a column per environment, unreachable ones stay columns") {
  auto a = env("staging", {rec(4, kC, "2026-12-03T10:00:00Z")}, {{"cart", health::State::Run}, {"web", health::State::Update}});
  auto b = env("production", {rec(2, kD, "2026-12-01T10:00:00Z", apply::Outcome::Failed)}, {{"cart", health::State::Failed}});
  EnvFacts c;
  c.place = {"dr", "", "dr", "shop"};
  c.error = "connection refused";
  auto board = build_board({a, b, c});
  CHECK(board.reachable == 2);
  REQUIRE(board.services == std::vector<std::string>{"cart", "web"});
  CHECK(board.cells["web"][0].state == "Update");
  CHECK_FALSE(board.cells["web"][1].present);
  CHECK(board.cells["cart"][1].state == "Failed");
  auto j = to_json(board);
  CHECK(j["environments"][2]["reachable"] == false);
  CHECK(j["environments"][2]["error"] == "connection refused");
  CHECK(j["environments"][0]["services"]["cart"]["version"] == "1.0.0");
  auto live = live_commits({a, b, c});
  CHECK(live[kC] == std::vector<std::string>{"staging"});
  CHECK(live[kD] == std::vector<std::string>{"production (failed)"});
}

}  // namespace vsctl::fleet
