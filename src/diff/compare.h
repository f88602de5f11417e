#pragma once
// One desired object against its live twin, ownership-aware. Pure: the server's part (a
// dry-run apply) is an input.
//
// What apply would leave in the cluster ("after") is the dry-run result of applying the
// desired object with vsctl's field manager and force (or the live object itself, when vsctl
// already owns exactly the desired fields with the desired values: see needs_dry_run), minus
// the fields that people own (drift managers, see Policy) and that neither vsctl nor a
// controller owns: apply takes those back too. Both sides are normalised before comparing.
#include <string>
#include <string_view>
#include <vector>

#include "diff/pairing.h"
#include "diff/policy.h"
#include "k8s/json.h"
#include "k8s/object_key.h"

namespace vsctl::diff {

enum class Action {
  None,       // the cluster already has it
  Add,        // not in the cluster
  Update,     // in the cluster, different
  Remove,     // in the cluster, labelled as this architecture's, no longer desired
  Unmanaged,  // in the cluster without vsctl's labels (or another architecture's): never adopted
};
const char* to_string(Action a);

// A field a person changed that apply would take back.
struct DriftField {
  std::string manager;  // "kubectl-edit"
  std::string path;     // ".spec.template.spec.containers[name=app].image"
  std::string pointer;  // where it is in the live object ("/spec/template/spec/containers/0/image")
  bool removed = false; // the manifest does not declare it: apply removes it
};

struct ObjectDiff {
  std::string service;  // empty for the architecture's own objects
  k8s::ObjectKey key;
  Action action = Action::None;
  k8s::Json before;  // live, normalised; null when absent
  k8s::Json after;   // what apply would leave, normalised; null when removed or unmanaged
  std::vector<std::string> changed;  // JSON pointers where before and after differ
  std::vector<DriftField> drift;
  bool dry_run = false;  // `after` came from a server dry-run
  std::string owner;     // Unmanaged: who the labels say manages it ("" when nobody)
  std::string error;     // the dry-run failed: what the server said
  bool differs() const { return action != Action::None; }
};

// Whether the live object carries this architecture's labels (part-of and managed-by).
bool owned_by(const k8s::Json& live, std::string_view architecture);

// False when comparing needs no server dry-run: vsctl's field manager owns exactly the
// desired fields, with the desired values, and no other manager shares one of them. Then
// applying changes nothing that vsctl declares.
bool needs_dry_run(const k8s::Json& desired, const k8s::Json& live);
// Why a dry-run is needed ("vsctl owns different fields or values", ...); "" when it is not.
std::string dry_run_reason(const k8s::Json& desired, const k8s::Json& live);

// Compares one pair. `server` is the dry-run result for the desired object, or nullptr when
// none was made (then the live object stands for it, or for an Add the desired object).
ObjectDiff compare(const Pair& pair, const k8s::Json* server, const Policy& policy, std::string_view architecture);

}  // namespace vsctl::diff
