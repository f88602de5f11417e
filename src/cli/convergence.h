#pragma once
// What plan, apply and destroy share: the VersionSet loaded, validated and rendered, the
// cluster connected, the live objects and the last record read, and the plan made.
#include <map>
#include <optional>
#include <string>

#include "apply/plan.h"
#include "apply/planner.h"
#include "apply/record.h"
#include "cli/app.h"
#include "cli/cluster.h"
#include "cli/workspace.h"
#include "diff/policy.h"
#include "render/render.h"
#include "versionset/source.h"

namespace vsctl::cli {

struct Target {
  Workspace ws;
  manifest::Loaded loaded;
  manifest::Architecture view;
  render::Rendered rendered;
  Cluster cluster;
  std::string tree_digest;  // of every source text read
  // the repository's .vsctl/diff.yaml over the defaults: who is drift. Never empty: a Target
  // built by hand still judges drift by the defaults.
  diff::Policy policy = diff::Policy::defaults();
};

// Loads REV (read from git, whatever the working tree holds) or the working tree with --env,
// prints diagnostics (exit 3 when invalid), renders with `timeout_s` as the progress deadline,
// reads the diff policy, connects.
util::Result<Target> load_target(const Globals& g, const std::string& rev, int timeout_s, ContextCheck check);

struct Planned {
  apply::Plan plan;
  std::map<k8s::ObjectKey, k8s::Json> objects;  // desired bodies and hook Jobs, by key
  std::optional<apply::Record> last;            // the newest record
  std::size_t requests = 0;
};

// The repository's diff policy (docs/diff.md): the defaults, extended by .vsctl/diff.yaml in the
// working tree, or at a commit (reconcile reads the branch, not a working tree).
util::Result<diff::Policy> repository_policy(const Workspace& ws);
util::Result<diff::Policy> policy_at(versionset::SourceReader& src, const versionset::CommitInfo& commit);

// Reads the cluster and plans with the target's diff policy. `destroy`: plan the removal of
// everything instead.
util::Result<Planned> plan_against_cluster(Target& t, const apply::PlanOptions& opts);

// --allow-one-way / --allow=KIND,... into the plan options: the one-way doors allowed, and
// `capacity` (steps that do not fit the cluster). Usage on an unknown kind.
util::Result<void> allow(apply::PlanOptions& po, bool all_doors, const std::vector<std::string>& kinds);

// "user@host".
std::string who_am_i();

// A duration such as "5m", "90s", "1h30m", "250ms"; Usage error otherwise.
util::Result<std::chrono::milliseconds> parse_duration(const std::string& text, const std::string& flag);

}  // namespace vsctl::cli
