#pragma once
// `vsctl validate --base REV`: what the change breaks relative to the base VersionSet, in the
// base view and in every environment's view.
#include <map>
#include <string>
#include <vector>

#include "cli/app.h"
#include "cli/git_workspace.h"
#include "versionset/breaks.h"

namespace vsctl::cli {

struct BaseInfo {
  std::string rev;
  std::string commit;    // full id
  bool absent = false;   // the base has no manifest: everything is new, nothing can break
  bool unusable = false; // the base manifest does not parse: only the new VersionSet was checked
};

// What a change breaks relative to the base VersionSet, found in one pass: the base is read
// first (each of its views kept as much as the comparison needs: names, versions, ranges), then
// the new VersionSet's views are compared with it as they are loaded.
class BaseCheck {
 public:
  // Reads `base_rev` (exit 4 when it does not resolve; a base that cannot be read or parsed is
  // a warning added by finish(): the change that fixes such a base must still pass).
  static util::Result<BaseCheck> read(const Globals& g, const std::string& base_rev);

  // Compares one view of the new VersionSet (`env` "" for the base view) with the base's. An
  // environment's view that changes only some services (`change`) is compared again only where
  // it can differ from the base view's comparison: the services either side's environment
  // overrides and their dependents; the rest repeats the base view's findings.
  void compare(const std::string& env, const manifest::Architecture& view, const manifest::ViewChange& change);
  // Adds to v.loaded.diags what was found; the generic error at the same place (an unknown
  // dependency, an unsatisfied range) gives way to the specific one.
  BaseInfo finish(VersionSetSource& v);

 private:
  // Warns where a caller's range admits the new version of a canary or blue-green service but
  // not the old one, which serves beside it during the rollout (manifest/rollout_ranges.h).
  void rollout_ranges(const manifest::Architecture& view, const versionset::FindService& base_find, const std::string& env);

  std::string env_;  // the view validate shows (--env), compared without a prefix
  BaseInfo info_;
  std::string unreadable_, short_id_;  // why the base cannot be read; its short id
  bool invalid_ = false;
  std::map<std::string, manifest::Architecture> views_;  // by environment ("" for the base view)
  util::Diagnostics breaks_;
  util::Diagnostics rollout_;  // ranges during a rollout: warnings, kept apart from the breaks
  // the base view's findings per service, and who depends on whom in the new base view
  bool base_compared_ = false;
  std::map<std::string, std::vector<util::Diagnostic>> base_breaks_;
  std::map<std::string, std::vector<std::string>> dependents_;
};
}  // namespace vsctl::cli
