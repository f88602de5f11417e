#include "fleet/markdown.h"

#include <doctest/doctest.h>

namespace vsctl::fleet {

TEST_CASE("fleet: a promotion as a review comment: what holds it first, the gates, a section per environment") {
  PromotionView v;
  v.architecture = "shop";
  v.from = "staging";
  v.to = "production";
  v.commit = "1111111222222233333334444444555555566666";
  v.gates = {{"soak", false, "staging has run 1111111 for 12m00s, needs 30m00s", "at 2026-12-03 10:30:00 UTC (in 18m00s)"},
             {"vetoes", true, "no version of 1111111 is vetoed | anywhere", ""}};
  apply::Plan eu, us;
  eu.architecture = us.architecture = "shop";
  eu.env = "production-eu";
  us.env = "production-us";
  v.plans = {{"production-eu", eu}, {"production-us", us}};
  v.refused = "held by soak";
  auto md = promotion_markdown(v, markdown::Cap{});
  CHECK(md.rfind("### vsctl promote: shop `1111111` from staging to production\n\n> **Refused:** held by soak", 0) == 0);
  CHECK(md.find("| soak | holds | staging has run 1111111 for 12m00s, needs 30m00s | at 2026-12-03 10:30:00 UTC (in 18m00s) |") !=
        std::string::npos);
  CHECK(md.find("is vetoed \\| anywhere") != std::string::npos);  // a '|' cannot split the row
  CHECK(md.find("<summary>environment <b>production-eu</b>: nothing to do</summary>") != std::string::npos);
  CHECK(md.find("<summary>environment <b>production-us</b>") != std::string::npos);
  CHECK(md.find("<details open>") == std::string::npos);  // refused: the plans folded

  v.refused.clear();
  v.manual = true;
  md = promotion_markdown(v, markdown::Cap{});
  CHECK(md.find("> **Approval:** stage production asks a person to confirm.") != std::string::npos);
}

}  // namespace vsctl::fleet
