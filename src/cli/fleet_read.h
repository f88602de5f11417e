#pragma once
// Reading the fleet: every environment's cluster at once (one thread each), each connected
// with its own context and namespace; an environment that cannot be read is a fact (its error),
// not a failure of the whole.
#include <string>
#include <vector>

#include "cli/app.h"
#include "cli/cluster.h"
#include "fleet/facts.h"
#include "fleet/pipeline.h"

namespace vsctl::cli {

// What to read of each environment.
struct FleetRead {
  bool records = true;   // every record's header (newest first)
  bool registry = true;  // the live objects, into the registry view
  bool vetoes = true;
};

// Refuses --context, -n and --env: a fleet command goes to each environment's own cluster.
util::Result<void> refuse_single_target_flags(const Globals& g, const std::string& command);

// The connection to one environment's cluster (its context, its namespace).
util::Result<Cluster> connect_place(const Globals& g, const fleet::Place& p);

std::vector<fleet::EnvFacts> read_fleet(const Globals& g, const std::string& architecture, const std::vector<fleet::Place>& places,
                                        const FleetRead& what);

}  // namespace vsctl::cli
