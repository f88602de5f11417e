#include "versionset/rollback_input.h"

#include <map>
#include <set>
#include <unordered_set>

namespace vsctl::versionset {

namespace {

Candidate candidate_of(const ServiceRecord& r, const VersionSetEntry& e, std::size_t age) {
  Candidate c;
  c.version = r.version;
  c.depends_on = r.depends_on;
  c.commit = e.commit ? e.commit->info.id.hex() : std::string();
  c.age = age;
  return c;
}

}  // namespace

std::vector<ServiceVersions> service_versions(const RecordTable& t, const std::vector<VersionSetEntry>& newest_first) {
  std::vector<ServiceVersions> out;
  if (newest_first.empty() || !newest_first.front().summary || !newest_first.front().summary->usable) return out;
  const VersionSetEntry& current = newest_first.front();
  std::map<std::string, std::size_t> index;
  std::map<std::string, std::set<std::string>> seen;  // versions already taken, per service
  for (auto id : current.summary->services) {
    const ServiceRecord& r = t[id];
    index.emplace(r.name, out.size());
    out.push_back({r.name, candidate_of(r, current, 0), {}});
    seen[r.name].insert(r.version);
  }
  // Neighbouring summaries mostly hold the same records at the same positions: those are
  // skipped without looking anything up.
  const Summary* prev = nullptr;
  std::unordered_set<std::uint32_t> looked_at;  // records already taken or not of a current service
  for (std::size_t age = 1; age < newest_first.size(); ++age) {
    const VersionSetEntry& e = newest_first[age];
    if (!e.summary || !e.summary->usable) continue;
    const auto& ids = e.summary->services;
    const bool aligned = prev && prev->services.size() == ids.size();
    for (std::size_t k = 0; k < ids.size(); ++k) {
      std::uint32_t id = ids[k];
      if (aligned && prev->services[k] == id) continue;
      if (!looked_at.insert(id).second) continue;
      auto it = index.find(t[id].name);
      if (it == index.end()) continue;
      if (seen[t[id].name].insert(t[id].version).second) out[it->second].earlier.push_back(candidate_of(t[id], e, age));
    }
    prev = e.summary;
  }
  return out;
}

std::optional<std::string> previous_version(const RecordTable& t, const std::vector<VersionSetEntry>& newest_first,
                                            const std::string& service) {
  if (newest_first.empty() || !newest_first.front().summary) return std::nullopt;
  const ServiceRecord* cur = find_service(t, *newest_first.front().summary, service);
  if (!cur) return std::nullopt;
  for (std::size_t i = 1; i < newest_first.size(); ++i) {
    const Summary* s = newest_first[i].summary;
    if (!s || !s->usable) continue;
    const ServiceRecord* r = find_service(t, *s, service);
    if (r && r->version != cur->version) return r->version;
  }
  return std::nullopt;
}

}  // namespace vsctl::versionset
