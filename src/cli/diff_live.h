#pragma once
// vsctl diff [REV]: a VersionSet against the live cluster (docs/diff.md).
#include <string>

#include "cli/app.h"

namespace vsctl::cli {

struct LiveDiffOptions {
  std::string rev;   // "" for the working tree
  std::string base;  // --base: a three-way view against this VersionSet
  std::string output = "text";
  bool show_secrets = false;
  bool force_context = false;
};

// Exit 0 no differences, 1 differences, 3 invalid manifest, 5 cluster errors, 8 refused context.
util::Result<int> run_live_diff(const Globals& g, const LiveDiffOptions& o);

}  // namespace vsctl::cli
