// vsctl plan: the ordered convergence plan apply would run, against the live cluster.
#include <iostream>

#include "apply/plan_json.h"
#include "apply/plan_markdown.h"
#include "apply/plan_text.h"
#include "cli/app.h"
#include "cli/convergence.h"
#include "cli/output.h"

namespace vsctl::cli {

namespace {

struct PlanCmd {
  std::string rev;
  std::string output = "text";
  bool prune = false, adopt = false, allow_one_way = false, force_context = false;
  std::vector<std::string> allow;
  std::string timeout = "5m";
};

util::Result<int> run_plan(const Globals& g, const PlanCmd& o) {
  VSCTL_TRY(timeout, parse_duration(o.timeout, "--timeout"));
  VSCTL_TRY(t, load_target(g, o.rev, static_cast<int>(timeout.count() / 1000), o.force_context ? ContextCheck::Allow : ContextCheck::Refuse));
  VSCTL_CHECK(engine::refuse_vetoed(*t.cluster.client, t.desired.view));
  apply::PlanOptions po;
  po.prune = o.prune;
  po.adopt = o.adopt;
  VSCTL_CHECK(engine::allow(po, o.allow_one_way, o.allow));
  VSCTL_TRY(p, engine::plan(*t.cluster.client, t.desired, po));
  if (o.output == "markdown") {
    markdown::Cap cap;
    cap.noun = "steps";
    cap.full = markdown::code("vsctl plan" + (o.rev.empty() ? "" : " " + o.rev) + (g.env.empty() ? "" : " --env " + g.env));
    std::cout << apply::plan_markdown(p.plan, cap);
  } else if (o.output == "json") std::cout << apply::to_json(p.plan).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  else std::cout << apply::format_plan(p.plan, Output::stdout_color());
  return p.plan.refusals().empty() ? 0 : 8;
}

}  // namespace

void add_plan(CLI::App& app, Globals& g, Registry& reg) {
  auto o = std::make_shared<PlanCmd>();
  CLI::App* sub = app.add_subcommand("plan", "The ordered convergence plan apply would run: waves, steps, one-way doors, a digest");
  sub->add_option("REV", o->rev, "A git revision (default: the working tree)");
  sub->add_option("-o,--output", o->output, "Output format: text, json, or markdown (a pull request comment)")
      ->check(CLI::IsMember({"text", "json", "markdown"}));
  sub->add_flag("--prune", o->prune, "Plan the removal of services no longer in the manifest");
  sub->add_flag("--adopt", o->adopt, "Plan to take over existing objects vsctl does not own");
  sub->add_flag("--allow-one-way", o->allow_one_way, "Allow every one-way door");
  sub->add_option("--allow", o->allow, "Allow what the plan would refuse: capacity (steps that do not fit the cluster) and the one-way doors volume-change, immutable-field, storage-loss, dependency-removal")
      ->type_name("KIND[,KIND]");
  sub->add_flag("--force-context", o->force_context, "Use a context other than the environment's");
  sub->add_option("--timeout", o->timeout, "Per-service deadline, also the rendered progress deadline (default 5m)");
  sub->footer(
      "Exits 0, or 8 when the plan crosses a line nobody allowed (a one-way door, an object vsctl does not own,\n"
      "a step whose new pods or volume claims do not fit the cluster's nodes, quota or volumes).\n"
      "Each step that makes pods is checked against the room the cluster has at that point of the plan: per node,\n"
      "allocatable minus the requests of the pods there, on the nodes the service may run on; the namespace's\n"
      "ResourceQuota and LimitRange; free volumes for a pet's claims (docs/apply.md, \"Capacity\").\n"
      "The digest it prints can be given to `vsctl apply --plan-digest`; `-o json > plan.json` can be given as\n"
      "`vsctl apply --plan plan.json`.\n"
      "-o markdown: refusals and one-way doors first, a table of the steps, a collapsible section per step,\n"
      "at most 65,536 characters (a GitHub comment).\n\n"
      "Examples:\n"
      "  vsctl plan\n"
      "  vsctl plan --env staging --prune -o json > plan.json");
  reg.add(sub, [&g, o] { return run_plan(g, *o); });
}

}  // namespace vsctl::cli
