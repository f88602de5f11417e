#pragma once
// The SourceReader over a git repository, through libgit2: no `git` subprocess, no checkout.
// Opens bare repositories, worktrees and any directory inside a working tree.
#include <memory>
#include <string>
#include <vector>

#include "versionset/source.h"

namespace vsctl::versionset {

struct RepoPaths {
  std::string git_dir;     // the repository's git directory (a worktree's own one)
  std::string common_dir;  // shared by every worktree of the repository
  std::string workdir;     // the working tree's root, '/'-terminated; empty for a bare repository
};

class GitSource : public SourceReader {
 public:
  ~GitSource() override;
  GitSource(const GitSource&) = delete;
  GitSource& operator=(const GitSource&) = delete;

  // The repository that contains `dir` (searching upwards). ErrorKind::Git when there is none.
  static util::Result<std::unique_ptr<GitSource>> open(const std::string& dir);

  const RepoPaths& paths() const { return paths_; }
  // Where git runs hooks from: core.hooksPath (relative to the working tree when relative), else
  // the hooks directory of the common git directory.
  std::string hooks_dir() const;
  // The short names of the branches, tags and remote-tracking branches ("main", "v1",
  // "origin/main"), each a valid git reference name; sorted.
  std::vector<std::string> ref_names() const;

  util::Result<Oid> resolve(std::string_view rev) override;
  util::Result<CommitInfo> commit(const Oid& id) override;
  util::Result<Entry> entry(const Oid& tree, std::string_view path) override;
  util::Result<std::string> blob(const Oid& id, std::size_t max_bytes) override;
  std::string cache_dir() const override;
  std::unique_ptr<SourceReader> clone() const override;
  bool shallow() const override;

 private:
  struct Impl;
  explicit GitSource(std::unique_ptr<Impl> impl, RepoPaths paths);
  std::unique_ptr<Impl> impl_;
  RepoPaths paths_;
};

}  // namespace vsctl::versionset
