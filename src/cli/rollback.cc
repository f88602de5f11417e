// vsctl rollback: coordinated rollback on the cluster. No service: the whole architecture back
// to the newest record that converged before the current one (--to-revision N, --to REV); named
// services: the closure of their ranges against the live versions (cli/rollback_named.cc). With
// --from REV --dry-run, the closure computed offline from git (cli/rollback_preview.h).
#include <iostream>
#include <memory>

#include "apply/record_store.h"
#include "cli/app.h"
#include "versionset/worktree_state.h"
#include "cli/rollback_preview.h"
#include "cli/rollback_run.h"
#include "engine/rollback_select.h"
#include "util/strings.h"

namespace vsctl::cli {

util::Result<int> run_named_rollback(const Globals& g, const RollbackCmd& o);

namespace {

util::Result<int> whole_from_record(const Globals& g, const RollbackCmd& o) {
  VSCTL_TRY(a, find_architecture(g, o.run.force_context ? ContextCheck::Allow : ContextCheck::Refuse));
  VSCTL_TRY(rt, record_target(std::move(a), o.to_revision));
  return converge_rollback(rt.target, o, rt.record.commit, engine::describe(rt.record), VetoCheck::Every);
}

util::Result<int> whole_from_git(const Globals& g, const RollbackCmd& o) {
  VSCTL_TRY(spec, run_spec(engine::Operation::Rollback, o.run));
  VSCTL_TRY(t, load_target(g, o.to, static_cast<int>(spec.engine.timeout.count()),
                           o.run.force_context ? ContextCheck::Allow : ContextCheck::Refuse));
  VSCTL_TRY(git, versionset::git_state(t.ws.root, t.ws.manifest_dir(), o.to));
  return converge_rollback(t, o, git.commit, o.to + " (" + git.commit.substr(0, 7) + ")", VetoCheck::Every);
}

util::Result<int> run_rollback(const Globals& g, const RollbackCmd& o) {
  if (!o.from.empty()) {
    if (!o.dry_run)
      return util::fail(util::ErrorKind::Usage, "--from REV computes the rollback offline and changes nothing: add --dry-run");
    RollbackPreviewOptions p{o.services, o.from, o.to, o.budget, o.run.output};
    return run_rollback_preview(g, p);
  }
  if (!o.to.empty() && o.to_revision > 0) return util::fail(util::ErrorKind::Usage, "--to and --to-revision name two targets: give one");
  if (!o.services.empty()) return run_named_rollback(g, o);
  if (!o.to.empty()) return whole_from_git(g, o);
  return whole_from_record(g, o);
}

}  // namespace

void add_rollback(CLI::App& app, Globals& g, Registry& reg) {
  auto o = std::make_shared<RollbackCmd>();
  CLI::App* sub = app.add_subcommand("rollback", "Roll the architecture, or services and what their ranges drag along, back");
  sub->add_option("SERVICE", o->services, "The services to roll back (none: the whole architecture)");
  sub->add_option("--to", o->to, "Go to the VersionSet (or the named services' versions) at REV")->type_name("REV");
  sub->add_option("--to-revision", o->to_revision, "Go to the VersionSet (or the versions) of record N (vsctl history)")
      ->type_name("N")
      ->check(CLI::PositiveNumber);
  sub->add_option("--from", o->from, "Offline, with --dry-run: take the VersionSet at REV as the current one")->type_name("REV");
  sub->add_flag("--dry-run", o->dry_run, "Show the rollback and its plan, validate every object with a server-side dry run; change nothing");
  sub->add_option("--budget", o->budget, "Search steps before giving up (default 200000; the search also stops after 5 s)")->type_name("N")->check(CLI::PositiveNumber);
  add_run_flags(sub, o->run, "capacity (steps that do not fit the cluster) and the one-way doors volume-change, immutable-field, storage-loss, dependency-removal");
  sub->footer(
      "No SERVICE: the whole architecture goes back to the newest VersionSet in the cluster's record\n"
      "that converged, other than the current one, from the objects the record stored (no repository\n"
      "needed); --to-revision N for another record, --to REV for a commit.\n\n"
      "Named services go to the version they had before (the newest succeeded record with another\n"
      "version, else the git history), or to their version at --to REV / --to-revision N. Every\n"
      "service the move makes inconsistent, as a dependent or a dependency and transitively, is\n"
      "dragged along against the LIVE versions: as few as possible, each to the newest version it\n"
      "can have, never newer than it runs, with its definition from the record or commit that had\n"
      "it. Vetoed versions are never chosen. Dependents move first; each moving service shows the\n"
      "Rollback state; the run is locked and recorded as a rollback, like apply.\n\n"
      "Exit codes: 0 converged (or nothing to do), 2 usage, 4 git, 5 cluster error, 6 a service did\n"
      "not reach Run, 7 locked, 8 refused (no consistent rollback, a vetoed version, no --yes\n"
      "without a terminal), 130 interrupted.\n\n"
      "Examples:\n"
      "  vsctl rollback --yes                      # the whole architecture, one VersionSet back\n"
      "  vsctl rollback --to-revision 3 --yes -n shop\n"
      "  vsctl rollback cart --dry-run             # what moving cart back drags along\n"
      "  vsctl rollback cart --yes -o json         # dependents first, as JSON events\n"
      "  vsctl rollback cart --from HEAD --dry-run # offline, from git alone");
  reg.add(sub, [&g, o] { return run_rollback(g, *o); });
}

}  // namespace vsctl::cli
