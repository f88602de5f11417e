#pragma once
// Checks across services of one view: dependencies that do not exist, ranges their dependency's
// version does not satisfy, ranges over versions that are not semver, dependency cycles
// (warnings), objects paths that are absolute or leave the repository, the HTTPRoutes canaries
// weigh (rollout_check.h).
#include "manifest/model.h"

namespace vsctl::manifest {

void check_view(const Architecture& a, util::Diagnostics& diags);

// The same for the services whose `only` flag is set (by index in a.services; all when null),
// and the dependency cycles when `cycles`: for an environment's view, what its overrides can
// change.
void check_view(const Architecture& a, const std::vector<bool>* only, bool cycles, util::Diagnostics& diags);

// `path` (as written in `objects`) joined to the manifest's directory and normalised; nullopt
// when it is absolute or leaves the repository.
std::optional<std::string> resolve_repo_path(std::string_view manifest_dir, std::string_view path);

}  // namespace vsctl::manifest
