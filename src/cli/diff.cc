// vsctl diff: with zero or one REV, a VersionSet against the live cluster (cli/diff_live.h);
// with two, two VersionSets against each other, offline.
#include <memory>
#include <vector>

#include "cli/app.h"
#include "cli/diff_live.h"
#include "cli/diff_revisions.h"

namespace vsctl::cli {

namespace {

struct DiffOptions {
  std::vector<std::string> revs;
  std::string base;
  std::string output = "text";
  bool show_secrets = false;
  bool force_context = false;
  bool objects = false;
};

// Two VersionSets, service by service and field by field, without a cluster.
// With --objects, the Kubernetes objects they render to, object by object.
util::Result<int> run_revisions_diff(const Globals& g, const DiffOptions& o) {
  RevisionsDiffOptions r;
  r.rev1 = o.revs[0];
  r.rev2 = o.revs[1];
  r.output = o.output;
  r.objects = o.objects;
  r.secrets = o.show_secrets ? versionset::SecretValues::Shown : versionset::SecretValues::Masked;
  return run_revisions_diff(g, r);
}

util::Result<int> run_diff(const Globals& g, const DiffOptions& o) {
  if (o.revs.size() > 2) return util::fail(util::ErrorKind::Usage, "at most two revisions: vsctl diff [REV] or vsctl diff REV1 REV2");
  if (o.revs.size() == 2) {
    if (!o.base.empty()) return util::fail(util::ErrorKind::Usage, "--base compares with the cluster: give at most one REV with it");
    return run_revisions_diff(g, o);
  }
  if (o.objects) return util::fail(util::ErrorKind::Usage, "--objects compares two VersionSets offline: vsctl diff REV1 REV2 --objects");
  LiveDiffOptions live;
  live.rev = o.revs.empty() ? "" : o.revs[0];
  live.base = o.base;
  live.output = o.output;
  live.show_secrets = o.show_secrets;
  live.force_context = o.force_context;
  return run_live_diff(g, live);
}

}  // namespace

void add_diff(CLI::App& app, Globals& g, Registry& reg) {
  auto opts = std::make_shared<DiffOptions>();
  CLI::App* sub = app.add_subcommand("diff", "Show what applying a VersionSet would change in the cluster (or between two VersionSets)");
  sub->add_option("REV", opts->revs, "A git revision (default: the working tree); two revisions compare them offline")
      ->expected(0, 2);
  sub->add_option("--base", opts->base, "Separate the change from this VersionSet from drift already in the cluster")
      ->type_name("REV");
  sub->add_option("-o,--output", opts->output, "Output format: text, json, or markdown (a pull request comment)")
      ->check(CLI::IsMember({"text", "json", "markdown"}));
  sub->add_flag("--objects", opts->objects,
                "With REV1 REV2: compare the Kubernetes objects they render to (--env), object by object");
  sub->add_flag("--show-secrets", opts->show_secrets, "Show Secret values instead of masking them");
  sub->add_flag("--force-context", opts->force_context, "Allow a --context other than the one the environment names");
  sub->footer(
      "Exit codes: 0 no differences, 1 differences, 3 invalid manifest, 5 cluster error, 8 context refused.\n"
      "Secret values are masked (with a digest where they changed), against the cluster and between\n"
      "two VersionSets alike, unless --show-secrets.\n"
      "Fields people changed with kubectl (edit, set, scale, patch, client-side apply) are drift: shown, and\n"
      "taken back by apply. Fields controllers own by design (an autoscaler's replicas) are left alone.\n"
      "The repository's .vsctl/diff.yaml extends both lists and names fields never compared (docs/diff.md).\n"
      "-o markdown is for review comments: a summary table, one collapsible section per service, cut at\n"
      "65,536 characters between sections (the last line says what was cut and what prints it all).\n\n"
      "Examples:\n"
      "  vsctl diff                       the working tree against the cluster\n"
      "  vsctl diff HEAD --env staging    the last commit against staging\n"
      "  vsctl diff --base origin/main    the change since main, apart from drift already there\n"
      "  vsctl diff main HEAD             two VersionSets, service by service, without a cluster\n"
      "  vsctl diff main HEAD --objects -o markdown   the objects that change, as a review comment\n"
      "  vsctl diff -o json | jq '.services[] | select(.change != \"None\")'");
  reg.add(sub, [&g, opts] { return run_diff(g, *opts); });
}

}  // namespace vsctl::cli
