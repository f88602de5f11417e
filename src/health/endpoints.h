#pragma once
// A Service's endpoints, through its EndpointSlices: done when the ready endpoints name exactly
// the ready pods behind the Service (by targetRef), so traffic reaches every ready instance and
// nothing else.
#include <span>
#include <string>
#include <vector>

#include "health/check.h"
#include "k8s/json.h"

namespace vsctl::health {

// `slices`: the EndpointSlices labelled kubernetes.io/service-name=<service>; `ready_pods`:
// names of the ready pods the Service selects.
Check endpoints(const k8s::Json& service, std::span<const k8s::Json* const> slices,
                std::span<const std::string> ready_pods);

}  // namespace vsctl::health
