#pragma once
// Readiness of a HorizontalPodAutoscaler: it exists and can reach its target. Missing metrics
// (ScalingActive=False) are not a failure: the autoscaler then holds replicas between min and
// max. AbleToScale=False because the target cannot be read is one.
#include "health/check.h"
#include "k8s/json.h"

namespace vsctl::health {

Check hpa(const k8s::Json& h);

}  // namespace vsctl::health
