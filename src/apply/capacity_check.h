#pragma once
// Whether each step of a plan fits the cluster at its point in the plan. Walks the waves in
// order: within a wave every step's new pods are there at once (its peak: a Deployment's surge
// beside the old pods, a new service's instances, a hook's Job, a pet's new volume claims);
// between waves the old pods of updated, scaled-in and destroyed services make room and the new
// ones take theirs. Scale-in never needs room. Pure: the cluster's objects are read elsewhere
// (read_capacity.h).
#include <map>
#include <span>

#include "apply/plan.h"
#include "capacity/room.h"
#include "k8s/json.h"
#include "k8s/object_key.h"

namespace vsctl::apply {

// Sets Step::fit on every step that adds pods or claims. `desired`: the plan's objects by key
// (workloads, autoscalers, hook Jobs); `live`: the live objects the plan compared against.
void check_capacity(Plan& plan, const std::map<k8s::ObjectKey, k8s::Json>& desired, std::span<const k8s::Json> live,
                    const capacity::Objects& cluster);

// Whether `desired` is contained in `live` (every field it sets has that value there, quantities
// compared by amount): a template the server would not change.
bool contained_in(const k8s::Json& desired, const k8s::Json& live);

}  // namespace vsctl::apply
