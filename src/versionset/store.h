#pragma once
// What a history walk learns, kept between runs in the repository's git directory
// (<git-common-dir>/vsctl/cache/, one file per manifest path and environment): the summary of
// every manifest blob seen (git object ids never change meaning) and, per commit, its first
// parent, tree and the blobs of the manifest and its objects files. A commit is stored only
// with all of its first-parent ancestors, so a walk stops at the first stored commit.
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "versionset/source.h"
#include "versionset/summary.h"

namespace vsctl::versionset {

struct CommitRecord {
  CommitInfo info;
  std::optional<Oid> manifest;  // the manifest blob; empty when the commit has no manifest
  std::vector<std::pair<std::string, Oid>> objects;  // objects files; a zero id when missing

  // The same VersionSet: manifest and objects files identical.
  bool same_versionset(const CommitRecord& o) const { return manifest == o.manifest && objects == o.objects; }
};

struct Store {
  RecordTable records;
  std::unordered_map<Oid, Summary, OidHash> blobs;
  std::unordered_map<Oid, CommitRecord, OidHash> commits;
  bool dirty = false;  // something new to save
};

// The cache file for a manifest path and environment under `cache_dir`.
std::string store_path(const std::string& cache_dir, const std::string& manifest_path, const std::string& env);

// The store saved at `path`; an empty one when there is none, or it is unreadable, corrupt or
// written by another version of vsctl (the cache is only ever an optimisation).
Store load_store(const std::string& path, const std::string& key);
// Written atomically (a temporary file renamed over); false when it could not be.
bool save_store(const std::string& path, const std::string& key, const Store& store);

// In memory, for tests.
std::string encode_store(const std::string& key, const Store& store);
std::optional<Store> decode_store(std::string_view data, const std::string& key);

}  // namespace vsctl::versionset
