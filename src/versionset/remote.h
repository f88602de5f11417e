#pragma once
// Where the reconciler reads the branch from. A local path is read in place (no fetch: the
// next round sees new commits on the branch at once). A URL (https://, http://, file://, ssh://,
// git://, or user@host:path) is fetched with libgit2 into a bare repository kept in a cache
// directory, one per URL, refreshing only the branch (refs/remotes/origin/BRANCH).
#include <string>

#include "util/error.h"

namespace vsctl::versionset {

struct RepoSpec {
  std::string repo;    // a path or a URL
  std::string branch;  // "main"
};

struct Checkout {
  std::string path;  // a directory libgit2 opens (the repository, or the cache's bare one)
  std::string rev;   // what to resolve there: "main", or "refs/remotes/origin/main"
};

// Whether `repo` is a URL rather than a local path.
bool is_remote(const std::string& repo);
// The cache directory of a URL under `cache_root`: "<root>/<16 hex digits of its sha256>.git".
std::string cache_path(const std::string& cache_root, const std::string& url);
// The default cache root: $XDG_CACHE_HOME/vsctl/reconcile, else $HOME/.cache/vsctl/reconcile.
std::string default_cache_root();
// A URL with any user:password@ part removed, for messages.
std::string redact_url(const std::string& url);

// Makes the branch readable: a local path as it is; a URL fetched into the cache first.
// ErrorKind::Git when the fetch fails or the branch does not exist there.
util::Result<Checkout> sync(const RepoSpec& spec, const std::string& cache_root);

}  // namespace vsctl::versionset
