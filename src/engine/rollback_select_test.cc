#include "engine/rollback_select.h"

#include <doctest/doctest.h>

using namespace vsctl;

namespace {

apply::Record record(int revision, std::string outcome, std::map<std::string, std::pair<std::string, std::string>> services) {
  apply::Record r;
  r.revision = revision;
  r.outcome = outcome == "succeeded" ? apply::Outcome::Succeeded : apply::Outcome::Failed;
  for (const auto& [name, vd] : services) {
    k8s::Json def = {{"image", "example.com/" + name}, {"version", vd.first}};
    if (name == "web") def["dependsOn"] = {{"api", vd.first == "2.0.0" ? "~1.0" : "^1.1"}};
    r.services[name] = {{"version", vd.first}, {"digest", vd.second}, {"definition", def}};
  }
  return r;
}

const versionset::ServiceVersions& of(const std::vector<versionset::ServiceVersions>& all, const std::string& name) {
  for (const auto& s : all)
    if (s.service == name) return s;
  FAIL("no " << name);
  return all.front();
}

}  // namespace

TEST_CASE("rollback candidates: live versions current, the records' other versions earlier, newest record first") {
  std::vector<apply::Record> records{record(3, "succeeded", {{"api", {"1.1.0", "a2"}}, {"web", {"2.1.0", "w2"}}}),
                                     record(2, "failed", {{"api", {"1.2.0", "a3"}}, {"web", {"2.1.0", "w2"}}}),
                                     record(1, "succeeded", {{"api", {"1.0.0", "a1"}}, {"web", {"2.0.0", "w1"}}})};
  std::map<std::string, engine::LiveVersion> live{{"api", {"1.1.0", "a2"}}, {"web", {"2.1.0", "w2"}}};
  auto c = engine::candidates_from_records(live, records);
  REQUIRE(c);
  const auto& web = of(*c, "web");
  CHECK(web.current.version == "2.1.0");
  CHECK(web.current.commit == "revision 3");
  CHECK(web.current.depends_on == std::vector<std::pair<std::string, std::string>>{{"api", "^1.1"}});
  REQUIRE(web.earlier.size() == 1);
  CHECK(web.earlier[0].version == "2.0.0");
  CHECK(web.earlier[0].commit == "revision 1");
  CHECK(web.earlier[0].definition["dependsOn"]["api"] == "~1.0");
  const auto& api = of(*c, "api");
  REQUIRE(api.earlier.size() == 2);
  CHECK(api.earlier[0].version == "1.2.0");
  CHECK(api.earlier[0].age < api.earlier[1].age);

  // the default target skips failed records
  CHECK(engine::previous_recorded_version("api", "1.1.0", records) == "1.0.0");
  CHECK(engine::previous_recorded_version("web", "2.1.0", records) == "2.0.0");
  CHECK_FALSE(engine::previous_recorded_version("db", "1", records));

  // vetoed versions are never candidates
  auto dropped = engine::drop_vetoed(*c, {{"api", "1.2.0", "leaks", "", ""}, {"api", "9.9.9", "", "", ""}});
  REQUIRE(dropped.size() == 1);  // only the veto that removed a candidate, for the refusal's message
  CHECK(dropped[0].version == "1.2.0");
  CHECK(apply::veto_refusal(dropped[0]).find("api@1.2.0 is vetoed: leaks") == 0);
  CHECK(of(*c, "api").earlier.size() == 1);
  CHECK(of(*c, "api").earlier[0].version == "1.0.0");

  // the closure over them: web back to 2.0.0 drags api to 1.0.0, dependents first
  versionset::RollbackRequest req;
  req.services = *c;
  req.targets = {{"web", "2.0.0"}};
  auto plan = versionset::plan_rollback(req);
  REQUIRE(plan);
  REQUIRE(plan->moves.size() == 2);
  CHECK(plan->moves[0].service == "web");
  CHECK(plan->moves[1].service == "api");
  CHECK(plan->moves[1].to == "1.0.0");
  CHECK(plan->moves[1].commit == "revision 1");
}

TEST_CASE("rollback candidates: git adds the versions the records lack, and a live definition no record has") {
  std::vector<apply::Record> records{record(1, "succeeded", {{"api", {"1.0.0", "a1"}}})};
  std::map<std::string, engine::LiveVersion> live{{"api", {"1.1.0", "a9"}}};
  auto c = engine::candidates_from_records(live, records);
  REQUIRE(c);
  CHECK(of(*c, "api").current.commit.empty());  // no record has 1.1.0
  versionset::ServiceVersions git{"api", {}, {}};
  git.current.version = "1.1.0";
  git.current.commit = "c3";
  versionset::Candidate old;
  old.version = "0.9.0";
  old.commit = "c1";
  old.age = 2;
  versionset::Candidate same;
  same.version = "1.0.0";
  same.commit = "c2";
  git.earlier = {same, old};
  engine::add_history_candidates(*c, {git});
  const auto& api = of(*c, "api");
  CHECK(api.current.commit == "c3");
  REQUIRE(api.earlier.size() == 2);
  CHECK(api.earlier[0].commit == "revision 1");  // the record's 1.0.0 wins over git's
  CHECK(api.earlier[1].version == "0.9.0");
  CHECK(api.earlier[1].commit == "c1");
}

TEST_CASE("named rollback: api back to 1.0.0 drags web to 2.0.0, dependents first, definitions from the records") {
  engine::NamedRollbackInput in;
  in.architecture = "shop";
  in.ns = "shop";
  in.services = {"api"};
  in.records = {record(2, "succeeded", {{"api", {"1.1.0", "a2"}}, {"web", {"2.1.0", "w2"}}}),
                record(1, "succeeded", {{"api", {"1.0.0", "a1"}}, {"web", {"2.0.0", "w1"}}})};
  in.live = {{"api", {"1.1.0", "a2"}}, {"web", {"2.1.0", "w2"}}};
  auto r = engine::plan_named_rollback(in);
  REQUIRE(r);
  CHECK(r->targets == std::map<std::string, std::string>{{"api", "1.0.0"}});
  REQUIRE(r->plan.moves.size() == 2);
  CHECK(r->plan.moves[0].service == "web");  // dependents first
  CHECK(r->plan.moves[0].to == "2.0.0");
  CHECK_FALSE(r->plan.moves[0].named);
  std::string what;
  auto services = engine::services_after(*r, {}, what);
  REQUIRE(services);
  REQUIRE(services->size() == 2);
  CHECK(what.find("api@1.0.0") != std::string::npos);
  CHECK(what.find("web@2.0.0") != std::string::npos);

  SUBCASE("a service that does not run is a usage error with the nearest name") {
    in.services = {"apj"};
    auto bad = engine::plan_named_rollback(in);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().kind == vsctl::util::ErrorKind::Usage);
    CHECK(bad.error().message.find("api") != std::string::npos);
  }
  SUBCASE("a vetoed target is refused by name") {
    in.vetoes = {{"api", "1.0.0", "data loss", "alice@host", "2026-12-01T00:00:00Z"}};
    auto bad = engine::plan_named_rollback(in);
    REQUIRE_FALSE(bad);
    CHECK(bad.error().kind == vsctl::util::ErrorKind::Refused);
    CHECK(bad.error().message.find("1.0.0") != std::string::npos);
  }
}
