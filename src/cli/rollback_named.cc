// vsctl rollback SERVICE...: the named services back, with the closure of the ranges computed
// against the live versions (versionset::plan_rollback); candidates from the records and the
// git history; each moved service's definition from the record or commit that had it.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <map>
#include <optional>

#include "apply/live.h"
#include "apply/read_live.h"
#include "apply/record_store.h"
#include "apply/rollback_definition.h"
#include "cli/git_workspace.h"
#include "engine/rollback_select.h"
#include "cli/rollback_run.h"
#include "cli/table.h"
#include "util/strings.h"
#include "versionset/rollback_input.h"

namespace vsctl::cli {

namespace {

std::string source_text(const std::string& commit) {
  return commit.rfind(engine::kRecordSource, 0) == 0 ? commit : commit.substr(0, 7);
}

// The repository's first-parent history from HEAD, when there is a repository.
struct Git {
  std::optional<GitWorkspace> gw;
  std::map<std::string, manifest::Architecture> views;  // by commit

  util::Result<manifest::Architecture*> view(const std::string& rev, const std::string& env) {
    if (auto it = views.find(rev); it != views.end()) return &it->second;
    VSCTL_TRY(at, load_git_rev(*gw, rev, env));
    if (!at.loaded.ok()) return util::fail(util::ErrorKind::Invalid, "the manifest at " + rev + " is invalid: vsctl validate " + rev);
    return &(views[rev] = *at.loaded.view);
  }
};

void print_moves(const versionset::RollbackPlan& plan, bool json) {
  if (json) {
    k8s::Json moves = k8s::Json::array();
    for (const auto& m : plan.moves) {
      k8s::Json forced = k8s::Json::array();
      for (const auto& f : m.forced_by)
        forced.push_back({{"dependent", f.dependent}, {"dependency", f.dependency}, {"range", f.range}, {"version", f.version}});
      moves.push_back({{"service", m.service}, {"from", m.from}, {"to", m.to}, {"named", m.named},
                       {"source", source_text(m.commit)}, {"forcedBy", forced}});
    }
    std::cout << k8s::Json({{"type", "RollbackPlan"}, {"moves", moves}, {"steps", plan.steps}}).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n" << std::flush;
    return;
  }
  std::string out = std::to_string(plan.moves.size()) + (plan.moves.size() == 1 ? " service moves" : " services move") +
                    ", dependents first:\n";
  Table tbl;
  for (const auto& m : plan.moves) {
    std::string why = m.named ? "named" : "dragged: " + versionset::to_string(m.forced_by.front());
    tbl.add({m.service, m.from + " -> " + m.to, "(definition from " + source_text(m.commit) + ")", why});
    for (std::size_t i = 1; i < m.forced_by.size(); ++i) tbl.add({"", "", "", "  and " + versionset::to_string(m.forced_by[i])});
  }
  std::cerr << out << tbl.str("  ");
}

}  // namespace

util::Result<int> run_named_rollback(const Globals& g, const RollbackCmd& o) {
  VSCTL_TRY(spec, run_spec(engine::Operation::Rollback, o.run));
  VSCTL_TRY(a, find_architecture(g, o.run.force_context ? ContextCheck::Allow : ContextCheck::Refuse));
  auto& client = *a.cluster.client;
  const std::string env = a.view.env.empty() ? g.env : a.view.env;
  apply::RecordStore store(client, a.view.ns, a.view.name);
  VSCTL_TRY(records, store.list());

  // the live versions: what the closure is computed against
  VSCTL_TRY(read, apply::read_live(client, {}, {}, a.view.ns, a.view.name));
  auto idx = apply::index_live(read.objects, a.view.name);
  std::map<std::string, engine::LiveVersion> live;
  for (const auto& [name, s] : idx.services)
    if (!s.version.empty()) live[name] = {s.version, s.digest};
  engine::NamedRollbackInput in;
  in.architecture = a.view.name;
  in.ns = a.view.ns;
  in.services = o.services;
  in.live = std::move(live);
  in.records = std::move(records);
  in.budget = o.budget;
  in.now = [] { return std::chrono::steady_clock::now(); };  // a hook waits seconds: see time_budget
  in.target = {o.to_revision, o.to, {}};
  Git git;
  if (auto gw = open_git_workspace(g)) {
    git.gw = std::move(*gw);
    CachedHistory cached(*git.gw, env);
    if (auto head = git.gw->src->resolve("HEAD"))
      if (auto history = cached.reader().first_parent(*head); history && !history->entries.empty()) {
        in.history = versionset::service_versions(cached.store().records, history->entries);
        cached.save();
      }
    in.target.view_at = [&](const std::string& rev) -> util::Result<const manifest::Architecture*> { return git.view(rev, env); };
  }
  VSCTL_TRY(vetoes, apply::VetoStore(client, a.view.ns, a.view.name).list());
  in.vetoes = std::move(vetoes);
  VSCTL_TRY(named, engine::plan_named_rollback(in));
  if (named.plan.moves.empty()) {
    std::string parts;
    for (const auto& [n, v] : named.targets) parts += (parts.empty() ? "" : ", ") + n + " already runs " + v;
    std::cout << "nothing to roll back: " << parts << "\n";
    return 0;
  }
  print_moves(named.plan, spec.json);
  std::string what;
  VSCTL_TRY(services, engine::services_after(named, in.target.view_at, what));
  VSCTL_TRY(t, rollback_target(std::move(a), std::move(services), {}, static_cast<int>(spec.engine.timeout.count())));
  return converge_rollback(t, o, "", what, VetoCheck::Done);
}

}  // namespace vsctl::cli
