#pragma once
// A plan as JSON (plan -o json, a saved plan given to apply) and its digest: sha256 over the
// canonical JSON of everything that will change (steps with their from/to digests and actions,
// doors, conflicts), first 16 hex digits. Reasons and the unchanged list do not enter it.
#include <string>

#include "apply/plan.h"
#include "util/error.h"

namespace vsctl::apply {

k8s::Json to_json(const Plan& p);
k8s::Json to_json(const Step& s);
std::string plan_digest(const Plan& p);

// The plan once the architecture's own objects (its Namespace) exist: that step removed, waves
// renumbered, the digest recomputed. Apply creates the namespace before it takes the lock.
Plan without_architecture_step(Plan p);

// The digest a saved `plan -o json` names, with its architecture.
struct SavedPlan {
  std::string architecture;
  std::string digest;
};
util::Result<SavedPlan> read_saved_plan(std::string_view source, std::string_view text);

}  // namespace vsctl::apply
