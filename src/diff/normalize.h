#pragma once
// Objects made comparable: what the server keeps for itself dropped, and Secret values masked
// the way kubectl diff masks them. Pure.
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

// Masks the values of a Secret's data and stringData in both versions (either may be null),
// as kubectl diff does: "***" where a value is the same on both sides or on one side only,
// "*** (before)" and "*** (after)" where it changed, followed by a short salted digest of each
// changed value so that a reviewer sees which value it became. Other kinds are left alone.
void mask_secret(const k8s::ObjectKey& key, k8s::Json& before, k8s::Json& after);

}  // namespace vsctl::diff
