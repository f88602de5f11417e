#pragma once
// Whether a commit is in a branch's history: the commit the branch names, or one of its
// ancestors. vsctl promote takes only a VersionSet the branch has (a commit made on another
// branch, or since rewritten away, is never promoted).
#include <string>

#include "util/error.h"

namespace vsctl::versionset {

struct Ancestry {
  bool in_history = false;
  std::string tip;  // the full sha the ref names
};

// `root`: the repository; `commit`: a full or short sha (or any revision); `ref`: a branch or
// revision ("HEAD", "main", "origin/main"). ErrorKind::Git when either does not resolve.
util::Result<Ancestry> in_history(const std::string& root, const std::string& commit, const std::string& ref);

}  // namespace vsctl::versionset
