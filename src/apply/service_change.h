#pragma once
// The change kind of one service and why: desired (rendered objects, definition) against live
// (its labelled objects: version label, digest annotation, replicas, field managers). Pure.
#include <span>
#include <string>
#include <vector>

#include "apply/live.h"
#include "apply/plan.h"
#include "diff/policy.h"
#include "render/render.h"

namespace vsctl::apply {

struct ServiceDesired {
  std::string name;
  std::string version;  // as the manifest says
  std::string digest;
  std::optional<int> replicas;       // nullopt when autoscaled
  k8s::Json definition;              // manifest::definition
  std::vector<const render::Object*> objects;
};

struct Comparison {
  Change change = Change::None;
  std::string reason;
  std::vector<const Json*> obsolete;  // live objects of the service no longer rendered
  std::vector<k8s::ObjectKey> take_over;  // desired objects people own fields of (drift)
};

Comparison compare_service(const ServiceDesired& want, const LiveService* live, const LiveIndex& index,
                           const k8s::Json* previous_definition, const diff::Policy& policy);

}  // namespace vsctl::apply
