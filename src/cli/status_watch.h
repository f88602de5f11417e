#pragma once
// vsctl status --watch: LIST then WATCH (the apply Watcher for the services' objects, and a
// watch of the architecture's record and veto objects), a new registry per change, at most one
// per second. On a terminal the view is redrawn in place; otherwise each snapshot follows the
// last (text) or is one JSON document per line (-o json). SIGINT or SIGTERM ends it, exit 0.
#include "cli/status_target.h"

namespace vsctl::cli {

util::Result<int> watch_status(StatusTarget& t, bool json);

}  // namespace vsctl::cli
