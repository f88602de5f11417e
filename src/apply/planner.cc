#include "apply/planner.h"

#include "apply/rollout.h"
#include "manifest/rollout_ranges.h"

#include <algorithm>
#include <set>

#include "apply/doors.h"
#include "apply/live.h"
#include "apply/plan_json.h"
#include "apply/service_change.h"
#include "manifest/definition.h"
#include "manifest/graph.h"

namespace vsctl::apply {

namespace {

struct Builder {
  const PlanInput& in;
  const PlanOptions& opts;
  LiveIndex idx;
  std::map<std::string, std::vector<const render::Object*>> by_service;
  std::vector<const render::Object*> own;  // the architecture's own objects
  std::map<std::string, Step> steps;        // services with something to do
  std::vector<Step> destroys;
  Plan plan;

  const Json* live_workload(const std::string& service) const {
    auto it = idx.services.find(service);
    if (it == idx.services.end()) return nullptr;
    for (const auto* o : it->second.objects) {
      std::string k = k8s::string_at(*o, "/kind");
      if (k == "Deployment" || k == "StatefulSet") return o;
    }
    return nullptr;
  }

  void conflicts() {
    for (const auto& o : in.rendered) {
      const Json* live = idx.find(o.key);
      if (!live) continue;
      Owner owner = owner_of(*live, in.architecture);
      if (owner == Owner::Ours || o.key.kind == "Namespace") continue;  // a namespace made by others is used, not owned
      std::string other = owner == Owner::OtherArchitecture ? k8s::string_at(*live, "/metadata/labels/app.kubernetes.io~1part-of") : "";
      plan.conflicts.push_back({o.service, o.key, other, owner == Owner::Unowned && opts.adopt});
    }
  }

  void architecture_step() {
    Step st;
    st.change = Change::Provision;
    for (const auto* o : own) {
      if (idx.find(o->key)) continue;
      st.actions.push_back({ActionKind::Apply, o->key, {}});
      st.reason = o->key.kind + " " + o->key.name + " does not exist";
    }
    if (!st.actions.empty()) steps[""] = std::move(st);
  }

  void service_step(const manifest::Service& s) {
    ServiceDesired want{s.name, s.version, manifest::digest(s), std::nullopt, manifest::definition(s), by_service[s.name]};
    const render::Object* workload = nullptr;
    for (const auto* o : want.objects)
      if (o->key.kind == "Deployment" || o->key.kind == "StatefulSet") workload = o;
    if (workload && !s.autoscaled()) want.replicas = s.min;
    auto it = idx.services.find(s.name);
    const LiveService* live = it == idx.services.end() ? nullptr : &it->second;
    auto prev = in.previous.find(s.name);
    // the recorded definition is what the cluster runs only while the live digest is the recorded one
    const Json* prev_def =
        prev != in.previous.end() && live && prev->second.digest == live->digest ? &prev->second.definition : nullptr;
    Comparison cmp = compare_service(want, live, idx, prev_def, opts.policy);
    if (cmp.change == Change::None) {
      plan.unchanged.push_back(s.name);
      return;
    }
    Step st;
    st.service = s.name;
    st.change = cmp.change;
    st.reason = cmp.reason;
    st.to_version = s.version;
    st.to_digest = want.digest;
    st.to_instances = s.autoscaled() ? -1 : s.min;
    st.importance = s.importance;
    st.take_over = std::move(cmp.take_over);
    if (live) {
      st.from_version = live->version;
      st.from_digest = live->digest;
      st.from_instances = live->replicas.value_or(-1);
    }
    for (const auto& d : s.depends_on) st.depends_on.push_back(d.service);

    const Json* lw = live_workload(s.name);
    if (!lw && workload) lw = idx.find(workload->key);  // an unowned workload to adopt
    std::vector<Door> doors = workload_doors(s.name, workload ? &workload->body : nullptr, lw);
    bool replace = false;
    for (auto& d : doors) {
      d.allowed = opts.allowed.count(d.kind) > 0;
      replace = replace || (needs_replace(d) && d.allowed);
      plan.doors.push_back(d);
    }
    for (const auto* o : want.objects)
      if (is_config_kind(o->key.kind)) st.actions.push_back({ActionKind::Apply, o->key, {}});
    bool rolls = st.change == Change::Update || st.change == Change::Rollback;
    if (rolls && s.pre_update.set) st.actions.push_back({ActionKind::Hook, hook_key(s, s.pre_update, "preUpdate"), "preUpdate"});
    // a new version of a canary or blue-green service: its steps run on a second workload first
    if (st.change == Change::Update && s.rollout.progressive() && live && !live->version.empty() &&
        live->version != s.version && workload && workload->key.kind == "Deployment") {
      st.rollout = s.rollout;
      st.rollout_notes = rollout_notes(s, st.to_instances);
      // callers that would reach a version they do not work with while both serve
      const std::string old = live->version;
      for (const auto& w : manifest::ranges_during_rollout(*in.desired, [&](const std::string& name) -> std::optional<std::string> {
             if (name == s.name) return old;
             return std::nullopt;
           }))
        st.rollout_notes.push_back("warning: " + manifest::message(w));
      k8s::ObjectKey second = workload->key;
      second.name = rollout::workload_name(s.name, rollout::track_of(s.rollout));
      st.actions.push_back({ActionKind::Rollout, second, manifest::to_string(s.rollout.strategy)});
    }
    // blue-green: the service's Service selects the stable track, written once it runs the new
    // version (the rollout switched it to the preview meanwhile)
    const bool blue_green = s.rollout.strategy == manifest::Rollout::Strategy::BlueGreen;
    auto deferred = [&](const render::Object* o) { return blue_green && o->key.kind == "Service" && o->key.name == s.name; };
    for (const auto* o : want.objects) {
      if (is_config_kind(o->key.kind) || deferred(o)) continue;
      bool r = replace && o == workload && lw && k8s::string_at(*lw, "/kind") == o->key.kind;
      st.actions.push_back({r ? ActionKind::Replace : ActionKind::Apply, o->key, {}});
    }
    for (const auto* o : cmp.obsolete)
      if (auto key = k8s::key_of(*o)) st.actions.push_back({ActionKind::Delete, *key, {}});
    st.actions.push_back({ActionKind::Wait, {}, {}});
    for (const auto* o : want.objects)
      if (deferred(o)) st.actions.push_back({ActionKind::Apply, o->key, {}});
    if ((rolls || st.change == Change::Provision) && s.post_update.set)
      st.actions.push_back({ActionKind::Hook, hook_key(s, s.post_update, "postUpdate"), "postUpdate"});
    steps[s.name] = std::move(st);
  }

