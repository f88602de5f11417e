#pragma once
// The check of a rollout that needs the other services: a canary whose traffic goes through an
// HTTPRoute (traffic.gateway.route). When a service of the view renders that route (an object of
// its objects files), the route must have a rule whose backendRefs are <service>-stable and
// <service>-canary, and no rule with only one of them: vsctl writes those two weights. When none
// renders it, a warning: the route is someone else's, and must exist when the rollout runs.
#include "manifest/model.h"

namespace vsctl::manifest {

void check_rollout_routes(const Architecture& a, util::Diagnostics& diags);

}  // namespace vsctl::manifest
