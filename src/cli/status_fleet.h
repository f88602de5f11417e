#pragma once
// vsctl status --fleet: every environment of the architecture at once (fleet/board.h).
#include "cli/app.h"
#include "manifest/model.h"

namespace vsctl::cli {

// Prints the fleet view; exit 5 only when no environment answered.
util::Result<int> run_fleet_status(const Globals& g, bool json);

// The manifest's base view from the working tree (every environment, the promotion stages);
// exit 3 with the diagnostics when it is invalid.
util::Result<manifest::Architecture> fleet_manifest(const Globals& g);

}  // namespace vsctl::cli
