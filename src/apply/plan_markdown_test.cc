#include "apply/plan_markdown.h"

#include <doctest/doctest.h>

using namespace vsctl;
using namespace vsctl::apply;

namespace {

std::size_t count(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + what.size())) ++n;
  return n;
}

Plan two_waves() {
  Plan p;
  p.architecture = "shop";
  p.ns = "shop";
  p.env = "staging";
  p.digest = "0123456789abcdef";
  Step redis;
  redis.service = "redis";
  redis.change = Change::Update;
  redis.from_version = "7.2.4";
  redis.to_version = "7.4.0";
  redis.reason = "version 7.2.4 -> 7.4.0 ```";
  redis.actions = {{ActionKind::Replace, {"apps", "v1", "StatefulSet", "shop", "redis"}, ""},
                   {ActionKind::Wait, {}, ""}};
  Step cart;
  cart.service = "cart";
  cart.change = Change::Provision;
  cart.to_version = "2.2.0";
  cart.after = {"redis"};
  cart.actions = {{ActionKind::Apply, {"apps", "v1", "Deployment", "shop", "cart"}, ""}};
  p.waves = {{0, {redis}}, {1, {cart}}};
  p.doors = {
      {DoorKind::VolumeChange, "redis", "apps/v1 StatefulSet shop/redis", "volume data: 5Gi -> 10Gi", false}};
  p.unchanged = {"frontend"};
  return p;
}

}  // namespace

TEST_CASE("a plan in Markdown: refusals before the table, a section per step in wave order") {
  std::string md = plan_markdown(two_waves(), {});
  auto refused = md.find("> **Refused:** one-way door (volume-change) in service redis");
  auto table = md.find("| Wave | Service | Change | What |");
  REQUIRE(refused != std::string::npos);
  REQUIRE(table != std::string::npos);
  CHECK(refused < table);
  CHECK(md.find("| 1 | redis | Update | 7.2.4 -> 7.4.0 |\n| 2 | cart | Provision | 2.2.0 |\n") !=
        std::string::npos);
  CHECK(md.find("2 steps, 1 service unchanged.") != std::string::npos);
  CHECK(md.find("plan digest `0123456789abcdef`") != std::string::npos);
  CHECK(count(md, "<details><summary>") == 2);
  CHECK(md.find("<details><summary>wave 1: <b>redis</b>: Update 7.2.4 -&gt; 7.4.0</summary>\n\n") <
        md.find("<details><summary>wave 2: <b>cart</b>: Provision 2.2.0</summary>\n\n"));
  // the reason's backticks are text, not a fence
  CHECK(md.find("**Why:** version 7.2.4 -> 7.4.0 \\`\\`\\`\n") != std::string::npos);
  CHECK(md.find("- replace apps/v1 StatefulSet shop/redis (pods kept)\n") != std::string::npos);
  CHECK(md.find("**After:** redis") != std::string::npos);
}

TEST_CASE("an allowed door is called out, a plan with nothing to do says so") {
  Plan p = two_waves();
  p.doors[0].allowed = true;
  std::string md = plan_markdown(p, {});
  CHECK(md.find("Refused") == std::string::npos);
  CHECK(md.find("> **One-way door (allowed):** volume-change in service redis") != std::string::npos);
  Plan empty;
  empty.architecture = "shop";
  empty.ns = "shop";
  CHECK(plan_markdown(empty, {}).find("Nothing to do: every service is converged.") != std::string::npos);
}

TEST_CASE("a plan of many steps is cut between steps, the refusals kept") {
  Plan p = two_waves();
  for (int i = 0; i < 400; ++i) {
    Step s;
    s.service = "svc-" + std::to_string(i);
    s.change = Change::Provision;
    s.to_version = "1.0.0";
    s.reason = std::string(200, 'r');
    p.waves[1].steps.push_back(s);
  }
  markdown::Cap cap;
  cap.noun = "steps";
  cap.full = "`vsctl plan`";
  std::string md = plan_markdown(p, cap);
  CHECK(md.size() <= markdown::kCommentLimit);
  CHECK(md.find("> **Refused:**") != std::string::npos);
  CHECK(count(md, "<details>") == count(md, "</details>"));
  CHECK(md.find(" of 402 steps are not shown; `vsctl plan` shows them all.\n") != std::string::npos);
}
