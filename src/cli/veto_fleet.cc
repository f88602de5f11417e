#include "cli/veto_fleet.h"

#include <iostream>
#include <map>

#include "cli/fleet_read.h"
#include "cli/status_fleet.h"
#include "cli/table.h"
#include "cli/workspace.h"
#include "fleet/pipeline.h"
#include "util/strings.h"

namespace vsctl::cli {

namespace {

std::vector<fleet::Place> pipeline_places(const manifest::Architecture& arch) {
  std::vector<fleet::Place> out;
  for (const auto& p : fleet::places(arch))
    if (!p.stage.empty()) out.push_back(p);
  return out;
}

}  // namespace

util::Result<std::optional<manifest::Architecture>> fleet_for_vetoes(const Globals& g) {
  if (!g.env.empty() || !g.context.empty() || !g.ns.empty()) return std::optional<manifest::Architecture>();
  auto ws = find_workspace(g);
  if (!ws) return std::optional<manifest::Architecture>();
  // only a manifest that is there: outside a repository the vetoes go to the one cluster
  auto loaded = load_worktree(*ws, "");
  if (!loaded || !loaded->ok() || !loaded->view || loaded->view->promotion.stages.empty())
    return std::optional<manifest::Architecture>();
  return std::optional<manifest::Architecture>(std::move(*loaded->view));
}

util::Result<int> fleet_veto(const Globals& g, const manifest::Architecture& arch, const apply::Veto& v, VetoAction action) {
  const std::string what = v.service + "@" + v.version;
  std::vector<std::string> done, unchanged, missed;
  for (const auto& place : pipeline_places(arch)) {
    auto one = [&]() -> util::Result<bool> {
      VSCTL_TRY(cluster, connect_place(g, place));
      apply::VetoStore store(*cluster.client, place.ns, arch.name);
      if (action == VetoAction::Remove) return store.remove(v.service, v.version);
      auto ns = cluster.client->get({"", "v1", "Namespace", "", place.ns});
      if (!ns) return tl::unexpected(kube::to_error(ns.error()));
      if (!*ns) return util::fail(util::ErrorKind::Cluster, "namespace " + place.ns + " does not exist there yet");
      return store.add(v);
    };
    auto r = one();
    if (!r) missed.push_back(place.environment + " (" + r.error().message + ")");
    else (*r ? done : unchanged).push_back(place.environment);
  }
  if (action == VetoAction::Add) {
    if (!done.empty()) std::cout << "vetoed " << what << " in " << util::join(done, ", ") << "\n";
    if (!unchanged.empty()) std::cout << "already vetoed " << what << " in " << util::join(unchanged, ", ") << "\n";
    std::cout << "apply, promote, rollback and reconcile refuse it until `vsctl unveto " << what << "`\n";
  } else {
    if (!done.empty()) std::cout << "lifted the veto on " << what << " in " << util::join(done, ", ") << "\n";
    if (!unchanged.empty()) std::cout << what << " was not vetoed in " << util::join(unchanged, ", ") << "\n";
  }
  if (!missed.empty()) {
    std::cerr << "vsctl " << (action == VetoAction::Add ? "veto" : "unveto") << ": not recorded in " << util::join(missed, "; ")
              << ": run it again when those answer (promote refuses while an environment's vetoes cannot be read)\n";
    return 5;
  }
  return 0;
}

util::Result<int> fleet_veto_list(const Globals& g, const manifest::Architecture& arch, bool json) {
  FleetRead what;
  what.records = what.registry = false;
  auto facts = read_fleet(g, arch.name, pipeline_places(arch), what);
  struct Merged {
    apply::Veto veto;
    std::vector<std::string> environments;
  };
  std::map<std::pair<std::string, std::string>, Merged> merged;
  std::vector<std::string> unreachable;
  for (const auto& f : facts) {
    if (!f.reachable) {
      unreachable.push_back(f.place.environment + " (" + f.error + ")");
      continue;
    }
    for (const auto& v : f.vetoes) {
      auto& m = merged[{v.service, v.version}];
      if (m.environments.empty()) m.veto = v;
      m.environments.push_back(f.place.environment);
    }
  }
  if (json) {
    k8s::Json out = k8s::Json::array();
    for (const auto& [key, m] : merged)
      out.push_back({{"service", m.veto.service}, {"version", m.veto.version}, {"reason", m.veto.reason}, {"by", m.veto.by},
                     {"at", m.veto.at}, {"environments", m.environments}});
    k8s::Json doc = {{"architecture", arch.name}, {"vetoes", out}, {"unreachable", unreachable}};
    std::cout << doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  } else if (merged.empty()) {
    std::cout << "no vetoes in " << arch.name << " (" << facts.size() - unreachable.size() << " environment(s) read)\n";
  } else {
    Table t({"VETOED", "REASON", "BY", "AT", "ENVIRONMENTS"});
    for (const auto& [key, m] : merged)
      t.add({m.veto.service + "@" + m.veto.version, m.veto.reason.empty() ? "-" : m.veto.reason, m.veto.by, m.veto.at,
             util::join(m.environments, ", ")});
    std::cout << t.str();
  }
  std::cout.flush();
  if (!unreachable.empty()) {
    std::cerr << "vsctl veto --list: cannot read " << util::join(unreachable, "; ") << "\n";
    return unreachable.size() == facts.size() ? 5 : 0;
  }
  return 0;
}

}  // namespace vsctl::cli
