#include "cli/rollback_preview.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/git_workspace.h"
#include "cli/output.h"
#include "cli/table.h"
#include "util/strings.h"
#include "versionset/rollback_input.h"

namespace vsctl::cli {

namespace {

// The version `service` has at revision `rev` (its VersionSet summary), as a candidate.
util::Result<versionset::Candidate> version_at(versionset::HistoryReader& reader, versionset::SourceReader& src,
                                               const versionset::RecordTable& t, const std::string& rev,
                                               const std::string& service, std::size_t age) {
  VSCTL_TRY(id, src.resolve(rev));
  VSCTL_TRY(rec, reader.record(id));
  if (!rec->manifest) return util::fail(util::ErrorKind::Git, "--to " + util::quote(rev) + " (" + id.short_hex() + ") has no manifest");
  VSCTL_TRY(sum, reader.summary(*rec->manifest));
  const versionset::ServiceRecord* r = sum->usable ? versionset::find_service(t, *sum, service) : nullptr;
  if (!r)
    return util::fail(util::ErrorKind::Refused, "--to " + util::quote(rev) + " (" + id.short_hex() + ") has no service " +
                                                    util::quote(service) + " to roll back to");
  versionset::Candidate c;
  c.version = r->version;
  c.depends_on = r->depends_on;
  c.commit = id.hex();
  c.age = age;
  return c;
}

std::string commit_label(const std::string& rev, const versionset::Oid& id) {
  return rev.rfind(id.short_hex(), 0) == 0 ? id.short_hex() : id.short_hex() + " (" + rev + ")";
}

}  // namespace

util::Result<int> run_rollback_preview(const Globals& g, const RollbackPreviewOptions& o) {
  if (o.services.empty())
    return util::fail(util::ErrorKind::Usage, "name the services to roll back: vsctl rollback SERVICE... --from REV --dry-run");
  VSCTL_TRY(gw, open_git_workspace(g));
  VSCTL_TRY(from, gw.src->resolve(o.from));
  CachedHistory cached(gw, g.env);
  VSCTL_TRY(history, cached.reader().first_parent(from));
  if (history.cut_short)
    std::fprintf(stderr, "vsctl rollback: a shallow clone: only the versions of the history it has are candidates "
                         "(git fetch --unshallow for all)\n");
  const auto& t = cached.store().records;
  if (history.entries.empty() || !history.entries.front().summary)
    return util::fail(util::ErrorKind::Git, commit_label(o.from, from) + " has no manifest " + util::quote(gw.manifest_path));
  if (!history.entries.front().summary->usable)
    return util::fail(util::ErrorKind::Invalid, "the manifest at " + commit_label(o.from, from) +
                                                    " does not parse; vsctl validate " + o.from + " shows why");

  auto start = std::chrono::steady_clock::now();
  versionset::RollbackRequest req;
  req.services = versionset::service_versions(t, history.entries);
  req.budget = o.budget;
  req.now = [] { return std::chrono::steady_clock::now(); };  // a hook waits seconds: see time_budget
  for (const auto& name : o.services) {
    auto it = std::find_if(req.services.begin(), req.services.end(), [&](const auto& s) { return s.service == name; });
    if (it == req.services.end()) {
      std::vector<std::string> names;
      for (const auto& s : req.services) names.push_back(s.service);
      return util::fail(util::ErrorKind::Usage, "there is no service " + util::quote(name) + " at " + commit_label(o.from, from) +
                                                    util::did_you_mean(name, names));
    }
    std::string target;
    if (!o.to.empty()) {
      VSCTL_TRY(c, version_at(cached.reader(), *gw.src, t, o.to, name, history.entries.size()));
      target = c.version;
      bool known = it->current.version == target;
      for (const auto& e : it->earlier) known = known || e.version == target;
      if (!known) it->earlier.push_back(std::move(c));  // not on this branch: its definition at --to
    } else {
      auto prev = versionset::previous_version(t, history.entries, name);
      if (!prev)
        return util::fail(util::ErrorKind::Refused, name + " has had version " + it->current.version +
                                                        " in every VersionSet of the history of " + commit_label(o.from, from) +
                                                        ": there is nothing to roll it back to (name a revision with --to REV)");
      target = *prev;
    }
    req.targets[name] = target;
  }
  cached.save();
  auto result = versionset::plan_rollback(req);
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  if (Output::verbosity() > 0)
    std::fprintf(stderr, "vsctl rollback: %zu VersionSets, %zu services, %zu search steps, %.1f ms\n", history.entries.size(),
                 req.services.size(), result ? result->steps : result.error().steps, ms);

  nlohmann::json from_json = {{"rev", o.from}, {"commit", history.entries.front().commit->info.id.hex()}};
  if (!result) {
    const auto& c = result.error();
    std::string message = "no rollback proposed: " + c.message;
    for (const auto& d : c.details) message += "\n  " + d;
    if (o.output == "json") {
      std::cout << nlohmann::json({{"from", from_json}, {"consistent", false}, {"budgetExceeded", c.budget_exceeded},
                                   {"message", c.message}, {"details", c.details}, {"moves", nlohmann::json::array()}})
                       .dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
                << "\n";
    }
    return util::fail(util::ErrorKind::Refused, message + "\nNothing was changed.");
  }
  const auto& plan = *result;
  if (o.output == "json") {
    nlohmann::json moves = nlohmann::json::array();
    for (const auto& m : plan.moves) {
      nlohmann::json forced = nlohmann::json::array();
      for (const auto& f : m.forced_by)
        forced.push_back({{"dependent", f.dependent}, {"dependency", f.dependency}, {"range", f.range}, {"version", f.version}});
      moves.push_back({{"service", m.service}, {"from", m.from}, {"to", m.to}, {"named", m.named}, {"commit", m.commit},
                       {"forcedBy", forced}});
    }
    std::cout << nlohmann::json({{"from", from_json}, {"consistent", true}, {"moves", moves}, {"steps", plan.steps}}).dump(2, ' ', false, nlohmann::json::error_handler_t::replace)
              << "\n";
    return 0;
  }
  std::string out = "Rollback preview from " + commit_label(o.from, from) + ": ";
  if (plan.moves.empty()) {
    out += "nothing moves (";
    std::vector<std::string> parts;
    for (const auto& [name, version] : req.targets) parts.push_back(name + " is already at " + version);
    out += util::join(parts, ", ") + ")\n";
  } else {
    out += std::to_string(plan.moves.size()) + (plan.moves.size() == 1 ? " service moves" : " services move") +
           ", dependents first:\n";
    Table tbl;
    for (const auto& m : plan.moves) {
      std::string why = m.named ? "named" : "dragged: " + versionset::to_string(m.forced_by.front());
      tbl.add({m.service, m.from + " -> " + m.to, "(definition from " + m.commit.substr(0, 7) + ")", why});
      for (std::size_t i = 1; i < m.forced_by.size(); ++i) tbl.add({"", "", "", "  and " + versionset::to_string(m.forced_by[i])});
    }
    out += tbl.str("  ");
  }
  out += "Nothing was changed (--dry-run).\n";
  std::cout << out;
  return 0;
}

}  // namespace vsctl::cli
