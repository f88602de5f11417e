#include "versionset/history.h"

#include <set>

#include "manifest/document.h"

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

util::Result<const Summary*> HistoryReader::summary(const Oid& blob, const Oid* neighbour) {
  if (auto it = store_.blobs.find(blob); it != store_.blobs.end()) return &it->second;
  auto text = src_.blob(blob, manifest::kMaxManifestBytes);
  Summary s;
  if (text) {
    if (!seeded_ && neighbour) {
      // the first new blob of a warm run: let the summarizer split its known neighbour first
      seeded_ = true;
      if (auto nit = store_.blobs.find(*neighbour); nit != store_.blobs.end())
        if (auto ntext = src_.blob(*neighbour, manifest::kMaxManifestBytes)) summarizer_.seed(*ntext, nit->second);
    }
    seeded_ = true;
    s = summarizer_.summarize(*text);
  } else if (text.error().kind != util::ErrorKind::Io) {
    return tl::unexpected(text.error());
  }  // too large: an unusable summary, as `validate` would refuse it
  store_.dirty = true;
  return &store_.blobs.emplace(blob, std::move(s)).first->second;
}

util::Result<void> HistoryReader::fill(CommitRecord& c, const CommitRecord* parent) {
  if (parent && parent->info.tree == c.info.tree) {
    c.manifest = parent->manifest;
    c.objects = parent->objects;
    return {};
  }
  VSCTL_TRY(e, src_.entry(c.info.tree, manifest_path_));
  if (e.kind != EntryKind::Blob) return {};  // no manifest (a symlink or directory is none either)
  c.manifest = e.id;
  if (parent && parent->manifest == c.manifest && parent->objects.empty()) return {};
  const Oid* neighbour = parent && parent->manifest ? &*parent->manifest : nullptr;
  VSCTL_TRY(sum, summary(e.id, neighbour));
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
  // the chain down to the first stored commit (or the root), then filled oldest first
  std::vector<CommitInfo> chain;
  for (std::optional<Oid> at = id; at && !store_.commits.count(*at);) {
    VSCTL_TRY(info, src_.commit(*at));
    at = info.parent;
    chain.push_back(std::move(info));
  }
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    CommitRecord c;
    c.info = std::move(*it);
    const CommitRecord* parent = nullptr;
    if (c.info.parent) parent = &store_.commits.at(*c.info.parent);
    VSCTL_CHECK(fill(c, parent));
    Oid cid = c.info.id;
    store_.commits.emplace(cid, std::move(c));
    store_.dirty = true;
  }
  return &store_.commits.at(id);
}

util::Result<History> HistoryReader::first_parent(const Oid& tip) {
  History h;
  std::size_t before = store_.commits.size(), blobs_before = store_.blobs.size();
  VSCTL_TRY(head, record(tip));
  h.new_commits = store_.commits.size() - before;
  h.new_blobs = store_.blobs.size() - blobs_before;
  for (const CommitRecord* c = head; c;) {
    ++h.commits;
    const CommitRecord* parent = c->info.parent ? &store_.commits.at(*c->info.parent) : nullptr;
    bool changed = parent ? !c->same_versionset(*parent) : c->manifest.has_value();
    if (changed) {
      const Summary* s = nullptr;
      if (c->manifest) {
        VSCTL_TRY(sum, summary(*c->manifest));
        s = sum;
      }
      h.entries.push_back({c, s});
    }
    c = parent;
  }
  return h;
}

}  // namespace vsctl::versionset
