#pragma once
// A plan as people read it (vsctl plan, and apply before it asks for confirmation).
#include <string>

#include "apply/plan.h"

namespace vsctl::apply {

// `color`: ANSI colours for change kinds and refusals.
std::string format_plan(const Plan& p, bool color);

}  // namespace vsctl::apply
