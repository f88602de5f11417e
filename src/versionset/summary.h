#pragma once
// A VersionSet reduced to what history needs (log, diff of summaries, rollback): per service
// its version, instances, dependencies, objects paths, and a digest of each top-level field of
// its definition. Services are interned: one record per distinct service, shared by every
// VersionSet that has it, so a 10,000-commit history costs little memory and cache.
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "manifest/model.h"
#include "versionset/binio.h"

namespace vsctl::versionset {

struct ServiceRecord {
  std::string name, version, image, importance, recovery;
  int min = 1, max = 1;
  std::vector<std::pair<std::string, std::string>> depends_on;  // service -> range text, by service
  std::vector<std::string> objects;                              // repository paths of its objects files
  std::vector<std::pair<std::string, std::uint64_t>> fields;     // definition key -> digest, by key

  std::uint64_t field(std::string_view key) const;  // 0 when absent
  const std::string* range_on(std::string_view service) const;
  void write(BinWriter& w) const;
  static ServiceRecord read(BinReader& r);
};

// `manifest_dir` turns objects paths (relative to the manifest) into repository paths.
ServiceRecord record_of(const manifest::Service& s, std::string_view manifest_dir);

class RecordTable {
 public:
  std::uint32_t intern(ServiceRecord r);
  // For records known to be distinct (read back from the cache): no lookup until the next intern.
  void add_unindexed(ServiceRecord r) { records_.push_back(std::move(r)); }
  const ServiceRecord& operator[](std::uint32_t id) const { return records_[id]; }
  std::size_t size() const { return records_.size(); }

 private:
  std::vector<ServiceRecord> records_;
  std::unordered_map<std::string, std::uint32_t> index_;  // encoded record -> id, of records_[0, indexed_)
  std::size_t indexed_ = 0;
};

// One manifest text (one blob).
struct Summary {
  bool usable = false;                  // the manifest parsed far enough to have services
  std::vector<std::uint32_t> services;  // record ids, by service name
};

// The record of service `name` in `s`, or nullptr.
const ServiceRecord* find_service(const RecordTable& t, const Summary& s, std::string_view name);

}  // namespace vsctl::versionset
