// vsctl destroy: every service of the architecture through Destroy, dependents first; locked
// and recorded like apply. The namespace stays: it holds the record.
#include <iostream>

#include "apply/plan_text.h"
#include "cli/app.h"
#include "cli/apply_run.h"
#include "cli/output.h"
#include "util/strings.h"

namespace vsctl::cli {

namespace {

util::Result<int> run_destroy(const Globals& g, const RunFlags& o) {
  VSCTL_TRY(spec, run_spec(engine::Operation::Destroy, o));
  VSCTL_TRY(t, load_target(g, "", static_cast<int>(spec.engine.timeout.count()),
                           o.force_context ? ContextCheck::Allow : ContextCheck::Refuse));
  spec.engine.plan_options.destroy = true;
  VSCTL_TRY(p, engine::plan(*t.cluster.client, t.desired, spec.engine.plan_options));  // destroy steps go dependents first
  if (!spec.json) std::cerr << apply::format_plan(p.plan, Output::stderr_color());
  if (auto r = p.plan.refusals(); !r.empty()) return util::fail(util::ErrorKind::Refused, "refused: " + util::join(r, "\n  "));
  return run_convergence(t, std::move(p), spec);
}

}  // namespace

void add_destroy(CLI::App& app, Globals& g, Registry& reg) {
  auto o = std::make_shared<RunFlags>();
  CLI::App* sub = app.add_subcommand("destroy", "Remove every object of the architecture, dependents first; recorded");
  add_run_flags(sub, *o, "the one-way door storage-loss (a pet's volumes left without workload)");
  sub->footer("The namespace is kept: it holds the record (vsctl history). Exit codes as for apply.\n\nExamples:\n  vsctl destroy              show the plan, then ask\n  vsctl destroy --yes -o json   without asking, events as JSON lines");
  reg.add(sub, [&g, o] { return run_destroy(g, *o); });
}

}  // namespace vsctl::cli
