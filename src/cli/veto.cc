// vsctl veto SERVICE@VERSION [--reason R], vsctl veto --list, vsctl unveto SERVICE@VERSION:
// versions known to be bad, kept in the cluster (apply/veto.h); apply, plan, rollback and
// reconcile refuse them until lifted.
#include <iostream>
#include <memory>

#include "apply/events.h"
#include "apply/veto.h"
#include "cli/app.h"
#include "cli/convergence.h"
#include "cli/rollback_cluster.h"
#include "cli/table.h"
#include "cli/veto_fleet.h"
#include "engine/run.h"

namespace vsctl::cli {

namespace {

struct VetoCmd {
  std::string target;  // SERVICE@VERSION
  std::string reason;
  bool list = false;
  std::string output = "text";
};

void print_list(const std::vector<apply::Veto>& vetoes, const std::string& architecture, const std::string& output) {
  if (output == "json") {
    k8s::Json out = k8s::Json::array();
    for (const auto& v : vetoes)
      out.push_back({{"service", v.service}, {"version", v.version}, {"reason", v.reason}, {"by", v.by}, {"at", v.at}});
    std::cout << k8s::Json({{"architecture", architecture}, {"vetoes", out}}).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return;
  }
  if (vetoes.empty()) {
    std::cout << "no vetoes in " << architecture << "\n";
    return;
  }
  Table t({"VETOED", "REASON", "BY", "AT"});
  for (const auto& v : vetoes) t.add({v.service + "@" + v.version, v.reason.empty() ? "-" : v.reason, v.by, v.at});
  std::cout << t.str();
}

util::Result<int> run_veto(const Globals& g, const VetoCmd& o) {
  if (o.list != o.target.empty())
    return util::fail(util::ErrorKind::Usage, o.list ? "--list takes no SERVICE@VERSION" : "name the version to veto: vsctl veto SERVICE@VERSION (or --list)");
  std::pair<std::string, std::string> sv;
  if (!o.list) {
    VSCTL_TRY(parsed, apply::parse_service_at_version(o.target));
    sv = std::move(parsed);
  }
  VSCTL_TRY(fleet, fleet_for_vetoes(g));
  if (fleet) {
    if (o.list) return fleet_veto_list(g, *fleet, o.output == "json");
    if (!fleet->find(sv.first))
      std::cerr << "vsctl veto: note: the manifest has no service " << sv.first << " (vetoed all the same)\n";
    apply::Veto v{sv.first, sv.second, o.reason, engine::who_am_i(), apply::format_time(std::chrono::system_clock::now())};
    return fleet_veto(g, *fleet, v, VetoAction::Add);
  }
  VSCTL_TRY(a, find_architecture(g, ContextCheck::Allow));
  apply::VetoStore store(*a.cluster.client, a.view.ns, a.view.name);
  if (o.list) {
    VSCTL_TRY(all, store.list());
    print_list(all, a.view.name, o.output);
    return 0;
  }
  if (!a.view.services.empty() && !a.view.find(sv.first))
    std::cerr << "vsctl veto: note: the manifest has no service " << sv.first << " (vetoed all the same)\n";
  apply::Veto v{sv.first, sv.second, o.reason, engine::who_am_i(), apply::format_time(std::chrono::system_clock::now())};
  auto ns = a.cluster.client->get({"", "v1", "Namespace", "", a.view.ns});
  if (!ns) return tl::unexpected(kube::to_error(ns.error()));
  if (!*ns)
    return util::fail(util::ErrorKind::Cluster, "namespace " + a.view.ns + " of " + a.view.name +
                                                    " does not exist yet: the vetoes live there; apply the architecture first");
  VSCTL_TRY(added, store.add(v));
  std::cout << (added ? "vetoed " : "already vetoed ") << v.service << "@" << v.version << " in " << a.view.name
            << ": apply, rollback and reconcile refuse it until `vsctl unveto " << v.service << "@" << v.version << "`\n";
  return 0;
}

util::Result<int> run_unveto(const Globals& g, const std::string& target) {
  VSCTL_TRY(sv, apply::parse_service_at_version(target));
  VSCTL_TRY(fleet, fleet_for_vetoes(g));
  if (fleet) return fleet_veto(g, *fleet, apply::Veto{sv.first, sv.second, "", "", ""}, VetoAction::Remove);
  VSCTL_TRY(a, find_architecture(g, ContextCheck::Allow));
  apply::VetoStore store(*a.cluster.client, a.view.ns, a.view.name);
  VSCTL_TRY(removed, store.remove(sv.first, sv.second));
  if (!removed) {
    std::cout << sv.first << "@" << sv.second << " was not vetoed in " << a.view.name << "\n";
    return 0;
  }
  std::cout << "lifted the veto on " << sv.first << "@" << sv.second << " in " << a.view.name << "\n";
  return 0;
}

}  // namespace

void add_veto(CLI::App& app, Globals& g, Registry& reg) {
  auto o = std::make_shared<VetoCmd>();
  CLI::App* sub = app.add_subcommand("veto", "Mark a version known-bad: apply, rollback and reconcile refuse it until lifted");
  sub->add_option("SERVICE@VERSION", o->target, "The version to veto");
  sub->add_option("--reason", o->reason, "Why (shown to whoever is refused)")->type_name("TEXT");
  sub->add_flag("--list", o->list, "List the vetoes instead");
  sub->add_option("-o,--output", o->output, "Output format of --list")->check(CLI::IsMember({"text", "json"}));
  sub->footer(
      "Vetoes live in the cluster, in the ConfigMap vsctl.<architecture>.vetoes of the architecture's\n"
      "namespace, so every user and reconcile see the same list. A refused run exits 8 naming the\n"
      "version, the reason, who vetoed it and when. When the manifest has promotion stages (spec.promotion)\n"
      "and no --env, --context or -n names one cluster, veto and unveto write to every environment of the\n"
      "pipeline, and --list shows where each veto is recorded (docs/fleet.md).\n\n"
      "Exit codes: 0 done, 2 usage, 5 cluster error (across a fleet: an environment not written).\n\n"
      "Examples:\n"
      "  vsctl veto cart@2.2.5 --reason \"corrupts baskets\"\n"
      "  vsctl veto --list -o json\n"
      "  vsctl unveto cart@2.2.5");
  reg.add(sub, [&g, o] { return run_veto(g, *o); });

  auto target = std::make_shared<std::string>();
  CLI::App* un = app.add_subcommand("unveto", "Lift a veto");
  un->add_option("SERVICE@VERSION", *target, "The vetoed version")->required();
  un->footer(
      "Exit codes: 0 done (also when there was no such veto), 2 usage, 5 cluster error.\n\n"
      "Examples:\n"
      "  vsctl unveto cart@2.2.5");
  reg.add(un, [&g, target] { return run_unveto(g, *target); });
}

}  // namespace vsctl::cli
