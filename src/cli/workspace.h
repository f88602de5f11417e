#pragma once
// Where the manifest is: the repository root found from -C (the nearest directory upwards with
// .git, else the directory itself) and the manifest path relative to it (-f, default
// architecture.yaml at the root). Reads the working tree's files for the core.
#include <optional>
#include <string>

#include "cli/app.h"
#include "manifest/load.h"

namespace vsctl::cli {

struct Workspace {
  std::string root;           // absolute
  std::string manifest_path;  // relative to root, '/'-separated
  bool in_git = false;
  std::string manifest_dir() const;
};

util::Result<Workspace> find_workspace(const Globals& g);

// Reads repository-relative paths under ws.root: refuses paths that resolve (through symlinks)
// outside the root, and files over `max_bytes`.
manifest::FileReader worktree_reader(const Workspace& ws, std::size_t max_bytes);

// A repository file that may be absent (.vsctl/diff.yaml): nullopt when there is none. Read
// through worktree_reader, so a symbolic link out of the repository is refused (ErrorKind::Invalid).
util::Result<std::optional<std::string>> read_optional_file(const Workspace& ws, const std::string& rel,
                                                            std::size_t max_bytes);

// The working tree's manifest, loaded and checked (every environment), view `env`.
util::Result<manifest::Loaded> load_worktree(const Workspace& ws, const std::string& env,
                                             manifest::ViewVisitor visit = {});

// The manifest of a VersionSet: at git revision `rev`, or the working tree when `rev` is empty.
// Loaded and checked (every environment); the view of `env` returned.
util::Result<manifest::Loaded> load_source(const Globals& g, const std::string& rev, const std::string& env);

}  // namespace vsctl::cli
