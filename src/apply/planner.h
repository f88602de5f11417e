#pragma once
// The planner: a pure function from the desired objects, the live objects and the last record
// to a Plan. No I/O: the command reads the cluster, the planner only compares.
#include <map>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "apply/plan.h"
#include "diff/policy.h"
#include "k8s/json.h"
#include "manifest/model.h"
#include "render/render.h"

namespace vsctl::apply {

struct PlanOptions {
  bool prune = false;    // removed services go through Destroy (else they are left alone)
  bool adopt = false;    // take over unlabelled objects vsctl would write
  bool destroy = false;  // plan the removal of the whole architecture (vsctl destroy)
  std::set<DoorKind> allowed;                 // one-way doors allowed (--allow-one-way: all)
  bool allow_capacity = false;                // --allow=capacity: steps that do not fit the cluster run anyway
  diff::Policy policy = diff::Policy::defaults();  // which field managers are people (drift)
};

// What the last record says about a service: its definition (manifest::definition) and digest.
struct Recorded {
  std::string version;
  std::string digest;
  k8s::Json definition;  // null when unknown
};

struct PlanInput {
  std::string architecture, ns, env;
  const manifest::Architecture* desired = nullptr;    // nullptr for destroy
  std::span<const render::Object> rendered;           // the desired objects
  std::span<const k8s::Json> live;                    // every live object that may be ours
  std::map<std::string, Recorded> previous;           // the last record's services
};

Plan make_plan(const PlanInput& in, const PlanOptions& opts);

// Order of kinds inside a step: configuration before workloads (render's order).
bool is_config_kind(std::string_view kind);

}  // namespace vsctl::apply
