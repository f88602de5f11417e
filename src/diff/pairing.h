#pragma once
// The one pairing step: desired objects (rendered) x live objects (read from the cluster), by
// identity. An empty side means create (no live) or prune (no desired). Pure.
#include <optional>
#include <span>
#include <string>
#include <tuple>
#include <vector>

#include "k8s/json.h"
#include "k8s/object_key.h"

namespace vsctl::diff {

struct Desired {
  std::string service;  // empty for the architecture's own objects
  k8s::ObjectKey key;
  const k8s::Json* body = nullptr;
};

// An object's identity: group, kind, namespace, name (the version of apiVersion is not part
// of it: apps/v1 and apps/v1beta2 name the same object).
using Identity = std::tuple<std::string, std::string, std::string, std::string>;
Identity identity(const k8s::ObjectKey& k);

struct Pair {
  k8s::ObjectKey key;
  std::string service;                // from the desired side, else the live object's name label
  const k8s::Json* desired = nullptr;  // nullptr: only live (a prune candidate)
  const k8s::Json* live = nullptr;     // nullptr: only desired (to create)
};

// Pairs by ObjectKey, ignoring the version part of apiVersion (apps/v1 and apps/v1beta2 name
// the same object). Sorted by key. Live objects are matched against desired ones first.
std::vector<Pair> pair_objects(std::span<const Desired> desired, std::span<const k8s::Json> live);

}  // namespace vsctl::diff
