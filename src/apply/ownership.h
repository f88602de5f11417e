#pragma once
// Fields people own (drift) and how vsctl takes them away. Server-side apply with force takes
// over the fields vsctl declares, but a field only someone else owns (an env var added with
// `kubectl set env`) is never removed by it: SSA removes a field only when its applier owned it
// and stops declaring it. So before applying, vsctl writes the object back without the fields
// that only people own and the manifest does not declare (an update with the object's
// resourceVersion, so nothing written meanwhile is lost); the server drops them, and their
// ownership with them. The apply that follows takes back the fields the manifest declares.
//
// Which managers are people is the diff policy's (src/diff/policy.h, .vsctl/diff.yaml); fields a
// controlled rule names are left alone unless the desired object declares them. Pure.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diff/policy.h"
#include "k8s/json.h"
#include "k8s/object_key.h"

namespace vsctl::apply {

// The object a rule of the policy is about: its key, the service that renders it, and its
// desired body (nullptr: not rendered).
struct Owned {
  const k8s::ObjectKey& key;
  std::string_view service;
  const k8s::Json* desired;
};

// A managedFields entry's fieldsV1 without the fields `policy.controlled` names that the desired
// object does not declare (an autoscaler's replicas). Empty branches are dropped.
k8s::Json people_fields(const k8s::Json& fields, const diff::Policy& policy, const Owned& what);

// Drift managers that own fields of `live` (status excluded, controlled fields excluded), sorted.
std::vector<std::string> drift_managers(const k8s::Json& live, const diff::Policy& policy, const Owned& what);

// Whether the fields people own on `live` are its replicas and nothing else (`kubectl scale`):
// such drift is a Scale, not an Update.
bool people_own_only_replicas(const k8s::Json& live, const diff::Policy& policy, const Owned& what);

// `live` without the fields that only people own and the desired object does not declare (an
// env var added with `kubectl set env`): the object to write back with an update carrying its
// resourceVersion, or nullopt when there is nothing to remove. Fields vsctl or a controller
// also owns, and controlled fields the manifest leaves out, stay.
std::optional<k8s::Json> without_people_fields(const k8s::Json& live, const diff::Policy& policy, const Owned& what);

// Deep union of two fieldsV1 sets.
void merge_fields(k8s::Json& into, const k8s::Json& from);

}  // namespace vsctl::apply
