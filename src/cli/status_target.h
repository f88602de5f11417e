#pragma once
// Where status and history look: the architecture and namespace from the repository's manifest
// (with --env and -n), or, without a manifest, the namespace alone (-n) and the architecture
// found there by its records' and workloads' labels (--architecture when there are several).
#include <string>

#include "cli/app.h"
#include "cli/cluster.h"

namespace vsctl::cli {

struct StatusTarget {
  Cluster cluster;
  std::string ns, architecture;
  bool from_manifest = false;
};

util::Result<StatusTarget> resolve_status_target(const Globals& g, const std::string& architecture);

}  // namespace vsctl::cli
