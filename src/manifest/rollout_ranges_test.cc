#include "manifest/rollout_ranges.h"

#include <doctest/doctest.h>

#include <map>

#include "manifest/load.h"

using namespace vsctl;
using namespace vsctl::manifest;

namespace {

// cart and api roll out by canary and blue-green, db rolling; web, admin, batch and ops call them.
const char* kNow = R"(apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: shop }
spec:
  services:
    cart:
      image: example.com/cart
      version: 2.3.0
      ports: [ { port: 80 } ]
      rollout: { strategy: canary, steps: [ { weight: 10 } ] }
    api:
      image: example.com/api
      version: 1.5.0
      ports: [ { port: 80 } ]
      rollout: { strategy: blueGreen }
    db:
      image: example.com/db
      version: 3.0.0
    web:
      image: example.com/web
      version: 1.0.0
      dependsOn: { cart: ^2.3.0, api: ">=1.4.0", db: ^3.0.0 }
    admin:
      image: example.com/admin
      version: 1.0.0
      dependsOn: { cart: ">=2.2.0 <3.0.0", api: ~1.5.0 }
    batch:
      image: example.com/batch
      version: 1.0.0
      dependsOn: { cart: 2.3.0 }
)";

std::vector<RangeDuringRollout> ranges(const std::map<std::string, std::string>& old) {
  LoadRequest req;
  req.source_name = "architecture.yaml";
  req.text = kNow;
  auto l = load(req);
  REQUIRE(l.ok());
  return ranges_during_rollout(*l.view, [&](const std::string& s) -> std::optional<std::string> {
    auto it = old.find(s);
    if (it == old.end()) return std::nullopt;
    return it->second;
  });
}

}  // namespace

TEST_CASE("ranges during a rollout: callers whose range admits only one of the two versions") {
  auto r = ranges({{"cart", "2.2.0"}, {"api", "1.4.0"}, {"db", "2.9.0"}});
  REQUIRE(r.size() == 3);
  // ordered by service, then caller; admin's cart range admits both, web's api range too
  CHECK(r[0].service == "api");
  CHECK(r[0].caller == "admin");
  CHECK(r[0].range == "~1.5.0");
  CHECK(r[0].strategy == Rollout::Strategy::BlueGreen);
  CHECK(r[0].admits_new);
  CHECK_FALSE(r[0].admits_old);
  CHECK(r[1].service == "cart");
  CHECK(r[1].caller == "batch");
  CHECK(r[2].service == "cart");
  CHECK(r[2].caller == "web");
  CHECK(r[2].old_version == "2.2.0");
  CHECK(r[2].new_version == "2.3.0");
  CHECK(r[2].range == "^2.3.0");
  CHECK((r[2].loc.line == 22 && r[2].loc.col == 26));
  // db rolls out rolling: no finding, though web's range admits only its new version
  for (const auto& x : r) CHECK(x.service != "db");
}

TEST_CASE(
    "ranges during a rollout: nothing for a new service, an unchanged version, or one admitted both ways") {
  CHECK(ranges({}).empty());                                     // every service new (or unknown)
  CHECK(ranges({{"cart", "2.3.0"}, {"api", "1.5.0"}}).empty());  // no version changes
  CHECK(ranges({{"cart", "2.3.1"}}).size() == 1);  // a downgrade to 2.3.0: only batch's exact range
  auto r = ranges({{"cart", "2.3.1"}});
  CHECK(r[0].caller == "batch");
  CHECK(r[0].admits_new);
  CHECK_FALSE(r[0].admits_old);
}

TEST_CASE("ranges during a rollout: a range admitting only the old version is found too") {
  auto r =
      ranges({{"api", "1.5.1"}});  // api rolls back to 1.5.0: admin's ~1.5.0 admits both, web's >=1.4.0 too
  CHECK(r.empty());
  RangeDuringRollout x;
  x.service = "cart";
  x.caller = "web";
  x.old_version = "2.2.0";
  x.new_version = "3.0.0";
  x.range = "^2.2.0";
  x.admits_old = true;
  CHECK(message(x) ==
        "cart 3.0.0 rolls out by canary beside 2.2.0: web's range ^2.2.0 for cart admits only 2.2.0, so some "
        "of web's "
        "requests reach a version it does not work with during the rollout; widen the range (>=2.2.0 <4.0.0) "
        "or roll cart "
        "out rolling");
}

TEST_CASE("ranges during a rollout: the message says what to widen the range to") {
  auto r = ranges({{"cart", "2.2.0"}});
  REQUIRE(r.size() == 2);
  CHECK(message(r[1]) ==
        "cart 2.3.0 rolls out by canary beside 2.2.0: web's range ^2.3.0 for cart admits only 2.3.0, so some "
        "of web's "
        "requests reach a version it does not work with during the rollout; widen the range (>=2.2.0 <3.0.0) "
        "or roll cart "
        "out rolling");
  CHECK(range_admitting("2.3.0", "2.2.0") == ">=2.2.0 <3.0.0");
  CHECK(range_admitting("0.3.1", "0.4.0") == ">=0.3.1 <0.5.0");
  CHECK(range_admitting("v1.0.0+build.1", "1.1.0") == ">=1.0.0 <2.0.0");
  CHECK(range_admitting("2.2.0", "2.3.0-rc.1") == ">=2.2.0 <=2.3.0-rc.1");  // a pre-release: named exactly
  CHECK_FALSE(range_admitting("latest", "2.3.0"));
  RangeDuringRollout x;
  x.service = "cache";
  x.caller = "web";
  x.old_version = "7.2-alpine";
  x.new_version = "7.4-alpine";
  x.range = "7.4-alpine";
  x.strategy = Rollout::Strategy::BlueGreen;
  x.admits_new = true;
  CHECK(message(x) ==
        "cache 7.4-alpine rolls out by blueGreen beside 7.2-alpine: web's range 7.4-alpine for cache admits "
        "only "
        "7.4-alpine, so some of web's requests reach a version it does not work with during the rollout; "
        "widen the range "
        "to admit both or roll cache out rolling");
}
