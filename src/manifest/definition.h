#pragma once
// A service's definition as canonical JSON (the manifest's field names, defaults and the
// environment already merged, objects files included), and its digest. The digest changes
// exactly when the definition does: it is what the cluster's objects carry.
#include <string>

#include "manifest/model.h"

namespace vsctl::manifest {

Json definition(const Service& s);
// A rollout back from its part of a definition (definition(s)["rollout"]): for what rebuilds a
// service from a recorded definition. rollout_json's inverse, positions aside; fields missing or
// of another type take their defaults.
Rollout rollout_from_definition(const Json& j);
// The first 16 hex digits of sha256 over the canonical JSON of definition(s).
std::string digest(const Service& s);

}  // namespace vsctl::manifest
