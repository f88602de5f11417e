#pragma once
// The nodes a pod may run on, judged as the scheduler's filters judge them: the node is
// schedulable, carries the pod's nodeSelector labels, matches its required node affinity, and
// every NoSchedule / NoExecute taint on it is tolerated. Pure.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "capacity/resources.h"
#include "k8s/json.h"

namespace vsctl::capacity {

struct Taint {
  std::string key, value, effect;
};

struct Node {
  std::string name;
  std::map<std::string, std::string> labels;
  std::vector<Taint> taints;
  bool unschedulable = false;
  Resources allocatable;  // status.allocatable
  Resources used;         // requests of the pods bound to it that have not finished
};

Node read_node(const k8s::Json& node);

// Why `pod_spec` may not run on `node`, in the scheduler's terms ("node(s) didn't match Pod's
// node affinity/selector"), or nullopt when it may.
std::optional<std::string> ineligible(const k8s::Json& pod_spec, const Node& node);

}  // namespace vsctl::capacity
