#pragma once
// The room a cluster has for more pods: per node, allocatable minus the requests of the pods
// bound to it; per namespace, each ResourceQuota's hard limits minus what it has used; the
// volumes free to bind. Pods are added one by one, each on one node (never summed across
// nodes), and what does not fit is explained with the numbers. Pure: built from objects read
// elsewhere.
#include <map>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "capacity/nodes.h"
#include "capacity/resources.h"
#include "k8s/json.h"

namespace vsctl::capacity {

// What the room is built from: objects as the API server returns them.
struct Objects {
  std::span<const k8s::Json> nodes;
  std::span<const k8s::Json> pods;            // every namespace's (finished ones are skipped)
  std::span<const k8s::Json> quotas;          // the namespace's ResourceQuotas
  std::span<const k8s::Json> limit_ranges;    // the namespace's LimitRanges
  std::span<const k8s::Json> storage_classes;
  std::span<const k8s::Json> volumes;         // PersistentVolumes
  std::span<const k8s::Json> claims;          // the namespace's PersistentVolumeClaims
};

// The outcome of adding pods or claims.
struct Outcome {
  int wanted = 0;   // pods asked for
  int created = 0;  // pods admission would let in (quota, LimitRange)
  int bound = 0;    // pods that found a node
  std::vector<std::string> problems;  // one sentence each; empty when everything fits
  bool fits() const { return problems.empty(); }
};

class Room {
 public:
  Room(const Objects& objects, std::string ns);

  // Adds `count` pods of `pod_spec` (a template's spec) to the namespace, each on the node the
  // scheduler's default scoring would most likely pick (the least allocated that fits).
  Outcome add_pods(const k8s::Json& pod_spec, int count);
  // Takes a live pod away (its node and its quota get its requests back).
  void remove_pod(const k8s::Json& pod);
  // Adds a PersistentVolumeClaim named `claim` unless it exists: the quota is charged and, for a
  // class without a provisioner, a free volume is bound. "" when it fits, else why not.
  std::string add_claim(const std::string& claim, const std::string& storage_class, std::int64_t size_milli,
                        const std::vector<std::string>& access_modes);
  bool has_claim(const std::string& name) const { return claims_.count(name) > 0; }

  std::span<const k8s::Json> limit_ranges() const { return limit_ranges_; }
  const std::vector<Node>& nodes() const { return nodes_; }

 private:
  struct Quota {
    std::string name;
    Resources hard, used;
  };
  struct Volume {
    std::string name, storage_class, claim_ns, claim_name;
    std::int64_t size = 0;
    std::vector<std::string> modes;
    bool free = true;
  };
  struct Class {
    std::string provisioner;
    bool is_default = false;
  };
  std::string quota_refusal(const PodDemand& d) const;
  // The node the scheduler's default scoring would most likely pick (the least allocated that
  // fits), or nullptr.
  Node* best_node(const k8s::Json& spec, const Resources& requests);
  std::string nodes_short(const k8s::Json& spec, const PodDemand& d, int wanted, int bound) const;

  std::string ns_;
  std::vector<Node> nodes_;
  std::vector<Quota> quotas_;
  std::vector<Volume> volumes_;
  std::map<std::string, Class> classes_;
  std::set<std::string> claims_;
  std::vector<k8s::Json> limit_ranges_;
  std::map<std::string, std::string> placed_;  // pending pods ("ns/name") -> the node they would take
};

// What a pod is charged in a quota ("requests.cpu", "limits.memory", "pods", "count/pods", ...).
Resources quota_usage(const PodDemand& d);

}  // namespace vsctl::capacity
