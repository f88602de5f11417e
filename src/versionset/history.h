#pragma once
// The VersionSets of a branch: its first-parent history (a merge counts as one change to the
// branch it lands on, as `git log --first-parent` shows it), keeping the commits whose
// manifest, or a file the manifest refers to in `objects`, differs from their first parent's.
// Trees and blob ids are compared before anything is read; each manifest blob is summarised
// once (and kept in the Store between runs).
#include <string>
#include <vector>

#include "versionset/source.h"
#include "versionset/store.h"
#include "versionset/summarizer.h"

namespace vsctl::versionset {

struct VersionSetEntry {
  const CommitRecord* commit = nullptr;
  const Summary* summary = nullptr;  // nullptr: this commit removed the manifest
};

struct History {
  std::vector<VersionSetEntry> entries;  // newest first
  std::size_t commits = 0;               // first-parent commits walked
  std::size_t new_commits = 0;           // of which not in the store before
  std::size_t new_blobs = 0;             // manifest blobs summarised in this walk
};

class HistoryReader {
 public:
  // `manifest_path` relative to the repository root; `env` the view summarised.
  HistoryReader(SourceReader& src, Store& store, std::string manifest_path, std::string env);

  // The VersionSets in the first-parent history of `tip`, newest first.
  util::Result<History> first_parent(const Oid& tip);
  // The commit record of `id` (its manifest and objects files), reading it when new.
  util::Result<const CommitRecord*> record(const Oid& id);
  // The summary of a manifest blob, summarising it when new.
  util::Result<const Summary*> summary(const Oid& blob, const Oid* neighbour = nullptr);

  const SummarizerStats& stats() const { return summarizer_.stats(); }

 private:
  util::Result<void> fill(CommitRecord& c, const CommitRecord* parent);

  SourceReader& src_;
  Store& store_;
  std::string manifest_path_;
  Summarizer summarizer_;
  bool seeded_ = false;
};

}  // namespace vsctl::versionset
