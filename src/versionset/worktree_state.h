#pragma once
// The git facts an apply records and checks: the commit of the VersionSet and whether the
// manifest's directory has uncommitted changes (libgit2 status, limited to that directory, so
// that unrelated work elsewhere in the repository does not count).
#include <string>
#include <vector>

#include "util/error.h"

namespace vsctl::versionset {

struct GitState {
  bool in_git = false;
  std::string commit;  // the revision's commit, or HEAD's for the working tree
  bool dirty = false;  // the working tree differs from HEAD under the manifest's directory
  std::vector<std::string> dirty_paths;  // a few of them, for the message
};

// `root`: the repository root; `dir`: the manifest's directory relative to it ("" for the
// root); `rev`: a revision (then dirty is false) or "" for the working tree.
util::Result<GitState> git_state(const std::string& root, const std::string& dir, const std::string& rev);

}  // namespace vsctl::versionset
