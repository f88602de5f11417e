#include "diff/summary.h"

#include <algorithm>
#include <map>

#include "k8s/labels.h"
#include "semver/version.h"

namespace vsctl::diff {

namespace {

bool is_workload(const k8s::ObjectKey& k) {
  return k.group == "apps" && (k.kind == "Deployment" || k.kind == "StatefulSet");
}

bool is_autoscaler(const k8s::ObjectKey& k) { return k.group == "autoscaling" && k.kind == "HorizontalPodAutoscaler"; }

std::string version_of(const k8s::Json& obj) {
  const k8s::Json* labels = k8s::find(obj, "/metadata/labels");
  if (!labels || !labels->is_object()) return "";
  auto it = labels->find(std::string(k8s::kLabelVersion));
  return it != labels->end() && it->is_string() ? it->get<std::string>() : "";
}

std::string count(const k8s::Json& obj, std::string_view pointer) {
  auto n = k8s::int_at(obj, pointer);
  return n ? std::to_string(*n) : "";
}

// Instances as the objects of one side say: the autoscaler's range, else the replicas.
std::string instances(const k8s::Json* workload, const k8s::Json* autoscaler) {
  if (autoscaler && !autoscaler->is_null()) {
    std::string lo = count(*autoscaler, "/spec/minReplicas");
    std::string hi = count(*autoscaler, "/spec/maxReplicas");
    return (lo.empty() ? "1" : lo) + "-" + hi;
  }
  if (workload && !workload->is_null()) {
    std::string r = count(*workload, "/spec/replicas");
    return r.empty() ? "1" : r;
  }
  return "";
}

// Paths that change only when instances do (the definition digest changes with any change).
bool scale_path(const ObjectDiff& d, const std::string& p) {
  if (p.rfind("/metadata/annotations/vsctl.dev~1definition-digest", 0) == 0) return true;
  if (is_workload(d.key)) return p == "/spec/replicas";
  if (is_autoscaler(d.key)) return p == "/spec/minReplicas" || p == "/spec/maxReplicas";
  return false;
}

bool drift_path(const ObjectDiff& d, const std::string& p) {
  return std::any_of(d.drift.begin(), d.drift.end(), [&](const DriftField& f) {
    return p.substr(0, f.pointer.size()) == f.pointer || f.pointer.substr(0, p.size()) == p;
  });
}

}  // namespace

std::vector<ServiceSummary> summarize(std::span<const ObjectDiff> diffs) {
  std::vector<std::string> order;
  std::map<std::string, std::vector<const ObjectDiff*>> by_service;
  for (const auto& d : diffs) {
    auto& v = by_service[d.service];
    if (v.empty()) order.push_back(d.service);
    v.push_back(&d);
  }
  std::vector<ServiceSummary> out;
  for (const auto& name : order) {
    const auto& objs = by_service[name];
    ServiceSummary s;
    s.service = name;
    s.objects = objs.size();
    const ObjectDiff* workload = nullptr;
    const ObjectDiff* autoscaler = nullptr;
    bool all_add = true, all_remove = true, config = false, scale = false, drift_scale = false,
         drift_other = false;
    for (const auto* d : objs) {
      if (is_workload(d->key)) workload = d;
      if (is_autoscaler(d->key)) autoscaler = d;
      if (d->differs()) ++s.changed;
      if (d->action == Action::Unmanaged) ++s.unmanaged;
      all_add = all_add && (d->action == Action::Add || d->action == Action::Unmanaged);
      all_remove = all_remove && d->action == Action::Remove;
      if (!d->drift.empty()) s.drift = true;
      if (d->action == Action::Add || d->action == Action::Remove) {
        if (is_autoscaler(d->key)) {
          scale = true;
        } else {
          config = true;
        }
        continue;
      }
      for (const auto& p : d->changed) {
        if (drift_path(*d, p)) {
          (scale_path(*d, p) ? drift_scale : drift_other) = true;
        } else if (scale_path(*d, p)) {
          scale = true;
        } else {
          config = true;
        }
      }
    }
    if (workload) {
      s.from_version = version_of(workload->before);
      s.to_version = version_of(workload->after);
    }
    s.from_instances = instances(workload ? &workload->before : nullptr, autoscaler ? &autoscaler->before : nullptr);
    s.to_instances = instances(workload ? &workload->after : nullptr, autoscaler ? &autoscaler->after : nullptr);
    if (s.changed == 0) {
      s.change = Change::None;
    } else if (all_add) {
      s.change = Change::Provision;
    } else if (all_remove) {
      s.change = Change::Destroy;
    } else if (!s.from_version.empty() && !s.to_version.empty() && s.from_version != s.to_version) {
      s.change = health::change_of(s.from_version, s.to_version);
    } else if (config) {
      s.change = Change::Update;
    } else if (scale && s.from_instances != s.to_instances) {
      s.change = Change::Scale;
    } else if (scale) {
      s.change = Change::Update;
    } else if (drift_scale || drift_other) {
      // the definition is unchanged; drift is the reason, the kind what it takes back
      s.change = drift_other ? Change::Update : Change::Scale;
      s.drift_only = true;
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace vsctl::diff
