#pragma once
// The kinds of change between two VersionSets, as diff and log show them: Provision (a new
// service), Update (a newer version, or any other change of its definition), Rollback (an older
// version), Scale (only its instances changed), Destroy (a service gone).
#include <string>
#include <vector>

#include "health/change.h"

namespace vsctl::versionset {

// The change kinds are the one vocabulary of health/change.h (None never appears here).
using health::Change;
using health::to_string;

struct ServiceChange {
  std::string service;
  Change kind = Change::Update;
  std::string from, to;             // versions; empty on the side where the service does not exist
  std::vector<std::string> fields;  // what changed: version, instances, resources, env, then other fields by name
};

// What a VersionSet commit changed relative to the VersionSet before it (first-parent).
struct VersionSetChanges {
  bool parses = true;  // false: its manifest does not parse (no changes listed)
  std::vector<ServiceChange> services;
};

}  // namespace vsctl::versionset
