#include "versionset/history.h"

#include <algorithm>
#include <set>
#include <unordered_set>

#include "manifest/document.h"
#include "versionset/changes.h"
#include "versionset/prefetch.h"

namespace vsctl::versionset {

namespace {

std::string dir_of(const std::string& path) {
  auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

}  // namespace

HistoryReader::HistoryReader(SourceReader& src, Store& store, std::string manifest_path, std::string env)
    : src_(src),
      store_(store),
      manifest_path_(std::move(manifest_path)),
      summarizer_(store.records, manifest_path_, dir_of(manifest_path_), std::move(env)) {}

util::Result<const Summary*> HistoryReader::add_summary(const Oid& blob, util::Result<std::string> text) {
  Summary s;
  if (text) {
    s = summarizer_.summarize(std::move(*text));
  } else if (text.error().kind != util::ErrorKind::Io) {
    return tl::unexpected(text.error());
  }  // too large: an unusable summary, as `validate` would refuse it
  store_.summaries_dirty = true;
  return &store_.add_blob(blob, std::move(s));
}

void HistoryReader::seed(const Oid& neighbour) {
  if (seeded_) return;
  seeded_ = true;
  // a warm run's first new blob: the summarizer splits its known neighbour first
  if (auto it = store_.blobs.find(neighbour); it != store_.blobs.end())
    if (auto text = src_.blob(neighbour, manifest::kMaxManifestBytes)) summarizer_.seed(std::move(*text), it->second);
}

util::Result<const Summary*> HistoryReader::summary(const Oid& blob, const Oid* neighbour) {
  store_.need_summaries();
  if (auto it = store_.blobs.find(blob); it != store_.blobs.end()) return &it->second;
  if (neighbour) seed(*neighbour);
  seeded_ = true;
  return add_summary(blob, src_.blob(blob, manifest::kMaxManifestBytes));
}

util::Result<void> HistoryReader::fill_objects(CommitRecord& c, const CommitRecord* parent) {
  if (!c.manifest || (parent && parent->manifest == c.manifest && parent->objects.empty())) return {};
  VSCTL_TRY(sum, summary(*c.manifest));
  std::set<std::string> paths;
  for (auto id : sum->services)
    for (const auto& p : store_.records[id].objects) paths.insert(p);
  for (const auto& p : paths) {
    VSCTL_TRY(oe, src_.entry(c.info.tree, p));
    c.objects.emplace_back(p, oe.kind == EntryKind::Blob ? oe.id : Oid{});
  }
  return {};
}

util::Result<const CommitRecord*> HistoryReader::record(const Oid& id) {
  if (auto it = store_.commits.find(id); it != store_.commits.end()) return &it->second;
  // The chain down to the first stored commit (or the root), then, oldest first: the manifest
  // blob of each commit (trees compared first), the summaries of the blobs not seen before (read
  // ahead on another thread), and the objects files.
  std::vector<CommitRecord> chain;
  for (std::optional<Oid> at = id; at && !store_.commits.count(*at);) {
    CommitRecord c;
    auto read = src_.commit(*at);
    if (!read && !chain.empty() && src_.shallow()) {
      // the parent of a shallow clone's oldest commit is not there: history ends here
      chain.back().info.parent.reset();
      store_.cut_short = true;
      break;
    }
    VSCTL_TRY(info, std::move(read));
    at = info.parent;
    c.info = std::move(info);
    chain.push_back(std::move(c));
  }
  std::reverse(chain.begin(), chain.end());
  const CommitRecord* base = chain.front().info.parent ? &store_.commits.at(*chain.front().info.parent) : nullptr;
  for (std::size_t i = 0; i < chain.size(); ++i) {
    CommitRecord& c = chain[i];
    const CommitRecord* parent = i ? &chain[i - 1] : base;
    if (parent && parent->info.tree == c.info.tree) {
      c.manifest = parent->manifest;
      continue;
    }
    VSCTL_TRY(e, src_.entry(c.info.tree, manifest_path_));
    if (e.kind == EntryKind::Blob) c.manifest = e.id;  // else no manifest (a symlink or directory is none either)
  }
  store_.need_summaries();
  std::vector<Oid> blobs;
  std::unordered_set<Oid, OidHash> wanted;
  for (const auto& c : chain)
    if (c.manifest && !store_.blobs.count(*c.manifest) && wanted.insert(*c.manifest).second) blobs.push_back(*c.manifest);
  if (!blobs.empty()) {
    if (base && base->manifest) seed(*base->manifest);
    seeded_ = true;
    BlobPrefetcher ahead(src_, blobs, manifest::kMaxManifestBytes);
    for (const Oid& b : blobs) VSCTL_CHECK(add_summary(b, ahead.next()));
  }
  for (std::size_t i = 0; i < chain.size(); ++i) {
    CommitRecord& c = chain[i];
    const CommitRecord* parent = i ? &store_.commits.at(*c.info.parent) : base;
    if (parent && parent->info.tree == c.info.tree) c.objects = parent->objects;
    else VSCTL_CHECK(fill_objects(c, parent));
    Oid cid = c.info.id;
    store_.commits.emplace(cid, std::move(c));
    store_.commits_dirty = true;
  }
  return &store_.commits.at(id);
}

util::Result<History> HistoryReader::first_parent(const Oid& tip, Summaries summaries) {
  History h;
  std::size_t before = store_.commits.size(), blobs_before = store_.blobs.size();
  VSCTL_TRY(head, record(tip));
  h.cut_short = store_.cut_short;
  h.new_commits = store_.commits.size() - before;
  h.new_blobs = store_.blobs.size() - blobs_before;
  for (const CommitRecord* c = head; c;) {
    ++h.commits;
    const CommitRecord* parent = c->info.parent ? &store_.commits.at(*c->info.parent) : nullptr;
    bool changed = parent ? !c->same_versionset(*parent) : c->manifest.has_value();
    if (changed) {
      const Summary* s = nullptr;
      if (c->manifest && summaries == Summaries::Load) {
        VSCTL_TRY(sum, summary(*c->manifest));
        s = sum;
      }
      h.entries.push_back({c, s});
    }
    c = parent;
  }
  return h;
}

util::Result<const VersionSetChanges*> HistoryReader::changes(const History& h, std::size_t i) {
  const CommitRecord* c = h.entries.at(i).commit;
  if (c->changes) return &*c->changes;
  VersionSetChanges out;
  const Summary* after = nullptr;
  if (c->manifest) {
    VSCTL_TRY(s, summary(*c->manifest));
    after = s;
    out.parses = s->usable;
  }
  if (out.parses) {
    const CommitRecord* prev_commit = nullptr;
    const Summary* prev = nullptr;
    for (std::size_t j = i + 1; j < h.entries.size(); ++j) {
      const CommitRecord* pc = h.entries[j].commit;
      if (!pc->manifest) {  // removed: everything was new after it
        prev_commit = pc;
        break;
      }
      VSCTL_TRY(ps, summary(*pc->manifest));
      if (ps->usable) {
        prev_commit = pc;
        prev = ps;
        break;
      }
    }
    out.services = summary_changes(store_.records, prev_commit, prev, c, after);
  }
  CommitRecord& stored = store_.commits.at(c->info.id);
  stored.changes = std::move(out);
  store_.commits_dirty = true;
  return &*stored.changes;
}

}  // namespace vsctl::versionset
