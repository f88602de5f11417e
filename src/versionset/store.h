#pragma once
// What a history walk learns, kept between runs in the repository's git directory
// (<git-common-dir>/vsctl/cache/, per manifest path and environment), in two files:
//  - commits: per commit, its first parent, tree, the blobs of the manifest and its objects
//    files, and (for VersionSet commits, once computed) what it changed. A commit is stored only
//    with all of its first-parent ancestors, so a walk stops at the first stored commit, and a
//    warm `log` reads nothing else;
//  - summaries: the summary of every manifest blob seen (git object ids never change meaning),
//    read only when something new has to be summarised or compared.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "versionset/change.h"
#include "versionset/source.h"
#include "versionset/summary.h"

namespace vsctl::versionset {

struct CommitRecord {
  CommitInfo info;
  std::optional<Oid> manifest;  // the manifest blob; empty when the commit has no manifest
  std::vector<std::pair<std::string, Oid>> objects;  // objects files; a zero id when missing
  std::optional<VersionSetChanges> changes;          // once computed, for VersionSet commits

  // The same VersionSet: manifest and objects files identical.
  bool same_versionset(const CommitRecord& o) const { return manifest == o.manifest && objects == o.objects; }
};

struct Store {
  std::unordered_map<Oid, CommitRecord, OidHash> commits;
  RecordTable records;
  std::unordered_map<Oid, Summary, OidHash> blobs;
  std::vector<Oid> blob_order;  // as added: neighbours in history are neighbours here (the file stores differences)
  bool commits_dirty = false, summaries_dirty = false;  // something new to save
  bool cut_short = false;  // a shallow clone's history ended early: commits are not saved
  std::vector<std::string> damaged;  // cache files that failed their checksum: not believed, rebuilt
  std::function<void(Store&)> load_summaries;           // called once, before summaries are first needed

  const Summary& add_blob(const Oid& id, Summary s);
  void need_summaries() {
    if (!load_summaries) return;
    auto load = std::move(load_summaries);
    load_summaries = nullptr;
    load(*this);
  }
};

// The cache files for a manifest path and environment under `cache_dir`.
struct StorePaths {
  std::string commits, summaries;
};
StorePaths store_paths(const std::string& cache_dir, const std::string& manifest_path, const std::string& env);

// The store saved at `paths` (summaries loaded on first need); empty parts when there are none,
// or they are unreadable, corrupt or written by another version of vsctl (the cache is only ever
// an optimisation). Each file ends in a CRC-32 of its content: one that fails it, or cannot be read
// whole, is named in `damaged` and never believed.
Store load_store(const StorePaths& paths, const std::string& key);
// What is dirty, each file written atomically (a temporary file renamed over); false when a file
// could not be.
bool save_store(const StorePaths& paths, const std::string& key, const Store& store);

// How each cache file starts: its magic line, then kCacheFormat and the key (the manifest path
// and environment), then its content; it ends in 8 hex digits of a CRC-32 of all that.
inline constexpr std::string_view kCommitsMagic = "vsctl versionset commits\n";
inline constexpr std::string_view kSummariesMagic = "vsctl versionset summaries\n";
inline constexpr std::uint32_t kCacheFormat = 5;  // 5: a CRC-32 trailer over the whole file

// In memory, for tests and the fuzzer: the content without the CRC-32 trailer.
std::string encode_commits(const std::string& key, const Store& store);
std::string encode_summaries(const std::string& key, const Store& store);
bool decode_commits(std::string_view data, const std::string& key, Store& into);
bool decode_summaries(std::string_view data, const std::string& key, Store& into);

}  // namespace vsctl::versionset
