#pragma once
// The live objects of an architecture grouped by service (the app.kubernetes.io/name label):
// its workload, pods, Service, EndpointSlices and autoscaler. Pure.
#include <map>
#include <span>
#include <string>
#include <vector>

#include "k8s/json.h"

namespace vsctl::status {

struct LiveService {
  const k8s::Json* workload = nullptr;  // Deployment or StatefulSet
  const k8s::Json* service = nullptr;
  const k8s::Json* autoscaler = nullptr;
  const k8s::Json* rollout = nullptr;  // a progressive rollout's second Deployment (<name>-canary, <name>-preview)
  std::vector<const k8s::Json*> pods, slices;
};

// Objects of other architectures, hook pods and controller-made objects other than pods and
// EndpointSlices are left out. Pointers point into `live`.
std::map<std::string, LiveService> group(std::span<const k8s::Json> live, const std::string& architecture);

// The value of a label, "" when absent.
std::string label(const k8s::Json& obj, std::string_view key);

}  // namespace vsctl::status
