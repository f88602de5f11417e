#include "apply/live.h"

#include <algorithm>

#include "k8s/labels.h"

namespace vsctl::apply {

namespace {
std::string label(const Json& obj, std::string_view key) {
  const auto* labels = k8s::find(obj, "/metadata/labels");
  if (!labels || !labels->is_object()) return {};
  auto it = labels->find(std::string(key));
  return it != labels->end() && it->is_string() ? it->get<std::string>() : std::string();
}
}  // namespace

Owner owner_of(const Json& obj, std::string_view architecture) {
  std::string part_of = label(obj, k8s::kLabelPartOf);
  if (part_of.empty() || label(obj, k8s::kLabelManagedBy) != k8s::kManagedByValue) {
    return part_of.empty() || part_of == architecture ? Owner::Unowned : Owner::OtherArchitecture;
  }
  return part_of == architecture ? Owner::Ours : Owner::OtherArchitecture;
}

k8s::ObjectKey unversioned(k8s::ObjectKey key) {
  key.version.clear();
  return key;
}

const Json* LiveIndex::find(const k8s::ObjectKey& key) const {
  auto it = by_key.find(unversioned(key));
  return it == by_key.end() ? nullptr : it->second;
}

LiveIndex index_live(std::span<const Json> live, std::string_view architecture) {
  LiveIndex idx;
  for (const auto& obj : live) {
    auto key = k8s::key_of(obj);
    if (!key) continue;
    idx.by_key[unversioned(*key)] = &obj;
    if (owner_of(obj, architecture) != Owner::Ours) continue;
    std::string service = label(obj, k8s::kLabelName);
    if (service.empty() || key->kind == "Job") continue;  // hooks' Jobs are not the service's state
    auto& s = idx.services[service];
    s.name = service;
    s.objects.push_back(&obj);
    // a rollout's second workload (its canary or preview) is not what the service runs
    const std::string track = k8s::string_at(obj, "/spec/template/metadata/labels/vsctl.dev~1track");
    if ((key->kind == "Deployment" || key->kind == "StatefulSet") && track != "canary" && track != "preview") {
      s.workload_kind = key->kind;
      s.version = label(obj, k8s::kLabelVersion);
      s.digest = k8s::string_at(obj, "/metadata/annotations/" + std::string("vsctl.dev~1definition-digest"));
      if (auto r = k8s::int_at(obj, "/spec/replicas")) s.replicas = static_cast<int>(*r);
    }
  }
  for (auto& [name, s] : idx.services) {
    if (s.workload_kind.empty() && !s.objects.empty()) {
      s.version = label(*s.objects.front(), k8s::kLabelVersion);
      s.digest = k8s::string_at(*s.objects.front(), "/metadata/annotations/vsctl.dev~1definition-digest");
    }
  }
  return idx;
}

}  // namespace vsctl::apply
