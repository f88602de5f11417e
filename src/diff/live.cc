#include "diff/live.h"

#include <algorithm>
#include <map>
#include <set>

#include "k8s/labels.h"
#include "k8s/scope.h"

namespace vsctl::diff {

namespace {

struct KindInfo {
  k8s::GroupVersionKind gvk;
  bool namespaced = true;
};

// What vsctl renders, and what objects files commonly hold: listed even when the VersionSet
// has none of them, so that objects of removed services are found.
const std::vector<KindInfo>& default_kinds() {
  static const std::vector<KindInfo> kinds = {
      {{"", "v1", "Namespace"}, false},
      {{"apps", "v1", "Deployment"}, true},
      {{"apps", "v1", "StatefulSet"}, true},
      {{"", "v1", "Service"}, true},
      {{"autoscaling", "v2", "HorizontalPodAutoscaler"}, true},
      {{"", "v1", "ConfigMap"}, true},
      {{"", "v1", "Secret"}, true},
      {{"", "v1", "ServiceAccount"}, true},
      {{"networking.k8s.io", "v1", "Ingress"}, true},
      {{"policy", "v1", "PodDisruptionBudget"}, true},
  };
  return kinds;
}

// Made by a controller (a ReplicaSet's pods, a StatefulSet's claims) or a hook's Job: not
// objects of the VersionSet, never removed by vsctl.
bool derived(const k8s::Json& obj) {
  if (const auto* refs = k8s::find(obj, "/metadata/ownerReferences"); refs && refs->is_array()) {
    for (const auto& r : *refs)
      if (r.is_object() && r.value("controller", false)) return true;
  }
  return k8s::find(obj, "/metadata/labels/vsctl.dev~1hook") != nullptr;
}

}  // namespace

std::string architecture_selector(std::string_view architecture) {
  return std::string(k8s::kLabelPartOf) + "=" + std::string(architecture) + "," + std::string(k8s::kLabelManagedBy) +
         "=" + std::string(k8s::kManagedByValue);
}

kube::ApiResult<Live> read_live(kube::ClusterClient& client, std::span<const Desired> desired, const LiveQuery& q) {
  // Kinds to list: vsctl's defaults, the desired objects', the caller's; in the namespaces
  // the desired objects name.
  std::map<k8s::GroupVersionKind, KindInfo> kinds;
  std::set<k8s::GroupVersionKind> required;  // a failure to list these is an error
  for (const auto& k : default_kinds()) kinds.emplace(k.gvk, k);
  auto add = [&](const k8s::GroupVersionKind& gvk, bool namespaced) {
    kinds.emplace(gvk, KindInfo{gvk, namespaced});
    required.insert(gvk);
  };
  std::set<std::string> namespaces = {q.namespace_};
  for (const auto& d : desired) {
    add(d.key.gvk(), !d.key.namespace_.empty() || !k8s::cluster_scoped_kind(d.key.kind));
    if (!d.key.namespace_.empty()) namespaces.insert(d.key.namespace_);
  }
  for (const auto& gvk : q.kinds) add(gvk, !k8s::cluster_scoped_kind(gvk.kind));

  Live out;
  kube::ListOptions lo;
  lo.label_selector = architecture_selector(q.architecture);
  for (const auto& [gvk, info] : kinds) {
    std::vector<std::string> where = info.namespaced ? std::vector<std::string>(namespaces.begin(), namespaces.end())
                                                     : std::vector<std::string>{""};
    for (const auto& ns : where) {
      lo.namespace_ = ns;
      ++out.lists;
      auto list = client.list(gvk, lo);
      if (!list) {
        // A kind of the defaults that this server does not serve has nothing to find.
        if (list.error().kind == kube::ApiErrorKind::NotFound && !required.count(gvk)) break;
        return kube::api_fail(list.error());
      }
      for (auto& item : list->items)
        if (!derived(item)) out.objects.push_back(std::move(item));
    }
  }

  // Desired objects the lists did not find may exist without the labels.
  std::set<Identity> found;
  for (const auto& o : out.objects)
    if (auto k = k8s::key_of(o)) found.insert(identity(*k));
  std::set<std::string> missing_namespaces;
  for (const auto& d : desired) {
    if (d.key.kind != "Namespace" || !d.key.group.empty() || found.count(identity(d.key))) continue;
    ++out.gets;
    auto r = client.get(d.key);
    if (!r) return kube::api_fail(r.error());
    if (*r) {
      out.objects.push_back(std::move(**r));
    } else {
      missing_namespaces.insert(d.key.name);
    }
  }
  for (const auto& d : desired) {
    if (found.count(identity(d.key)) || d.key.kind == "Namespace") continue;
    if (!d.key.namespace_.empty() && missing_namespaces.count(d.key.namespace_)) continue;
    ++out.gets;
    auto r = client.get(d.key);
    if (!r) return kube::api_fail(r.error());
    if (*r) out.objects.push_back(std::move(**r));
  }
  return out;
}

Compared compare_live(kube::ClusterClient& client, std::span<const Desired> desired, std::span<const k8s::Json> live,
                      const CompareOptions& opts) {
  auto pairs = pair_objects(desired, live);
  std::set<std::string> missing_namespaces;
  for (const auto& p : pairs)
    if (p.key.kind == "Namespace" && p.key.group.empty() && p.desired && !p.live) missing_namespaces.insert(p.key.name);

  std::vector<k8s::Json> dry;
  std::vector<std::string> why;
  std::vector<std::size_t> dry_of(pairs.size(), SIZE_MAX);
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const Pair& p = pairs[i];
    if (!p.desired) continue;
    bool run = false;
    if (!p.live) {
      run = p.key.namespace_.empty() || !missing_namespaces.count(p.key.namespace_);  // validates it
    } else {
      std::string reason = owned_by(*p.live, opts.architecture) ? dry_run_reason(*p.desired, *p.live) : "";
      if (!reason.empty()) why.push_back(k8s::to_string(p.key) + ": " + reason);
      run = !reason.empty();
    }
    if (!run) continue;
    dry_of[i] = dry.size();
    dry.push_back(*p.desired);
  }
  std::vector<kube::ApiResult<k8s::Json>> results;
  if (!dry.empty()) {
    kube::ApplyOptions ao;
    ao.force = kube::Force::Yes;
    ao.dry_run = kube::DryRun::All;
    results = client.apply_all(dry, ao);
  }

  Compared out;
  out.dry_runs = dry.size();
  out.why = std::move(why);
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    const Pair& p = pairs[i];
    const k8s::Json* server = nullptr;
    std::string error;
    if (dry_of[i] != SIZE_MAX) {
      const auto& r = results[dry_of[i]];
      if (r) {
        server = &*r;
      } else if (!(p.live == nullptr && r.error().kind == kube::ApiErrorKind::NotFound && r.error().verb != "discover")) {
        // Not found when creating: its namespace does not exist yet (it is created first).
        error = kube::describe(r.error());
      }
    }
    ObjectDiff d = compare(p, p.live ? server : nullptr, opts.policy, opts.architecture);
    d.dry_run = server != nullptr;
    if (!error.empty()) {
      d.error = std::move(error);
      ++out.failed;
    }
    out.objects.push_back(std::move(d));
  }
  std::stable_sort(out.objects.begin(), out.objects.end(),
                   [](const ObjectDiff& a, const ObjectDiff& b) { return a.service < b.service; });
  return out;
}

}  // namespace vsctl::diff