  // How a rollout shares traffic, in the plan's words.
  static std::vector<std::string> rollout_notes(const manifest::Service& s, int instances) {
    using manifest::Rollout;
    const Rollout& r = s.rollout;
    std::vector<std::string> out;
    if (r.strategy == Rollout::Strategy::BlueGreen) {
      out.push_back("preview: Service " + s.name + "-preview on the new version; Service " + s.name +
                    " switches to it after the steps");
      return out;
    }
    if (r.traffic == Rollout::Traffic::Gateway) {
      out.push_back("traffic: HTTPRoute " + r.route + ", backends " + s.name + "-stable and " + s.name + "-canary weighted");
      return out;
    }
    std::string shares;
    int total = instances > 0 ? instances : 1;
    for (const auto& st : r.steps) {
      if (st.kind != manifest::RolloutStep::Kind::Weight) continue;
      int c = rollout::canary_instances(total, st.weight, r.traffic);
      int stable = s.autoscaled() ? total : total - c;
      shares += (shares.empty() ? "" : ", ") + std::to_string(st.weight) + "% -> " + std::to_string(c) + " of " +
                std::to_string(c + stable) + " (" + std::to_string(rollout::instance_share(c, stable)) + "%)";
    }
    out.push_back("traffic: no route, shared by instance counts (approximate)" + (shares.empty() ? "" : ": " + shares));
    return out;
  }

  k8s::ObjectKey hook_key(const manifest::Service& s, const manifest::Hook& h, const char* phase) const {
    auto key = k8s::key_of(render::hook_job(*in.desired, s, h, phase));
    return key ? *key : k8s::ObjectKey{"batch", "v1", "Job", in.ns, s.name + "-hook"};
  }

  void destroy_step(const LiveService& live) {
    Step st;
    st.service = live.name;
    st.change = Change::Destroy;
    st.reason = opts.destroy ? "vsctl destroy" : "removed from the manifest";
    st.from_version = live.version;
    st.from_digest = live.digest;
    st.from_instances = live.replicas.value_or(-1);
    st.importance = manifest::Importance::Normal;
    for (const auto* o : live.objects)
      if (auto key = k8s::key_of(*o)) st.actions.push_back({ActionKind::Delete, *key, {}});
    std::reverse(st.actions.begin(), st.actions.end());
    st.actions.push_back({ActionKind::Wait, {}, {}});
    for (auto& d : workload_doors(live.name, nullptr, live_workload(live.name))) {
      d.allowed = opts.allowed.count(d.kind) > 0;
      plan.doors.push_back(d);
    }
    destroys.push_back(std::move(st));
  }

  void removed() {
    std::set<std::string> wanted;
    if (in.desired && !opts.destroy)
      for (const auto& s : in.desired->services) wanted.insert(s.name);
    for (const auto& [name, live] : idx.services) {
      if (wanted.count(name)) continue;
      if (opts.prune || opts.destroy) destroy_step(live);
      else plan.left_alone.push_back(name);
    }
    // A service that goes while a service that stays still depends on it (as last recorded).
    std::set<std::string> going;
    for (const auto& d : destroys) going.insert(d.service);
    for (const auto& [name, rec] : in.previous) {
      if (going.count(name) || !idx.services.count(name) || steps.count(name) || !rec.definition.is_object()) continue;
      const auto* deps = k8s::find(rec.definition, "/dependsOn");
      if (!deps || !deps->is_object()) continue;
      for (const auto& [dep, range] : deps->items())
        if (going.count(dep))
          plan.doors.push_back({DoorKind::DependencyRemoval, dep, "service " + dep,
                                "service " + name + " still depends on it (" + range.get<std::string>() + ")",
                                opts.allowed.count(DoorKind::DependencyRemoval) > 0});
    }
  }

