#pragma once
// `vsctl validate --base REV`: what the change breaks relative to the base VersionSet, in the
// base view and in every environment's view.
#include <string>

#include "cli/app.h"
#include "cli/git_workspace.h"

namespace vsctl::cli {

struct BaseInfo {
  std::string rev;
  std::string commit;    // full id
  bool absent = false;   // the base has no manifest: everything is new, nothing can break
  bool unusable = false; // the base manifest does not parse: only the new VersionSet was checked
};

// Adds to v.loaded.diags what the VersionSet breaks relative to `base_rev`; the generic error
// at the same place (an unknown dependency, an unsatisfied range) gives way to the specific one.
util::Result<BaseInfo> check_base(const Globals& g, const std::string& rev, const std::string& base_rev, VersionSetSource& v);

}  // namespace vsctl::cli
