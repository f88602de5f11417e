#pragma once
// Secret values kept out of what vsctl shows: masked the way kubectl diff masks them. Pure.
#include "k8s/json.h"
#include "k8s/object_key.h"

namespace vsctl::k8s {

// Masks the values of a Secret's data and stringData in both versions (either may be null),
// as kubectl diff does: "***" where a value is the same on both sides or on one side only,
// "*** (before)" and "*** (after)" where it changed, followed by a short salted digest of each
// changed value so that a reviewer sees which value it became. Other kinds are left alone.
// The one masking of vsctl: the live diff and the diff between two VersionSets both use it.
void mask_secret(const ObjectKey& key, Json& before, Json& after);

}  // namespace vsctl::k8s
