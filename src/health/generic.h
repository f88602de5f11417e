#pragma once
// Readiness of any other kind, after kstatus (sigs.k8s.io/cli-utils): the controller observed
// the latest generation; Stalled=True or Failed=True fail it; Reconciling=True or Ready=False
// keep it waiting; otherwise (including kinds with no status at all) it is done.
#include "health/check.h"
#include "k8s/json.h"

namespace vsctl::health {

Check generic(const k8s::Json& obj);

// The check that fits the object's kind: Deployment, StatefulSet, Job, HorizontalPodAutoscaler,
// else generic. (Services are judged with their endpoints: see endpoints.h.)
Check object(const k8s::Json& obj);

}  // namespace vsctl::health
