// vsctl apply: converge the cluster to a VersionSet, step by step, waiting for each service to
// reach Run; locked, recorded, interruptible.
#include <iostream>

#include "apply/plan_json.h"
#include "apply/plan_text.h"
#include "cli/app.h"
#include "cli/apply_run.h"
#include "cli/convergence.h"
#include "versionset/worktree_state.h"
#include "cli/output.h"
#include "util/strings.h"

namespace vsctl::cli {

namespace {

util::Result<std::string> approved_digest(const ApplyCmd& o) {
  if (o.plan_file.empty()) return o.plan_digest;
  std::FILE* f = std::fopen(o.plan_file.c_str(), "rb");
  if (!f) return util::fail(util::ErrorKind::Io, "--plan: cannot read " + o.plan_file);
  std::string text;
  char buf[65536];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
  std::fclose(f);
  VSCTL_TRY(saved, apply::read_saved_plan(o.plan_file, text));
  if (!o.plan_digest.empty() && o.plan_digest != saved.digest)
    return util::fail(util::ErrorKind::Usage, "--plan-digest and --plan name different plans");
  return saved.digest;
}

util::Result<int> run_apply(const Globals& g, const ApplyCmd& o) {
  VSCTL_TRY(spec, run_spec(engine::Operation::Apply, o.run));
  VSCTL_TRY(approved, approved_digest(o));
  VSCTL_TRY(t, load_target(g, o.rev, static_cast<int>(spec.engine.timeout.count()),
                           o.run.force_context ? ContextCheck::Allow : ContextCheck::Refuse));
  const auto& view = t.desired.view;
  VSCTL_CHECK(engine::refuse_vetoed(*t.cluster.client, view));
  VSCTL_TRY(git, versionset::git_state(t.ws.root, t.ws.manifest_dir(), o.rev));
  if (git.dirty && !o.allow_dirty)
    return util::fail(util::ErrorKind::Refused, "the working tree has uncommitted changes (" + util::join(git.dirty_paths, ", ") +
                                                    "): commit them so the record names a commit, or pass --allow-dirty");
  if (view.services.empty() && !o.allow_empty)
    return util::fail(util::ErrorKind::Refused, "the VersionSet has no services: applying it (with --prune) would remove everything; pass --allow-empty if that is meant");

  apply::PlanOptions& po = spec.engine.plan_options;
  po.prune = o.prune;
  po.adopt = o.adopt;
  VSCTL_TRY(p, engine::plan(*t.cluster.client, t.desired, po));
  if (!spec.json) std::cerr << apply::format_plan(p.plan, Output::stderr_color());
  if (auto r = p.plan.refusals(); !r.empty()) return util::fail(util::ErrorKind::Refused, "refused: " + util::join(r, "\n  "));
  if (!approved.empty() && approved != p.plan.digest)
    return util::fail(util::ErrorKind::Refused, "the plan no longer matches the approved one (digest " + p.plan.digest +
                                                    ", approved " + approved + "): the cluster or the manifest changed; run plan again");

  spec.engine.commit = git.dirty ? "" : git.commit;
  spec.engine.dirty = git.dirty;
  spec.engine.rollback_on_failure = o.rollback_on_failure;
  spec.engine.pinned = !approved.empty();
  spec.dry_run = o.dry_run;
  return run_convergence(t, std::move(p), spec);
}

}  // namespace

void add_apply(CLI::App& app, Globals& g, Registry& reg) {
  auto o = std::make_shared<ApplyCmd>();
  CLI::App* sub = app.add_subcommand("apply", "Converge the cluster to a VersionSet, service by service, in dependency order");
  sub->add_option("REV", o->rev, "A git revision (default: the working tree)");
  add_run_flags(sub, o->run, "capacity (steps that do not fit the cluster) and the one-way doors volume-change, immutable-field, storage-loss, dependency-removal");
  sub->add_flag("--dry-run", o->dry_run, "Show the plan and validate every object with a server-side dry run; change nothing");
  sub->add_flag("--prune", o->prune, "Destroy services no longer in the manifest (dependents first)");
  sub->add_flag("--adopt", o->adopt, "Take over existing objects vsctl does not own (never another architecture's)");
  sub->add_flag("--allow-dirty", o->allow_dirty, "Apply a working tree with uncommitted changes (recorded with its tree digest)");
  sub->add_flag("--allow-empty", o->allow_empty, "Apply a VersionSet with no services");
  sub->add_flag("--rollback-on-failure", o->rollback_on_failure, "On failure, move what this run touched back to the previous record");
  sub->add_option("--plan-digest", o->plan_digest, "Refuse unless the plan still has this digest (from vsctl plan)");
  sub->add_option("--plan", o->plan_file, "A plan saved with `vsctl plan -o json`: refuse unless it still matches")->type_name("FILE");
  sub->footer(
      "Exit codes: 0 converged, 5 cluster error, 6 a service did not reach Run, 7 locked, 8 refused, 130 interrupted.\n\n"
      "Examples:\n"
      "  vsctl apply --yes\n"
      "  vsctl apply v1.4 --env staging --prune --rollback-on-failure\n"
      "  vsctl apply --yes -o json | jq -c 'select(.type==\"StepFinished\")'");
  reg.add(sub, [&g, o] { return run_apply(g, *o); });
}

}  // namespace vsctl::cli
