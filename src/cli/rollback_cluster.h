#pragma once
// Which architecture a cluster-side command (rollback, veto) acts on, and the connection to its
// cluster. From the working tree's manifest when there is one; otherwise from the records found
// in the namespace (-n, else the context's): rollbacks from a record need no repository.
#include <optional>
#include <string>

#include "cli/cluster.h"
#include "cli/workspace.h"
#include "diff/policy.h"
#include "manifest/model.h"

namespace vsctl::cli {

struct ArchitectureAt {
  manifest::Architecture view;  // name, ns, env, context (services only when read from a manifest)
  std::optional<Workspace> ws;  // when the manifest was read from a working tree
  Cluster cluster;
};

// ErrorKind::Usage when neither a manifest nor records name an architecture.
util::Result<ArchitectureAt> find_architecture(const Globals& g, ContextCheck check);

}  // namespace vsctl::cli
