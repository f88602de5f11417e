#pragma once
// What one pod asks of a node and of its namespace's quota: its requests and limits after the
// API server's defaulting and the namespace's LimitRange defaults, as admission would see them.
// Pure: objects in, amounts out.
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "k8s/json.h"

namespace vsctl::capacity {

// Amounts by resource name ("cpu", "memory", "pods", "nvidia.com/gpu"), in milli-units.
using Resources = std::map<std::string, std::int64_t>;

void add(Resources& into, const Resources& r, std::int64_t times = 1);
void subtract(Resources& from, const Resources& r, std::int64_t times = 1);
// "500m cpu, 128Mi memory" (the pod count left out; zero amounts left out).
std::string describe(const Resources& r);
// A resource list ({"cpu": "500m", ...}) read into milli-units; entries that are not quantities
// are left out.
Resources read_list(const k8s::Json* list);

struct PodDemand {
  Resources requests;  // effective: max(sum of containers, largest init container) + overhead, and pods: 1
  Resources limits;    // the same for limits; a resource some container leaves unlimited is absent
  // Resources some container has no request / no limit for, after every default.
  std::vector<std::string> unrequested, unlimited;
  // Why admission would refuse the pod (a LimitRange's min or max), for people.
  std::vector<std::string> refused;
};

// `pod_spec` is a pod's (or a template's) spec; `limit_ranges` the namespace's LimitRanges.
PodDemand pod_demand(const k8s::Json& pod_spec, std::span<const k8s::Json> limit_ranges);

}  // namespace vsctl::capacity
