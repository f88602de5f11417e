#pragma once
// The convergence plan: waves of steps in dependency order (dependencies first, services on a
// cycle together, ties by name), each step a service with its change kind, why, and the steps
// it must follow (the graph the run is scheduled by; the waves are its printed order), one-way
// doors found before anything runs, and a digest of it all. Computed by a pure function of the
// desired objects, the live objects and the last record (planner.h).
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "health/state.h"
#include "k8s/json.h"
#include "k8s/object_key.h"
#include "manifest/model.h"

namespace vsctl::apply {

using health::Change;

// What a step does, in order.
enum class ActionKind {
  Apply,    // server-side apply of one object
  Hook,     // run a hook Job and wait for it (phase preUpdate / postUpdate)
  Wait,     // wait for the service to reach Run (or, for Destroy, to be gone)
  Delete,   // delete one object
  Replace,  // delete (orphaning pods) and create again: an immutable field changed
  Rollout,  // a progressive rollout's steps, on a second workload (key), before the workload rolls
};
const char* to_string(ActionKind k);

struct Action {
  ActionKind kind = ActionKind::Apply;
  k8s::ObjectKey key;  // Apply, Delete, Replace: the object; Hook: the Job
  std::string phase;   // Hook: "preUpdate" / "postUpdate"
};

// Whether a step's new pods and volume claims fit the room the cluster has at its point in the
// plan (capacity_check.h).
struct Fit {
  bool fits = true;
  std::string needs;                  // "4 pods of 500m cpu, 128Mi memory"
  std::vector<std::string> problems;  // why not, with the numbers; empty when it fits
  int pending = 0;      // new pods admission lets in that would find no node (Pending, Unschedulable)
  int not_created = 0;  // new pods admission would refuse (quota, LimitRange)
};

struct Step {
  std::string service;  // "" for the architecture's own objects (its Namespace)
  Change change = Change::None;
  std::string reason;  // "version 1.4.2 -> 1.5.0", "new service", "drift: kubectl-set owns fields"
  std::string from_version, to_version;
  int from_instances = 0, to_instances = 0;  // -1: unknown / autoscaled
  std::string from_digest, to_digest;
  manifest::Importance importance = manifest::Importance::Normal;
  std::vector<Action> actions;
  // The services this one waits for: its dependencies in an apply; in a dependents-first plan
  // (destroy, prune, rollback) the services that depend on it.
  std::vector<std::string> depends_on;
  // The services whose steps must finish before this one starts: the planned ones of
  // depends_on in earlier waves, and the architecture's own step ("") when it comes first (or,
  // on the own step, every step before it). Sorted; filled by link_steps.
  std::vector<std::string> after;
  // Objects people own fields of (drift): before the apply, the fields only they own and the
  // manifest does not declare are removed (ownership.h).
  std::vector<k8s::ObjectKey> take_over;
  std::optional<Fit> fit;  // absent: nothing to place, or capacity not checked
  // A canary or blue-green rollout of the new version (an Update of the version of a service
  // whose manifest says so); its Rollout action runs the steps.
  std::optional<manifest::Rollout> rollout;
  // What the plan says of it beyond its steps: how traffic is shared, and callers whose ranges
  // admit only one of the two versions that serve during it.
  std::vector<std::string> rollout_notes;
};

struct Wave {
  int index = 0;
  std::vector<Step> steps;  // by name; a cycle's services are in one wave
};

// One-way doors: changes that cannot be undone by applying the previous VersionSet again.
enum class DoorKind { VolumeChange, ImmutableField, StorageLoss, DependencyRemoval };
const char* to_string(DoorKind k);           // "volume-change", ...
std::optional<DoorKind> parse_door(std::string_view s);

struct Door {
  DoorKind kind = DoorKind::ImmutableField;
  std::string service;
  std::string object;  // the object at stake, e.g. "apps/v1 StatefulSet shop/redis"
  std::string detail;  // "volume data: 5Gi -> 10Gi"
  bool allowed = false;
};

// An object vsctl would write that someone else owns.
struct Conflict {
  std::string service;
  k8s::ObjectKey key;
  std::string owner;  // "" when unlabelled, else the other architecture's name
  bool adopted = false;  // --adopt: taken over (never for another architecture's)
};

struct Plan;
// Fills every step's `after` from its depends_on and the waves: a step follows the steps of the
// services it depends on that are planned in earlier waves (a service with no step is not waited
// for; a cycle's services, in one wave, do not wait for each other), and the architecture's own
// step precedes every step of a later wave and follows every step of an earlier one. An edge
// always points to an earlier wave, so the graph has no cycle.
void link_steps(Plan& p);

struct Plan {
  std::string architecture, ns, env;
  std::vector<Wave> waves;
  std::vector<Door> doors;
  std::vector<Conflict> conflicts;
  std::vector<std::string> left_alone;  // removed services kept because --prune was not given
  std::vector<std::string> unchanged;   // services already converged
  std::string digest;                   // of everything that will change; see plan_digest()
  struct Capacity {
    bool checked = false;
    std::string skipped;   // why not checked ("listing nodes is forbidden ..."), "" when checked or not needed
    bool allowed = false;  // --allow=capacity: steps that do not fit are run anyway
  } capacity;

  bool empty() const;
  std::size_t step_count() const;
  // Doors nobody allowed, conflicts not adopted, steps that do not fit unless allowed: reasons
  // to refuse (exit 8).
  std::vector<std::string> refusals() const;
  const Step* find(std::string_view service) const;
};

}  // namespace vsctl::apply
