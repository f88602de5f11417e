#include "apply/rollback.h"

#include <algorithm>
#include <map>
#include <set>

#include "apply/live.h"
#include "apply/plan_json.h"
#include "k8s/labels.h"

namespace vsctl::apply {

namespace {
std::string service_of(const k8s::Json& o) {
  return k8s::string_at(o, "/metadata/labels/app.kubernetes.io~1name");
}
}  // namespace

RollbackPlan plan_rollback(const Plan& run, const ExecResult& result, const Record* previous,
                           const std::vector<k8s::Json>& previous_objects) {
  RollbackPlan out;
  out.plan.architecture = run.architecture;
  out.plan.ns = run.ns;
  out.plan.env = run.env;
  std::map<std::string, const Step*> touched;
  std::vector<std::vector<std::string>> order;  // plan waves, reversed below
  std::size_t i = 0;
  for (const auto& w : run.waves) {
    std::vector<std::string> names;
    for (const auto& s : w.steps) {
      const auto& r = result.steps[i++];
      if (s.service.empty() || s.change == Change::Destroy) continue;
      if (r.status == StepStatus::Pending || r.status == StepStatus::Skipped) continue;
      if (r.status == StepStatus::Cancelled && r.message.rfind("not started", 0) == 0) continue;
      touched[s.service] = &s;
      names.push_back(s.service);
    }
    if (!names.empty()) order.push_back(names);
  }
  std::reverse(order.begin(), order.end());
  // the other way round: a service goes back after the touched services whose steps followed its
  // own in the run (its dependents, in an apply)
  std::map<std::string, std::vector<std::string>> followers;
  for (const auto& [name, s] : touched)
    for (const auto& a : s->after)
      if (touched.count(a) && a != name) followers[a].push_back(name);
  std::map<std::string, std::vector<const k8s::Json*>> prev_by_service;
  for (const auto& o : previous_objects) prev_by_service[service_of(o)].push_back(&o);

  for (const auto& names : order) {
    Wave wave;
    wave.index = static_cast<int>(out.plan.waves.size());
    for (const auto& name : names) {
      const Step& s = *touched[name];
      Step st;
      st.service = name;
      st.importance = manifest::Importance::Low;  // try every service
      st.from_version = s.to_version;
      st.from_digest = s.to_digest;
      st.from_instances = st.to_instances = -1;  // what the restored objects say; not judged by count
      auto prev = prev_by_service.find(name);
      std::set<k8s::ObjectKey> keep;
      if (previous && prev != prev_by_service.end()) {
        st.change = Change::Rollback;
        auto rec = previous->services.find(name);
        if (rec != previous->services.end()) {
          st.to_version = rec->second.value("version", "");
          st.to_digest = rec->second.value("digest", "");
        }
        st.reason = "rollback on failure to revision " + std::to_string(previous->revision);
        for (const auto* o : prev->second) {
          auto key = k8s::key_of(*o);
          if (!key) continue;
          keep.insert(unversioned(*key));
          out.objects[*key] = *o;
          st.actions.push_back({ActionKind::Apply, *key, {}});
        }
        for (const auto& a : s.actions)
          if (a.kind == ActionKind::Apply && !keep.count(unversioned(a.key))) st.actions.push_back({ActionKind::Delete, a.key, {}});
      } else {
        st.change = Change::Destroy;
        st.reason = "rollback on failure: the service did not exist before";
        for (const auto& a : s.actions)
          if (a.kind == ActionKind::Apply || a.kind == ActionKind::Replace) st.actions.push_back({ActionKind::Delete, a.key, {}});
      }
      st.actions.push_back({ActionKind::Wait, {}, {}});
      if (auto f = followers.find(name); f != followers.end()) st.depends_on = f->second;
      wave.steps.push_back(std::move(st));
    }
    out.plan.waves.push_back(std::move(wave));
  }
  link_steps(out.plan);
  out.plan.digest = plan_digest(out.plan);
  return out;
}

}  // namespace vsctl::apply
