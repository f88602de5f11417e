#pragma once
// What a diff means for each service: one change kind, the version and instance counts on
// both sides, and whether drift is among the reasons (drift is a reason, never a kind). Pure.
#include <span>
#include <string>
#include <vector>

#include "diff/compare.h"
#include "health/change.h"

namespace vsctl::diff {

// The change kinds are the one vocabulary of health/change.h.
using health::Change;
using health::to_string;

struct ServiceSummary {
  std::string service;  // "" for the architecture's own objects (its Namespace)
  Change change = Change::None;
  std::string from_version, to_version;      // app.kubernetes.io/version; "" when absent
  std::string from_instances, to_instances;  // "3", or "2-8" when autoscaled; "" when absent
  bool drift = false;                        // some of the change takes back people's changes
  bool drift_only = false;                   // the definition is unchanged: drift is the whole reason
  std::size_t objects = 0;                   // objects of the service
  std::size_t changed = 0;                   // of them, objects that differ
  std::size_t unmanaged = 0;                 // of them, objects that exist without vsctl's labels
};

// One summary per service, in the order the services first appear in `diffs`.
std::vector<ServiceSummary> summarize(std::span<const ObjectDiff> diffs);

}  // namespace vsctl::diff
