// vsctl rollback: coordinated rollback. With --from REV --dry-run, computed offline against the
// VersionSet at REV (cli/rollback_preview.h); against the cluster otherwise.
#include <memory>

#include "cli/app.h"
#include "cli/rollback_preview.h"

namespace vsctl::cli {

namespace {

struct RollbackOptions {
  RollbackPreviewOptions preview;
  bool dry_run = false;
};

util::Result<int> run_rollback(const Globals& g, const RollbackOptions& o) {
  if (o.preview.from.empty())
    return util::fail(util::ErrorKind::Usage,
                      "vsctl rollback without --from rolls the cluster back, which this build cannot do yet; "
                      "for the offline preview, give --from REV --dry-run");
  if (!o.dry_run)
    return util::fail(util::ErrorKind::Usage, "--from REV computes the rollback offline and changes nothing: add --dry-run");
  return run_rollback_preview(g, o.preview);
}

}  // namespace

void add_rollback(CLI::App& app, Globals& g, Registry& reg) {
  auto opts = std::make_shared<RollbackOptions>();
  CLI::App* sub = app.add_subcommand("rollback", "Roll services back, with every service their version ranges drag along");
  sub->add_option("SERVICE", opts->preview.services, "The services to roll back");
  sub->add_option("--from", opts->preview.from, "Offline: take the VersionSet at REV as the current one")->type_name("REV");
  sub->add_option("--to", opts->preview.to, "Roll the named services back to their versions at REV")->type_name("REV");
  sub->add_flag("--dry-run", opts->dry_run, "Show the plan, change nothing");
  sub->add_option("--budget", opts->preview.budget, "Search steps before giving up (default 200000)")
      ->type_name("N")
      ->check(CLI::PositiveNumber);
  sub->add_option("-o,--output", opts->preview.output, "Output format")->check(CLI::IsMember({"text", "json"}));
  sub->footer(
      "A named service goes to the version it had in the newest earlier VersionSet (first-parent\n"
      "history) where its version differs, or to its version at --to REV. Every service the move\n"
      "makes inconsistent, as a dependent or a dependency and transitively, is dragged along: as few\n"
      "as possible, each to the newest version it can have, never to a newer one than it has, each\n"
      "with its definition at the newest commit with that version. The plan says which range forced\n"
      "each dragged service. Exit 8 when no consistent rollback exists (nothing is proposed).\n\n"
      "Examples:\n"
      "  vsctl rollback cart --from HEAD --dry-run\n"
      "  vsctl rollback cart frontend --from main --to v1.4 --dry-run -o json");
  reg.add(sub, [&g, opts] { return run_rollback(g, *opts); });
}

}  // namespace vsctl::cli
