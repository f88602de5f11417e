#pragma once
// The lifecycle state of every service of a view, from the live objects of its architecture
// (workloads, pods, Services, EndpointSlices, autoscalers labelled part-of it), judged by
// health::assess against the version the view wants. Pure.
#include <map>
#include <span>
#include <string>

#include "graph/dot.h"
#include "k8s/json.h"

namespace vsctl::graph {

// Services with no workload live are left out (not deployed).
std::map<std::string, LiveState> live_states(const manifest::Architecture& a, std::span<const k8s::Json> live);

}  // namespace vsctl::graph
