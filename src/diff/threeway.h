#pragma once
// The three-way view (diff --base REV): one object's difference split into what the change
// from the base VersionSet makes and drift already in the cluster. Pure.
//
// "expected" is what the cluster would have if the base VersionSet were applied: what apply
// would leave (ObjectDiff::after) with every field where the desired object differs from the
// base's reverted to the base's value. Then live -> expected is drift already there, and
// expected -> after is the change.
#include "diff/compare.h"

namespace vsctl::diff {

struct Split {
  ObjectDiff change;  // before = expected, after = after
  ObjectDiff drift;   // before = live, after = expected
};

// `base` is the base VersionSet's rendering of the object, or nullptr when it had none;
// `desired` the same for the VersionSet compared.
Split split(const ObjectDiff& d, const k8s::Json* base, const k8s::Json* desired);

}  // namespace vsctl::diff
