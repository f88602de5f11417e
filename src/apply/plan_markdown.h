#pragma once
// vsctl plan -o markdown: a plan as a review comment. Refusals and one-way doors called out
// first, a summary table of the steps in wave order, then one collapsible section per step with
// why and what it does. Pure.
#include <string>

#include "apply/plan.h"
#include "markdown/markdown.h"

namespace vsctl::apply {

std::string plan_markdown(const Plan& p, const markdown::Cap& cap);

}  // namespace vsctl::apply
