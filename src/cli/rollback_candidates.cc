#include "cli/rollback_candidates.h"

#include <algorithm>
#include <set>

namespace vsctl::cli {

namespace {

versionset::Candidate from_record(const apply::Record& r, const k8s::Json& entry, std::size_t age) {
  versionset::Candidate c;
  c.version = entry.value("version", "");
  c.definition = entry.contains("definition") ? entry["definition"] : k8s::Json();
  if (const auto* deps = k8s::find(c.definition, "/dependsOn"); deps && deps->is_object())
    for (const auto& [name, range] : deps->items()) c.depends_on.emplace_back(name, range.is_string() ? range.get<std::string>() : "");
  c.commit = std::string(kRecordSource) + std::to_string(r.revision);
  c.age = age;
  return c;
}

bool has_version(const versionset::ServiceVersions& s, const std::string& v) {
  if (s.current.version == v) return true;
  return std::any_of(s.earlier.begin(), s.earlier.end(), [&](const auto& c) { return c.version == v; });
}

}  // namespace

util::Result<std::vector<versionset::ServiceVersions>> candidates_from_records(
    const std::map<std::string, LiveVersion>& live, const std::vector<apply::Record>& newest_first) {
  std::vector<versionset::ServiceVersions> out;
  for (const auto& [name, lv] : live) {
    versionset::ServiceVersions s;
    s.service = name;
    s.current.version = lv.version;
    // the current definition: the newest record with the live digest, else with the live version
    const apply::Record* by_digest = nullptr;
    const apply::Record* by_version = nullptr;
    for (const auto& r : newest_first) {
      auto it = r.services.find(name);
      if (it == r.services.end()) continue;
      if (!by_digest && !lv.digest.empty() && it->second.value("digest", "") == lv.digest) by_digest = &r;
      if (!by_version && it->second.value("version", "") == lv.version) by_version = &r;
    }
    if (const apply::Record* r = by_digest ? by_digest : by_version) {
      s.current = from_record(*r, r->services.at(name), 0);
      s.current.version = lv.version;
    }
    std::size_t age = 1;
    for (const auto& r : newest_first) {
      auto it = r.services.find(name);
      if (it == r.services.end()) continue;
      std::string v = it->second.value("version", "");
      if (!v.empty() && !has_version(s, v)) s.earlier.push_back(from_record(r, it->second, age));
      ++age;
    }
    out.push_back(std::move(s));
  }
  return out;
}

void add_history_candidates(std::vector<versionset::ServiceVersions>& into,
                            const std::vector<versionset::ServiceVersions>& more) {
  for (auto& s : into) {
    auto it = std::find_if(more.begin(), more.end(), [&](const auto& m) { return m.service == s.service; });
    if (it == more.end()) continue;
    std::size_t base = s.earlier.size() + 1;
    std::vector<const versionset::Candidate*> all{&it->current};
    for (const auto& c : it->earlier) all.push_back(&c);
    for (const auto* c : all) {
      if (c->version == s.current.version && s.current.commit.empty()) {
        std::string v = s.current.version;
        s.current = *c;  // the records never had the live version: its definition from git
        s.current.version = v;
        s.current.age = 0;
        continue;
      }
      if (has_version(s, c->version)) continue;
      versionset::Candidate copy = *c;
      copy.age = base + c->age;
      s.earlier.push_back(std::move(copy));
    }
  }
}

std::vector<apply::Veto> drop_vetoed(std::vector<versionset::ServiceVersions>& services, const std::vector<apply::Veto>& vetoes) {
  std::vector<apply::Veto> dropped;
  for (auto& s : services)
    std::erase_if(s.earlier, [&](const versionset::Candidate& c) {
      for (const auto& v : vetoes)
        if (v.service == s.service && v.version == c.version) {
          if (std::find(dropped.begin(), dropped.end(), v) == dropped.end()) dropped.push_back(v);
          return true;
        }
      return false;
    });
  return dropped;
}

std::optional<std::string> previous_recorded_version(const std::string& service, const std::string& live_version,
                                                     const std::vector<apply::Record>& newest_first) {
  for (const auto& r : newest_first) {
    if (r.outcome != "succeeded") continue;
    auto it = r.services.find(service);
    if (it == r.services.end()) continue;
    std::string v = it->second.value("version", "");
    if (!v.empty() && v != live_version) return v;
  }
  return std::nullopt;
}

}  // namespace vsctl::cli
