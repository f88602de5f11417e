#include "cli/fleet_read.h"

#include <chrono>
#include <thread>

#include "apply/record_store.h"
#include "status/read.h"

namespace vsctl::cli {

namespace {

util::Result<void> read_one(const Globals& g, const std::string& architecture, const FleetRead& what, fleet::EnvFacts& e) {
  VSCTL_TRY(cluster, connect_place(g, e.place));
  auto& client = *cluster.client;
  if (what.registry) {
    // records, vetoes and the live objects in one round trip
    VSCTL_TRY(snap, status::read_all(client, e.place.ns, architecture));
    e.vetoes = std::move(snap.vetoes);
    status::Input in;
    in.architecture = architecture;
    in.ns = e.place.ns;
    in.record = apply::newest_of(what.records ? snap.records : std::move(snap.records));
    in.live = std::move(snap.live);
    in.vetoes = status::vetoes_of(e.vetoes);
    e.registry = status::build(in);
    if (what.records) e.records = std::move(snap.records);
    else if (in.record) e.records = {*in.record};
    return {};
  }
  if (what.records) {
    apply::RecordStore store(client, e.place.ns, architecture);
    VSCTL_TRY(listed, store.list());
    e.records = std::move(listed);
  }
  if (what.vetoes) {
    apply::VetoStore store(client, e.place.ns, architecture);
    VSCTL_TRY(vetoes, store.list());
    e.vetoes = std::move(vetoes);
  }
  return {};
}

}  // namespace

util::Result<void> refuse_single_target_flags(const Globals& g, const std::string& command) {
  auto refuse = [&](const std::string& flag) {
    return util::fail(util::ErrorKind::Usage, command + " goes to every environment's own cluster and namespace, as the manifest names them: drop " + flag);
  };
  if (!g.context.empty()) return refuse("--context");
  if (!g.ns.empty()) return refuse("-n");
  if (!g.env.empty()) return refuse("--env");
  return {};
}

util::Result<Cluster> connect_place(const Globals& g, const fleet::Place& p) {
  Globals own = g;
  own.context.clear();
  own.ns.clear();
  manifest::Architecture view;
  view.env = p.environment;
  view.context = p.context;
  view.ns = p.ns;
  return connect(own, view, ContextCheck::Allow);
}

std::vector<fleet::EnvFacts> read_fleet(const Globals& g, const std::string& architecture, const std::vector<fleet::Place>& places,
                                        const FleetRead& what) {
  std::vector<fleet::EnvFacts> out(places.size());
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < places.size(); ++i) {
    out[i].place = places[i];
    threads.emplace_back([&, i] {
      auto start = std::chrono::steady_clock::now();
      auto r = read_one(g, architecture, what, out[i]);
      out[i].reachable = r.has_value();
      if (!r) out[i].error = r.error().message;
      out[i].elapsed_ms =
          std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    });
  }
  for (auto& t : threads) t.join();
  return out;
}

}  // namespace vsctl::cli
