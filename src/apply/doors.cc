#include "apply/doors.h"

#include <map>

namespace vsctl::apply {

namespace {

struct Claim {
  std::string size, storage_class;
};

std::map<std::string, Claim> claims(const k8s::Json& w) {
  std::map<std::string, Claim> out;
  const auto* t = k8s::find(w, "/spec/volumeClaimTemplates");
  if (!t || !t->is_array()) return out;
  for (const auto& c : *t)
    out[k8s::string_at(c, "/metadata/name")] = {k8s::string_at(c, "/spec/resources/requests/storage"),
                                                k8s::string_at(c, "/spec/storageClassName")};
  return out;
}

std::string describe(const k8s::Json& w) {
  auto key = k8s::key_of(w);
  return key ? k8s::to_string(*key) : std::string("workload");
}

}  // namespace

bool needs_replace(const Door& d) { return d.kind == DoorKind::ImmutableField || d.kind == DoorKind::VolumeChange; }

std::vector<Door> workload_doors(const std::string& service, const k8s::Json* desired, const k8s::Json* live) {
  std::vector<Door> out;
  if (!live) return out;
  bool live_pet = k8s::string_at(*live, "/kind") == "StatefulSet";
  auto live_claims = claims(*live);
  if (!desired) {
    if (live_pet && !live_claims.empty())
      out.push_back({DoorKind::StorageLoss, service, describe(*live),
                     "its volume claims lose their workload: the data stays in the claims but nothing uses it", false});
    return out;
  }
  bool desired_pet = k8s::string_at(*desired, "/kind") == "StatefulSet";
  if (live_pet && !desired_pet) {
    if (!live_claims.empty())
      out.push_back({DoorKind::StorageLoss, service, describe(*live), "a pet becomes cattle: its volumes are no longer used", false});
    return out;
  }
  if (live_pet != desired_pet) return out;  // cattle -> pet: a new workload, nothing lost
  const auto* ls = k8s::find(*live, "/spec/selector");
  const auto* ds = k8s::find(*desired, "/spec/selector");
  if (ls && ds && *ls != *ds)
    out.push_back({DoorKind::ImmutableField, service, describe(*live), "spec.selector changes: " + k8s::dump(*ls) + " -> " + k8s::dump(*ds), false});
  if (desired_pet) {
    if (k8s::string_at(*live, "/spec/serviceName") != k8s::string_at(*desired, "/spec/serviceName"))
      out.push_back({DoorKind::ImmutableField, service, describe(*live), "spec.serviceName changes", false});
    auto want = claims(*desired);
    for (const auto& [name, c] : live_claims) {
      auto it = want.find(name);
      if (it == want.end()) {
        out.push_back({DoorKind::StorageLoss, service, describe(*live), "volume " + name + " is removed", false});
        continue;
      }
      if (it->second.size != c.size)
        out.push_back({DoorKind::VolumeChange, service, describe(*live), "volume " + name + " size " + c.size + " -> " + it->second.size, false});
      if (it->second.storage_class != c.storage_class)
        out.push_back({DoorKind::VolumeChange, service, describe(*live),
                       "volume " + name + " storage class " + (c.storage_class.empty() ? "(default)" : c.storage_class) + " -> " +
                           (it->second.storage_class.empty() ? "(default)" : it->second.storage_class),
                       false});
    }
    for (const auto& [name, c] : want)
      if (!live_claims.count(name))
        out.push_back({DoorKind::ImmutableField, service, describe(*live), "volume " + name + " is added to volumeClaimTemplates", false});
  }
  return out;
}

}  // namespace vsctl::apply
