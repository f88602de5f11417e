#pragma once
// What the versionset library reads from a repository, behind a narrow interface: commits,
// tree entries and blobs. The libgit2 adapter (git_source.h) is the real one; tests can bring
// their own. Everything above this interface is free of git.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "util/error.h"
#include "versionset/oid.h"

namespace vsctl::versionset {

struct CommitInfo {
  Oid id;
  Oid tree;
  std::optional<Oid> parent;  // the first parent; history follows only this one
  std::int64_t time = 0;      // committer time, seconds since the epoch
  int offset_minutes = 0;     // the committer's time zone
  std::string author;         // name
  std::string subject;        // first line of the message
};

enum class EntryKind { Missing, Blob, Tree, Symlink, Submodule };

struct Entry {
  EntryKind kind = EntryKind::Missing;
  Oid id;
};

class SourceReader {
 public:
  virtual ~SourceReader() = default;

  // Any revision git accepts (sha, short sha, branch, tag, HEAD~2, main@{1}), peeled to a
  // commit. ErrorKind::Git naming the revision when it does not resolve.
  virtual util::Result<Oid> resolve(std::string_view rev) = 0;
  virtual util::Result<CommitInfo> commit(const Oid& id) = 0;
  // The entry at `path` ('/'-separated, normalised, relative to the root of `tree`); kind
  // Missing when there is none.
  virtual util::Result<Entry> entry(const Oid& tree, std::string_view path) = 0;
  // A blob's bytes; ErrorKind::Io when it is larger than `max_bytes`.
  virtual util::Result<std::string> blob(const Oid& id, std::size_t max_bytes) = 0;
  // A shallow clone: the first-parent history may end at a commit whose parent is missing.
  virtual bool shallow() const { return false; }
  // Another reader of the same repository for another thread (libgit2 handles are not shared
  // between threads); nullptr when the source cannot be read concurrently.
  virtual std::unique_ptr<SourceReader> clone() const { return nullptr; }
  // A directory where caches may be kept (inside the repository's git directory); empty when
  // there is none.
  virtual std::string cache_dir() const = 0;
};

}  // namespace vsctl::versionset
