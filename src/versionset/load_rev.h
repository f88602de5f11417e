#pragma once
// A VersionSet read from git: the manifest at a commit, loaded and checked like the working
// tree's, with diagnostics naming the source "<short-sha>:<path>".
#include <string>

#include "manifest/load.h"
#include "versionset/source.h"

namespace vsctl::versionset {

struct RevRequest {
  std::string rev;            // as the user wrote it, for messages
  std::string manifest_path;  // relative to the repository root, '/'-separated
  std::string env;            // the view to return ("" for the base)
  bool allow_missing = false;  // a commit without the manifest is an empty VersionSet, not an error
  manifest::ViewVisitor visit;  // see manifest::LoadRequest::visit
};

struct LoadedRev {
  CommitInfo commit;
  manifest::Loaded loaded;
  bool absent = false;  // allow_missing and the commit has no manifest: `loaded` is empty
};

// ErrorKind::Git when the revision does not resolve or has no manifest at that path.
util::Result<LoadedRev> load_rev(SourceReader& src, const RevRequest& req);

// The same for an already resolved commit.
util::Result<LoadedRev> load_commit(SourceReader& src, const Oid& commit, const RevRequest& req);

}  // namespace vsctl::versionset
