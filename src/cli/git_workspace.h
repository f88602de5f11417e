#pragma once
// The repository of -C as git sees it (a working tree, a worktree, a bare repository, or any
// directory inside one) and the manifest's path inside it, for the commands that read
// VersionSets from git.
#include <memory>
#include <string>

#include "cli/app.h"
#include "versionset/git_source.h"
#include "versionset/history.h"
#include "versionset/load_rev.h"

namespace vsctl::cli {

struct GitWorkspace {
  std::unique_ptr<versionset::GitSource> src;
  std::string manifest_path;  // relative to the repository root, '/'-separated
};

// ErrorKind::Git when -C is not in a git repository.
util::Result<GitWorkspace> open_git_workspace(const Globals& g);

// The manifest at REV, loaded and checked (every environment), view `env`.
util::Result<versionset::LoadedRev> load_git_rev(const GitWorkspace& gw, const std::string& rev, const std::string& env,
                                                 bool allow_missing = false);

// The VersionSet history reader with its cache: loads the cache on construction, saves it
// (when something new was learnt) on save().
class CachedHistory {
 public:
  CachedHistory(GitWorkspace& gw, const std::string& env);
  versionset::HistoryReader& reader() { return reader_; }
  const versionset::Store& store() const { return store_; }
  void save();

 private:
  std::string path_, key_;
  versionset::Store store_;
  versionset::HistoryReader reader_;
};

}  // namespace vsctl::cli
