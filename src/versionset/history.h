#pragma once
// The VersionSets of a branch: its first-parent history (a merge counts as one change to the
// branch it lands on, as `git log --first-parent` shows it), keeping the commits whose
// manifest, or a file the manifest refers to in `objects`, differs from their first parent's.
// Trees and blob ids are compared before anything is read; each manifest blob is summarised
// once (and kept in the Store between runs).
#include <string>
#include <vector>

#include "versionset/change.h"
#include "versionset/source.h"
#include "versionset/store.h"
#include "versionset/summarizer.h"

namespace vsctl::versionset {

struct VersionSetEntry {
  const CommitRecord* commit = nullptr;
  // With Summaries::Load: nullptr when this commit removed the manifest. Otherwise nullptr.
  const Summary* summary = nullptr;
};

enum class Summaries { Load, Skip };

struct History {
  std::vector<VersionSetEntry> entries;  // newest first
  std::size_t commits = 0;               // first-parent commits walked
  std::size_t new_commits = 0;           // of which not in the store before
  std::size_t new_blobs = 0;             // manifest blobs summarised in this walk
  bool cut_short = false;                // a shallow clone: older history is not in the repository
};

class HistoryReader {
 public:
  // `manifest_path` relative to the repository root; `env` the view summarised.
  HistoryReader(SourceReader& src, Store& store, std::string manifest_path, std::string env);

  // The VersionSets in the first-parent history of `tip`, newest first; with Summaries::Skip
  // only blob ids are compared and no manifest is read that has been seen before.
  util::Result<History> first_parent(const Oid& tip, Summaries summaries = Summaries::Load);
  // What entry `i` of `h` changed relative to the VersionSet before it (the nearest older one
  // that parses, or none), computed once and kept with the commit.
  util::Result<const VersionSetChanges*> changes(const History& h, std::size_t i);
  // The commit record of `id` (its manifest and objects files), reading it when new.
  util::Result<const CommitRecord*> record(const Oid& id);
  // The summary of a manifest blob, summarising it when new.
  util::Result<const Summary*> summary(const Oid& blob, const Oid* neighbour = nullptr);

  const SummarizerStats& stats() const { return summarizer_.stats(); }

 private:
  util::Result<void> fill_objects(CommitRecord& c, const CommitRecord* parent);
  util::Result<const Summary*> add_summary(const Oid& blob, util::Result<std::string> text);
  void seed(const Oid& neighbour);

  SourceReader& src_;
  Store& store_;
  std::string manifest_path_;
  Summarizer summarizer_;
  bool seeded_ = false;
};

}  // namespace vsctl::versionset
