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

struct DestroyCmd {
  bool yes = false, force_context = false, allow_one_way = false, json = false;
  std::vector<std::string> allow;
  std::string timeout = "5m", wait_for_lock = "0s", output = "text";
  int concurrency = 4, history_max = 10;
};

util::Result<int> run_destroy(const Globals& g, const DestroyCmd& o) {
  const auto& interrupted = interrupt_flag();
  VSCTL_TRY(timeout, parse_duration(o.timeout, "--timeout"));
  VSCTL_TRY(wait_lock, parse_duration(o.wait_for_lock, "--wait-for-lock"));
  VSCTL_TRY(t, load_target(g, "", static_cast<int>(timeout.count() / 1000), o.force_context ? ContextCheck::Allow : ContextCheck::Refuse));
  apply::PlanOptions po;
  po.destroy = true;
  VSCTL_TRY(doors, allowed_doors(o.allow_one_way, o.allow));
  po.allowed = doors;
  VSCTL_TRY(p, plan_against_cluster(t, po));
  bool json = o.output == "json";
  if (!json) std::cerr << apply::format_plan(p.plan, Output::stderr_color());
  if (auto r = p.plan.refusals(); !r.empty()) return util::fail(util::ErrorKind::Refused, "refused: " + util::join(r, "\n  "));
  RunSpec spec;
  spec.operation = "destroy";
  spec.yes = o.yes;
  spec.json = json;
  spec.timeout = std::chrono::duration_cast<std::chrono::seconds>(timeout);
  spec.wait_for_lock = wait_lock;
  spec.concurrency = static_cast<std::size_t>(std::max(1, o.concurrency));
  spec.history_max = o.history_max;
  spec.plan_options = po;
  return run_convergence(g, t, std::move(p), spec, interrupted);
}

}  // namespace

void add_destroy(CLI::App& app, Globals& g, Registry& reg) {
  auto o = std::make_shared<DestroyCmd>();
  CLI::App* sub = app.add_subcommand("destroy", "Remove every object of the architecture, dependents first; recorded");
  sub->add_flag("-y,--yes", o->yes, "Do not ask for confirmation (required without a terminal)");
  sub->add_flag("--force-context", o->force_context, "Use a context other than the environment's");
  sub->add_flag("--allow-one-way", o->allow_one_way, "Allow every one-way door (a pet's volumes left without workload)");
  sub->add_option("--allow", o->allow, "Allow these one-way doors (storage-loss, ...)")->type_name("KIND[,KIND]");
  sub->add_option("--timeout", o->timeout, "Per-service deadline")->default_str("5m");
  sub->add_option("--concurrency", o->concurrency, "Services of a wave removed at once")->default_str("4");
  sub->add_option("--wait-for-lock", o->wait_for_lock, "Wait this long for another run's lock")->default_str("0s");
  sub->add_option("--history-max", o->history_max, "Records kept in the cluster")->default_str("10");
  sub->add_option("-o,--output", o->output, "text, or json: a stream of events on stdout")->check(CLI::IsMember({"text", "json"}));
  sub->footer("The namespace is kept: it holds the record (vsctl history). Exit codes as for apply.");
  reg.add(sub, [&g, o] { return run_destroy(g, *o); });
}

}  // namespace vsctl::cli
