#pragma once
// An in-memory SourceReader for tests: commits with flat trees of files.
#include <map>
#include <string>

#include "util/hash.h"
#include "versionset/source.h"

namespace vsctl::versionset::testing {

class FakeSource : public SourceReader {
 public:
  // A commit on top of the previous one (the first has no parent), with the files given
  // (path -> content; a missing path means no file). Returns its id.
  Oid commit_files(std::map<std::string, std::string> files, std::string subject) {
    CommitInfo c;
    c.id = make_id("commit" + std::to_string(commits_.size()));
    std::string tree_key;
    for (const auto& [p, text] : files) {
      Oid b = make_id("blob" + text);
      blobs_[b] = text;
      tree_key += p + '\0' + b.hex() + '\n';
    }
    c.tree = make_id("tree" + tree_key);
    trees_[c.tree] = files;
    if (!order_.empty()) c.parent = order_.back();
    c.time = 1'700'000'000 + static_cast<std::int64_t>(commits_.size()) * 60;
    c.author = "Test";
    c.subject = std::move(subject);
    commits_[c.id] = c;
    order_.push_back(c.id);
    return c.id;
  }

  util::Result<Oid> resolve(std::string_view rev) override {
    if (rev == "HEAD" && !order_.empty()) return order_.back();
    if (auto o = Oid::from_hex(rev); o && commits_.count(*o)) return *o;
    return util::fail(util::ErrorKind::Git, "unknown revision " + std::string(rev));
  }
  util::Result<CommitInfo> commit(const Oid& id) override {
    ++commit_reads;
    auto it = commits_.find(id);
    if (it == commits_.end()) return util::fail(util::ErrorKind::Git, "no commit " + id.hex());
    return it->second;
  }
  util::Result<Entry> entry(const Oid& tree, std::string_view path) override {
    const auto& files = trees_.at(tree);
    auto it = files.find(std::string(path));
    if (it == files.end()) return Entry{};
    return Entry{EntryKind::Blob, make_id("blob" + it->second)};
  }
  util::Result<std::string> blob(const Oid& id, std::size_t max_bytes) override {
    ++blob_reads;
    const std::string& b = blobs_.at(id);
    if (b.size() > max_bytes) return util::fail(util::ErrorKind::Io, "too large");
    return b;
  }
  std::string cache_dir() const override { return {}; }

  std::size_t commit_reads = 0, blob_reads = 0;

 private:
  static Oid make_id(const std::string& s) { return *Oid::from_hex(util::sha256_hex(s).substr(0, 40)); }
  std::map<Oid, CommitInfo> commits_;
  std::map<Oid, std::map<std::string, std::string>> trees_;
  std::map<Oid, std::string> blobs_;
  std::vector<Oid> order_;
};

}  // namespace vsctl::versionset::testing
