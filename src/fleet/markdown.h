#pragma once
// vsctl promote --dry-run -o markdown: a promotion as a review comment. What holds it called
// out first, the gates in a table, then one collapsible section per target environment with its
// plan (apply/plan_markdown.h). Pure.
#include <string>
#include <utility>
#include <vector>

#include "apply/plan.h"
#include "fleet/gates.h"
#include "markdown/markdown.h"

namespace vsctl::fleet {

struct PromotionView {
  std::string architecture, from, to, commit;
  std::string refused;  // why the promotion is refused ("" when it may go)
  bool manual = false;  // the stage asks a person to confirm
  std::vector<Gate> gates;
  std::vector<std::pair<std::string, apply::Plan>> plans;  // by environment, in stage order
};

std::string promotion_markdown(const PromotionView& v, const markdown::Cap& cap);

}  // namespace vsctl::fleet
