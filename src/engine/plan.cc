#include "engine/plan.h"

#include "apply/capacity_check.h"
#include "apply/read_capacity.h"
#include "apply/read_live.h"
#include "apply/record_store.h"
#include "apply/rollback_order.h"
#include "apply/veto.h"
#include "util/strings.h"

namespace vsctl::engine {

namespace {

// Whether some step makes pods or claims: only then is the cluster's room read.
bool needs_room(const apply::Plan& plan) {
  for (const auto& w : plan.waves)
    for (const auto& s : w.steps) {
      if (s.change == apply::Change::Destroy) continue;
      for (const auto& a : s.actions)
        if (a.kind == apply::ActionKind::Hook || a.key.kind == "Deployment" || a.key.kind == "StatefulSet") return true;
    }
  return false;
}

}  // namespace

util::Result<Planned> plan(kube::ClusterClient& client, const Desired& d, const apply::PlanOptions& options, Order order) {
  apply::PlanOptions opts = options;
  opts.policy = d.policy;
  Planned p;
  apply::RecordStore store(client, d.view.ns, d.view.name);
  VSCTL_TRY(last, store.latest());
  p.last = std::move(last);
  std::vector<k8s::Json> recorded;
  if (p.last && opts.destroy) {  // destroy also finds kinds only the last record names
    auto objs = store.objects(*p.last);
    if (objs) recorded = std::move(*objs);
  }
  std::span<const render::Object> desired;
  if (!opts.destroy) desired = d.rendered.objects;
  VSCTL_TRY(live, apply::read_live(client, desired, recorded, d.view.ns, d.view.name));
  p.requests = live.lists + 1;
  apply::PlanInput in;
  in.architecture = d.view.name;
  in.ns = d.view.ns;
  in.env = d.view.env;
  in.desired = opts.destroy ? nullptr : &d.view;
  in.rendered = desired;
  in.live = live.objects;
  if (p.last)  // the services it applied, and those it left running (their dependencies order a prune)
    for (const auto* services : {&p.last->left_alone, &p.last->services})
      for (const auto& [name, s] : *services)
        in.previous[name] = {s.value("version", ""), s.value("digest", ""), s.contains("definition") ? s["definition"] : k8s::Json()};
  p.plan = apply::make_plan(in, opts);
  if (order == Order::DependentsFirst) p.plan = apply::dependents_first(std::move(p.plan));
  for (const auto& o : desired) p.objects[o.key] = o.body;
  if (!opts.destroy)
    for (const auto& s : d.view.services)
      for (const auto* h : {&s.pre_update, &s.post_update}) {
        if (!h->set) continue;
        auto job = render::hook_job(d.view, s, *h, h == &s.pre_update ? "preUpdate" : "postUpdate");
        if (auto key = k8s::key_of(job)) p.objects[*key] = std::move(job);
      }
  p.plan.capacity.allowed = opts.allow_capacity;
  if (needs_room(p.plan)) {
    VSCTL_TRY(cap, apply::read_capacity(client, d.view.ns));
    p.requests += cap.lists;
    p.plan.capacity.skipped = cap.skipped;
    if (cap.skipped.empty() || !cap.nodes.empty()) apply::check_capacity(p.plan, p.objects, live.objects, cap.objects());
  }
  return p;
}

util::Result<void> allow(apply::PlanOptions& po, bool all_doors, const std::vector<std::string>& kinds) {
  if (all_doors)
    for (auto k : {apply::DoorKind::VolumeChange, apply::DoorKind::ImmutableField, apply::DoorKind::StorageLoss,
                   apply::DoorKind::DependencyRemoval})
      po.allowed.insert(k);
  for (const auto& list : kinds)
    for (const auto& k : util::split(list, ',')) {
      std::string name(util::trim(k));
      if (name == "capacity") {
        po.allow_capacity = true;
        continue;
      }
      auto door = apply::parse_door(name);
      if (!door)
        return util::fail(util::ErrorKind::Usage, "--allow: unknown kind " + util::quote(k) +
                                                      " (known: capacity and the one-way doors volume-change, immutable-field, "
                                                      "storage-loss, dependency-removal)");
      po.allowed.insert(*door);
    }
  return {};
}

util::Result<void> refuse_vetoed(kube::ClusterClient& client, const manifest::Architecture& view) {
  apply::VetoStore store(client, view.ns, view.name);
  VSCTL_TRY(vetoes, store.list());
  std::map<std::string, std::string> desired;
  for (const auto& s : view.services) desired[s.name] = s.version;
  return apply::check_vetoes(vetoes, desired);
}

std::vector<DryRunObject> dry_run(kube::ClusterClient& client, const Planned& p) {
  std::vector<k8s::Json> bodies;
  std::vector<DryRunObject> out;
  for (const auto& w : p.plan.waves)
    for (const auto& s : w.steps)
      for (const auto& a : s.actions)
        if (a.kind == apply::ActionKind::Apply || a.kind == apply::ActionKind::Replace)
          if (auto it = p.objects.find(a.key); it != p.objects.end() && a.key.kind != "Job") {
            bodies.push_back(it->second);
            out.push_back({a.key, false, false, ""});
          }
  kube::ApplyOptions ao;
  ao.force = kube::Force::Yes;
  ao.dry_run = kube::DryRun::All;
  auto results = client.apply_all(bodies, ao);
  for (std::size_t i = 0; i < results.size() && i < out.size(); ++i) {
    out[i].ok = static_cast<bool>(results[i]);
    if (out[i].ok) continue;
    out[i].namespace_missing = results[i].error().kind == kube::ApiErrorKind::NotFound;
    out[i].error = kube::describe(results[i].error());
  }
  return out;
}

}  // namespace vsctl::engine
