#pragma once
// Objects made comparable: what the server keeps for itself dropped (Secret values are masked
// by k8s::mask_secret). Pure.
#include <string>
#include <vector>

#include "k8s/json.h"
#include "k8s/object_key.h"

namespace vsctl::diff {

// A copy without managedFields, resourceVersion, generation, uid, creationTimestamp, selfLink,
// deletionGracePeriodSeconds, status and kubectl's last-applied-configuration annotation (and
// annotations, left empty by that, dropped). Null stays null.
k8s::Json normalize(const k8s::Json& object);

// The JSON pointers where `before` and `after` differ, leaf by leaf ("" for the whole value
// when one side is null). Lists are compared item by item.
std::vector<std::string> changed_paths(const k8s::Json& before, const k8s::Json& after);

// Whether one of two JSON pointers is the other or lies below it.
bool overlaps(std::string_view a, std::string_view b);

}  // namespace vsctl::diff
