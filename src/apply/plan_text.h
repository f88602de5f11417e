#pragma once
// A plan as people read it (vsctl plan, and apply before it asks for confirmation).
#include <string>

#include "apply/plan.h"

namespace vsctl::apply {

// `color`: ANSI colours for change kinds and refusals.
std::string format_plan(const Plan& p, bool color);
// A planned instance count: "auto" when the autoscaler decides (n < 0).
std::string instances_text(int n);

}  // namespace vsctl::apply
