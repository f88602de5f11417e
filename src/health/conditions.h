#pragma once
// status.conditions of any object, and the generation rule every controller follows.
#include <optional>
#include <string>
#include <string_view>

#include "k8s/json.h"

namespace vsctl::health {

struct Condition {
  std::string type, status, reason, message;
};

// The condition of `type` in status.conditions, when there is one.
std::optional<Condition> condition(const k8s::Json& obj, std::string_view type);

// Whether the controller has seen the latest spec: status.observedGeneration >=
// metadata.generation (true when the object has no generation or no observedGeneration at all
// and no status, as for kinds without a controller).
bool observed(const k8s::Json& obj);

// spec.replicas, 1 when absent (the API default for Deployments and StatefulSets).
int spec_replicas(const k8s::Json& obj);
// An integer of status, 0 when absent.
int status_int(const k8s::Json& obj, std::string_view field);

}  // namespace vsctl::health
