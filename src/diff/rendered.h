#pragma once
// Two renderings of a VersionSet compared object by object, without a cluster (diff REV1 REV2
// --objects). Pure. Objects are paired by identity (group, kind, namespace, name; the version
// of apiVersion is not part of it), normalised as the live diff normalises them, and the
// fields the policy ignores are left out on both sides.
#include <span>
#include <vector>

#include "diff/compare.h"
#include "diff/pairing.h"
#include "diff/policy.h"
#include "render/render.h"

namespace vsctl::diff {

// The desired side of a diff: every object `r` holds, pointing into it (keep `r` alive).
std::vector<Desired> desired_of(const render::Rendered& r);

// One ObjectDiff per object of either side (Add: only in `to`, Remove: only in `from`, Update
// or None), by service (the architecture's own first), then key. `before` is the object as
// `from` renders it, `after` as `to` does. Secret values are left as they are:
// k8s::mask_secret() them before showing.
std::vector<ObjectDiff> compare_rendered(std::span<const Desired> from, std::span<const Desired> to,
                                         const Policy& policy);

}  // namespace vsctl::diff