  // Destroy steps, dependents first: a service goes after every service that depends on it, as
  // the last record has their definitions (a removed service is no longer in the manifest): the
  // services destroyed with it, and a service that stays, is changed, and depended on it when
  // last recorded, whose running pods need it until their step is done.
  void destroy_waves() {
    std::set<std::string> staying;
    for (const auto& w : plan.waves)
      for (const auto& s : w.steps)
        if (!s.service.empty()) staying.insert(s.service);
    manifest::Architecture g;
    for (const auto& d : destroys) {
      manifest::Service s;
      s.name = d.service;
      auto rec = in.previous.find(d.service);
      if (rec != in.previous.end())
        if (const auto* deps = k8s::find(rec->second.definition, "/dependsOn"); deps && deps->is_object())
          for (const auto& [dep, range] : deps->items()) s.depends_on.push_back({dep, "", std::nullopt, {}, {}});
      g.services.push_back(std::move(s));
    }
    std::sort(g.services.begin(), g.services.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    auto graph = manifest::build_graph(g);
    int last = graph.waves() - 1;
    std::map<int, std::vector<Step>> by_wave;
    for (auto& d : destroys) {
      for (const auto& other : g.services)
        if (other.dependency(d.service)) d.depends_on.push_back(other.name);
      for (const auto& name : staying)
        if (recorded_dependency(name, d.service)) d.depends_on.push_back(name);
      int wave = 0;
      for (const auto& grp : graph.groups)
        if (std::find(grp.services.begin(), grp.services.end(), d.service) != grp.services.end()) wave = last - grp.wave;
      by_wave[wave].push_back(std::move(d));
    }
    for (auto& [w, ss] : by_wave) {
      std::sort(ss.begin(), ss.end(), [](const Step& a, const Step& b) { return a.service < b.service; });
      plan.waves.push_back({0, std::move(ss)});
    }
  }

  // Whether the last record says `service` depends on `dependency`.
  bool recorded_dependency(const std::string& service, const std::string& dependency) const {
    auto rec = in.previous.find(service);
    if (rec == in.previous.end()) return false;
    const auto* deps = k8s::find(rec->second.definition, "/dependsOn");
    return deps && deps->is_object() && deps->contains(dependency);
  }

  void waves() {
    if (auto it = steps.find(""); it != steps.end()) plan.waves.push_back({0, {std::move(it->second)}});
    if (in.desired && !opts.destroy) {
      auto graph = manifest::build_graph(*in.desired);
      std::map<int, std::vector<Step>> by_wave;
      for (const auto& grp : graph.groups)
        for (const auto& name : grp.services)
          if (auto it = steps.find(name); it != steps.end()) by_wave[grp.wave].push_back(std::move(it->second));
      for (auto& [w, ss] : by_wave) {
        std::sort(ss.begin(), ss.end(), [](const Step& a, const Step& b) { return a.service < b.service; });
        plan.waves.push_back({0, std::move(ss)});
      }
    }
    destroy_waves();
    for (std::size_t i = 0; i < plan.waves.size(); ++i) plan.waves[i].index = static_cast<int>(i);
    link_steps(plan);
  }
};

}  // namespace

bool is_config_kind(std::string_view k) {
  static const char* kinds[] = {"Namespace", "ServiceAccount", "Secret", "ConfigMap", "PersistentVolumeClaim", "Role",
                                "RoleBinding", "ClusterRole", "ClusterRoleBinding", "LimitRange", "ResourceQuota",
                                "CustomResourceDefinition", "StorageClass", "PriorityClass", "NetworkPolicy"};
  return std::find(std::begin(kinds), std::end(kinds), k) != std::end(kinds);
}

Plan make_plan(const PlanInput& in, const PlanOptions& opts) {
  Builder b{in, opts, index_live(in.live, in.architecture), {}, {}, {}, {}, {}};
  b.plan.architecture = in.architecture;
  b.plan.ns = in.ns;
  b.plan.env = in.env;
  for (const auto& o : in.rendered) {
    if (o.service.empty()) b.own.push_back(&o);
    else b.by_service[o.service].push_back(&o);
  }
  if (!opts.destroy) {
    b.conflicts();
    b.architecture_step();
    if (in.desired)
      for (const auto& s : in.desired->services) b.service_step(s);
  }
  b.removed();
  b.waves();
  b.plan.digest = plan_digest(b.plan);
  return std::move(b.plan);
}

}  // namespace vsctl::apply
