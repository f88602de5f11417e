#include "cli/rollback_preview.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/git_workspace.h"
#include "cli/output.h"
#include "cli/table.h"
#include "util/strings.h"
#include "versionset/rollback_preview.h"

namespace vsctl::cli {

namespace {

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
  VSCTL_TRY(req, versionset::preview_request(cached.reader(), *gw.src, t, history.entries,
                                             {o.services, o.to, commit_label(o.from, from)}));
  req.budget = o.budget;
  req.now = [] { return std::chrono::steady_clock::now(); };  // a hook waits seconds: see time_budget
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
