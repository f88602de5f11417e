#pragma once
// vsctl reconcile on the command line: flags, the loop, and what the round needs from the
// command line (reconcile::Ports): the connection by kubeconfig and context, the live
// progress, the diagnostics' format. The round itself is src/reconcile's.
#include "cli/app.h"
#include "reconcile/round.h"

namespace vsctl::cli {

// The Ports of a reconcile round run from this command line.
reconcile::Ports reconcile_ports(const Globals& g, bool json);

}  // namespace vsctl::cli
