#pragma once
// vsctl rollback SERVICE... --from REV --dry-run: coordinated rollback computed offline, with the
// VersionSet at REV as the current one and its first-parent history as the versions to go to.
#include <string>
#include <vector>

#include "cli/app.h"

namespace vsctl::cli {

struct RollbackPreviewOptions {
  std::vector<std::string> services;
  std::string from;  // the current VersionSet
  std::string to;    // optional: the named services go to their versions at this revision
  std::size_t budget = 200'000;
  std::string output = "text";
};

// Exit 0 with the plan printed; ErrorKind::Refused (exit 8) when no consistent rollback exists
// or the search runs out of budget (with -o json the conflict is also printed as JSON).
util::Result<int> run_rollback_preview(const Globals& g, const RollbackPreviewOptions& o);

}  // namespace vsctl::cli
