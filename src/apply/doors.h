#pragma once
// One-way doors: changes that applying the previous VersionSet again would not undo. Found by
// comparing the desired workload with the live one, before anything runs. Pure.
#include <vector>

#include "apply/plan.h"
#include "k8s/json.h"

namespace vsctl::apply {

// Doors in changing a live workload into a desired one (both Deployment / StatefulSet objects;
// `desired` null when the workload goes away, `live` null when it is new).
std::vector<Door> workload_doors(const std::string& service, const k8s::Json* desired, const k8s::Json* live);

// Whether the door makes the object need a Replace (delete, orphaning its pods, then create):
// an immutable field or a volume claim template changed.
bool needs_replace(const Door& d);

}  // namespace vsctl::apply
