#pragma once
// The repository of -C as git sees it (a working tree, a worktree, a bare repository, or any
// directory inside one) and the manifest's path inside it, for the commands that read
// VersionSets from git.
#include <memory>
#include <optional>
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

// A VersionSet loaded and checked (every environment), view `env`: at REV, or the working tree
// when REV is empty; with the name its diagnostics use.
struct VersionSetSource {
  manifest::Loaded loaded;
  std::string source;                            // "architecture.yaml", "1a2b3c4:architecture.yaml"
  std::optional<versionset::CommitInfo> commit;  // at a revision
};
util::Result<VersionSetSource> load_versionset(const Globals& g, const std::string& rev, const std::string& env,
                                               manifest::ViewVisitor visit = {});

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
  versionset::StorePaths paths_;
  std::string key_;
  versionset::Store store_;
  versionset::HistoryReader reader_;
};

}  // namespace vsctl::cli
