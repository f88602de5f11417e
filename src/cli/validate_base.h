#pragma once
// The parts of `vsctl validate` that read git: the VersionSet at REV (or the working tree) with
// its source name, and `--base REV`: what the change breaks relative to the base VersionSet, in
// the base view and in every environment's view.
#include <string>

#include "cli/app.h"
#include "manifest/load.h"

namespace vsctl::cli {

struct Validated {
  manifest::Loaded loaded;
  std::string source;  // "architecture.yaml", or "1a2b3c4:architecture.yaml" at a revision
};

util::Result<Validated> load_for_validate(const Globals& g, const std::string& rev);

struct BaseInfo {
  std::string rev;
  std::string commit;    // full id
  bool absent = false;   // the base has no manifest: everything is new, nothing can break
  bool unusable = false; // the base manifest does not parse: only the new VersionSet was checked
};

// Adds to v.loaded.diags what the VersionSet breaks relative to `base_rev`; the generic error
// at the same place (an unknown dependency, an unsatisfied range) gives way to the specific one.
util::Result<BaseInfo> check_base(const Globals& g, const std::string& rev, const std::string& base_rev, Validated& v);

}  // namespace vsctl::cli
