#include "engine/rollback_select.h"

#include <algorithm>
#include <set>

#include "apply/rollback_definition.h"
#include "util/strings.h"

namespace vsctl::engine {

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
    if (r.outcome != apply::Outcome::Succeeded) continue;
    auto it = r.services.find(service);
    if (it == r.services.end()) continue;
    std::string v = it->second.value("version", "");
    if (!v.empty() && v != live_version) return v;
  }
  return std::nullopt;
}

namespace {

bool same_services(const apply::Record& a, const apply::Record& b) {
  if (a.services.size() != b.services.size()) return false;
  for (const auto& [name, svc] : a.services) {
    auto it = b.services.find(name);
    if (it == b.services.end() || it->second.value("digest", "") != svc.value("digest", "")) return false;
  }
  return true;
}

}  // namespace

std::string describe(const apply::Record& r) {
  std::string s = "revision " + std::to_string(r.revision);
  if (!r.commit.empty()) s += " (" + r.commit.substr(0, 7) + ")";
  else if (r.dirty) s += " (an uncommitted tree)";
  return s;
}

util::Result<apply::Record> record_to_roll_back_to(const std::vector<apply::Record>& records, int to_revision,
                                                   const std::string& arch) {
  if (records.empty())
    return util::fail(util::ErrorKind::Refused, "the cluster holds no record of " + arch + ": there is nothing to roll back to");
  if (to_revision > 0) {
    for (const auto& r : records) {
      if (r.revision != to_revision) continue;
      if (r.services.empty())
        return util::fail(util::ErrorKind::Refused, "revision " + std::to_string(r.revision) + " is a " + apply::to_string(r.operation) +
                                                        " and holds no VersionSet to roll back to");
      return r;
    }
    std::string have;
    for (const auto& r : records) have += (have.empty() ? "" : ", ") + std::to_string(r.revision);
    return util::fail(util::ErrorKind::Usage, "--to-revision " + std::to_string(to_revision) + ": no such record of " + arch +
                                                  " (kept: " + have + "; vsctl history lists them)");
  }
  const apply::Record& current = records.front();
  for (std::size_t i = 1; i < records.size(); ++i) {
    const auto& r = records[i];
    if (r.outcome == apply::Outcome::Succeeded && !r.services.empty() && !same_services(r, current)) return r;
  }
  return util::fail(util::ErrorKind::Refused, "no record of " + arch + " before " + describe(current) +
                                                  " converged to another VersionSet: there is nothing to roll back to "
                                                  "(name one with --to REV or --to-revision N)");
}

util::Result<std::string> target_version(const TargetRequest& req, const std::string& name, const LiveVersion& live,
                                         const std::vector<apply::Record>& records, versionset::ServiceVersions& cands) {
  if (req.to_revision > 0) {
    for (const auto& r : records)
      if (r.revision == req.to_revision) {
        auto it = r.services.find(name);
        if (it == r.services.end())
          return util::fail(util::ErrorKind::Refused, "record " + std::to_string(r.revision) + " has no service " + name);
        return it->second.value("version", "");
      }
    return util::fail(util::ErrorKind::Usage, "--to-revision " + std::to_string(req.to_revision) + ": no such record (vsctl history lists them)");
  }
  if (!req.to.empty()) {
    if (!req.view_at) return util::fail(util::ErrorKind::Git, "--to " + req.to + " needs the repository (-C DIR)");
    VSCTL_TRY(v, req.view_at(req.to));
    const manifest::Service* s = v->find(name);
    if (!s) return util::fail(util::ErrorKind::Refused, "--to " + util::quote(req.to) + " has no service " + util::quote(name) + " to roll back to");
    bool known = cands.current.version == s->version;
    for (const auto& e : cands.earlier) known = known || e.version == s->version;
    if (!known) {  // not in the records nor on this branch: its definition at --to
      versionset::Candidate c;
      c.version = s->version;
      for (const auto& d : s->depends_on) c.depends_on.emplace_back(d.service, d.range_text);
      c.commit = req.to;
      c.age = cands.earlier.size() + 1;
      cands.earlier.push_back(std::move(c));
    }
    return s->version;
  }
  if (auto v = previous_recorded_version(name, live.version, records)) return *v;
  // else the newest version in the git history other than the live one
  std::vector<const versionset::Candidate*> older = versionset::older_versions(cands);
  if (!older.empty()) return older.front()->version;
  return util::fail(util::ErrorKind::Refused, name + " runs " + live.version + " and no record or commit has another version of it "
                                                  "to roll back to (name one with --to REV or --to-revision N)");
}

util::Result<NamedRollback> plan_named_rollback(const NamedRollbackInput& in) {
  std::vector<std::string> names;
  for (const auto& [name, lv] : in.live) names.push_back(name);
  for (const auto& n : in.services)
    if (!in.live.count(n))
      return util::fail(util::ErrorKind::Usage, "no service " + util::quote(n) + " of " + in.architecture + " runs in namespace " +
                                                    in.ns + util::did_you_mean(n, names));
  NamedRollback out;
  VSCTL_TRY(cands, candidates_from_records(in.live, in.records));
  add_history_candidates(cands, in.history);
  auto vetoed = drop_vetoed(cands, in.vetoes);
  versionset::RollbackRequest req;
  req.budget = in.budget;
  req.now = in.now;
  for (const auto& n : in.services) {
    auto& sv = *std::find_if(cands.begin(), cands.end(), [&](const auto& s) { return s.service == n; });
    VSCTL_TRY(version, target_version(in.target, n, in.live.at(n), in.records, sv));
    for (const auto& v : in.vetoes)
      if (v.service == n && v.version == version) return util::fail(util::ErrorKind::Refused, apply::veto_refusal(v));
    req.targets[n] = version;
  }
  req.services = cands;
  auto result = versionset::plan_rollback(req);
  if (!result) {
    std::string message = "no consistent rollback: " + result.error().message;
    for (const auto& d : result.error().details) message += "\n  " + d;
    for (const auto& v : vetoed) message += "\n  left out: " + apply::veto_refusal(v);
    return util::fail(util::ErrorKind::Refused, message + "\nNothing was changed.");
  }
  out.targets = std::move(req.targets);
  out.plan = std::move(*result);
  out.candidates = std::move(cands);
  return out;
}

util::Result<std::vector<manifest::Service>> services_after(const NamedRollback& r, const ViewAt& view_at, std::string& what) {
  std::vector<manifest::Service> services;
  for (const auto& s : r.candidates) {
    auto m = std::find_if(r.plan.moves.begin(), r.plan.moves.end(), [&](const auto& x) { return x.service == s.service; });
    versionset::Candidate c = s.current;
    if (m != r.plan.moves.end()) {
      c.version = m->to;
      c.commit = m->commit;
      c.definition = m->definition;
      what += (what.empty() ? "" : ", ") + s.service + "@" + m->to;
    }
    if (!c.definition.is_null()) {
      VSCTL_TRY(svc, apply::service_from_definition(s.service, c.definition));
      services.push_back(std::move(svc));
      continue;
    }
    if (c.commit.empty() || !view_at)
      return util::fail(util::ErrorKind::Refused, "no record and no commit holds the definition of " + s.service + "@" + c.version +
                                                      ": run in the repository that has it (or -C DIR)");
    VSCTL_TRY(v, view_at(c.commit));
    const manifest::Service* found = v->find(s.service);
    if (!found) return util::fail(util::ErrorKind::Git, c.commit.substr(0, 7) + " has no service " + s.service);
    services.push_back(*found);
  }
  return services;
}

}  // namespace vsctl::engine
