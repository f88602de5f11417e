#pragma once
// What plan, apply, destroy and rollback share on the command line: the desired state loaded
// from the working tree or a revision (engine/desired.h) with the cluster connected, and the
// flags every converging command has. The sequence itself is the engine's.
#include <chrono>
#include <string>

#include "cli/app.h"
#include "cli/cluster.h"
#include "cli/workspace.h"
#include "engine/desired.h"
#include "engine/plan.h"

namespace vsctl::cli {

struct Target {
  Workspace ws;  // empty when the desired state came from a record
  Cluster cluster;
  engine::Desired desired;
};

// Loads REV (read from git, whatever the working tree holds) or the working tree with --env,
// prints diagnostics (exit 3 when invalid), renders with `timeout_s` as the progress deadline,
// reads the repository's diff policy, connects.
util::Result<Target> load_target(const Globals& g, const std::string& rev, int timeout_s, ContextCheck check);

// The repository's diff policy (docs/diff.md) from the working tree's .vsctl/diff.yaml.
util::Result<diff::Policy> repository_policy(const Workspace& ws);

// A duration such as "5m", "90s", "1h30m", "250ms"; Usage error otherwise.
util::Result<std::chrono::milliseconds> parse_duration(const std::string& text, const std::string& flag);

}  // namespace vsctl::cli
