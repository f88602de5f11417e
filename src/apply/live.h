#pragma once
// What the cluster holds of an architecture, summarised per service: the live side of the
// planner's comparison. Pure: built from objects already read.
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "k8s/json.h"
#include "k8s/object_key.h"

namespace vsctl::apply {

using k8s::Json;

// Who an existing object belongs to, by its part-of and managed-by labels.
enum class Owner { Ours, Unowned, OtherArchitecture };
Owner owner_of(const Json& obj, std::string_view architecture);

struct LiveService {
  std::string name;
  std::string version;        // app.kubernetes.io/version of its workload
  std::string digest;         // vsctl.dev/definition-digest of its workload
  std::string workload_kind;  // Deployment or StatefulSet; empty when it has none
  std::optional<int> replicas;  // the workload's spec.replicas
  std::vector<const Json*> objects;  // every live object labelled with this service
};

struct LiveIndex {
  std::map<std::string, LiveService> services;  // objects of this architecture, by service label
  std::map<k8s::ObjectKey, const Json*> by_key;  // every object read, key without version
  const Json* find(const k8s::ObjectKey& key) const;
};

// `live`: objects as listed (several kinds); those of `architecture` are grouped by service.
LiveIndex index_live(std::span<const Json> live, std::string_view architecture);

// The key used by LiveIndex::by_key: version dropped (apps/v1 and apps/v1beta2 are one object).
k8s::ObjectKey unversioned(k8s::ObjectKey key);

}  // namespace vsctl::apply
