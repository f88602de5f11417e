// vsctl status: the registry view of the architecture, from the live objects, the newest record
// and the vetoes. Needs only the namespace (-n); inside the repository the manifest names it.
#include <iostream>

#include "apply/record_store.h"
#include "apply/veto.h"
#include "cli/app.h"
#include "cli/output.h"
#include "cli/status_fleet.h"
#include "cli/status_target.h"
#include "cli/status_text.h"
#include "cli/status_watch.h"
#include "cli/status_view.h"
#include "status/json.h"
#include "status/read.h"

namespace vsctl::cli {

util::Result<std::vector<status::Veto>> read_vetoes(kube::ClusterClient& client, const std::string& ns,
                                                    const std::string& architecture) {
  apply::VetoStore store(client, ns, architecture);
  VSCTL_TRY(list, store.list());
  return status::vetoes_of(list);
}

util::Result<std::optional<apply::Record>> read_latest(kube::ClusterClient& client, const std::string& ns,
                                                       const std::string& architecture) {
  apply::RecordStore store(client, ns, architecture);
  return store.latest();
}

void print_status(const status::Registry& reg, bool json, bool color) {
  if (json) std::cout << status::to_json(reg).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  else std::cout << format_status(reg, std::chrono::system_clock::now(), color);
  std::cout.flush();
}

namespace {

struct StatusOptions {
  std::string output = "text";
  std::string architecture;
  bool watch = false, fleet = false;
};

util::Result<int> run_status(const Globals& g, const StatusOptions& o) {
  bool json = o.output == "json";
  if (o.fleet) {
    if (o.watch) return util::fail(util::ErrorKind::Usage, "--fleet and --watch: watch one environment (--env ENV --watch)");
    if (!o.architecture.empty()) return util::fail(util::ErrorKind::Usage, "--fleet reads the architecture from the manifest: drop --architecture");
    return run_fleet_status(g, json);
  }
  VSCTL_TRY(t, resolve_status_target(g, o.architecture));
  if (o.watch) return watch_status(t, json);
  auto& client = *t.cluster.client;
  status::Input in;
  in.architecture = t.architecture;
  in.ns = t.ns;
  // records, vetoes and the live objects in one round trip
  VSCTL_TRY(snap, status::read_all(client, t.ns, t.architecture));
  in.record = apply::newest_of(std::move(snap.records));
  in.live = std::move(snap.live);
  in.vetoes = status::vetoes_of(snap.vetoes);
  auto reg = status::build(in);
  if (json) std::cout << status::to_json(reg).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  else std::cout << format_status(reg, std::chrono::system_clock::now(), Output::stdout_color());
  return 0;
}

}  // namespace

void add_status(CLI::App& app, Globals& g, Registry& reg) {
  auto o = std::make_shared<StatusOptions>();
  CLI::App* sub = app.add_subcommand("status", "The registry view: every service, its versions, instances and lifecycle state");
  sub->add_flag("-w,--watch", o->watch, "Keep watching: a new view on every change (at most one a second); Ctrl-C ends");
  sub->add_option("-o,--output", o->output, "Output format (json: one document; with --watch one per line)")
      ->check(CLI::IsMember({"text", "json"}));
  sub->add_flag("--fleet", o->fleet, "Every environment of the manifest at once, in promotion order: a column per environment");
  sub->add_option("--architecture", o->architecture, "The architecture, when the namespace holds several")->type_name("NAME");
  sub->footer(
      "Desired versions come from the newest record of an apply, rollback or destroy (vsctl history); live ones\n"
      "from the pods. A service drifts when its live definition digest or replicas differ from the record.\n"
      "States: Provision, Ready, Run, Update, Rollback, Scale, Destroy, Failed (with the reason). docs/status.md.\n"
      "With --fleet, each environment's cluster is read at once (its context and namespace from the manifest);\n"
      "one that does not answer is shown as unreachable. docs/fleet.md.\n"
      "Exit codes: 0 ok (whatever the services' states), 2 usage, 3 invalid manifest, 5 cluster error (with\n"
      "--fleet: no environment answered).\n\n"
      "Examples:\n"
      "  vsctl status                       in the repository: the manifest's architecture and namespace\n"
      "  vsctl -n shop status               anywhere: whatever vsctl applied in namespace shop\n"
      "  vsctl status --env staging -o json | jq '.services[] | select(.state != \"Run\")'\n"
      "  vsctl status --watch               follow a rollout from another terminal\n"
      "  vsctl status --fleet               every environment, a column each");
  reg.add(sub, [&g, o] { return run_status(g, *o); });
}

}  // namespace vsctl::cli
