#include "fleet/markdown.h"

#include "apply/plan_markdown.h"

namespace vsctl::fleet {

std::string promotion_markdown(const PromotionView& v, const markdown::Cap& cap) {
  markdown::Document doc;
  doc.top = "### vsctl promote: " + markdown::text(v.architecture) + " " + markdown::code(v.commit.substr(0, 7)) + " from " +
            markdown::text(v.from) + " to " + markdown::text(v.to) + "\n\n";
  if (!v.refused.empty()) doc.top += "> **Refused:** " + markdown::text(v.refused) + "\n\n";
  else if (v.manual) doc.top += "> **Approval:** stage " + markdown::text(v.to) + " asks a person to confirm.\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& g : v.gates)
    rows.push_back({g.name, g.passed ? "passes" : "holds", g.detail, g.passed ? "" : g.passes});
  doc.top += markdown::table({"Gate", "", "Why", "Passes"}, rows) + "\n";
  // each environment's plan gets its share of the comment, so that one large plan cannot hide
  // the others
  markdown::Cap each = cap;
  each.limit = v.plans.empty() ? cap.limit : (cap.limit - std::min(cap.limit, doc.top.size() + 1024)) / v.plans.size();
  each.noun = "steps";
  for (const auto& [env, plan] : v.plans) {
    std::string summary = "environment <b>" + markdown::html(env) + "</b>: " +
                          (plan.empty() ? std::string("nothing to do") : std::to_string(plan.step_count()) + " step(s)");
    doc.sections.push_back(markdown::details(summary, apply::plan_markdown(plan, each), !v.refused.empty() ? false : true));
  }
  return markdown::render(doc, cap);
}

}  // namespace vsctl::fleet
