#pragma once
// The order a rollback converges in: the reverse of apply's, dependents before their
// dependencies (manifest spec, "Coordinated rollback"), so that no service ever runs against a
// dependency older than its range admits. Pure.
#include "apply/plan.h"

namespace vsctl::apply {

// The plan's waves reversed (the architecture's own step, its Namespace, stays first; destroy
// steps stay last), waves renumbered, and each step's `depends_on` turned around: a service
// now waits for the planned services that depend on it, so that when a dependent fails its
// dependencies are skipped rather than moved under it. The digest is recomputed.
// A plan that also moves a service forward (moves_forward) keeps apply's order, dependencies
// first, which a newer dependent needs; Rollback, Scale and same-version Update steps (settings
// restored) are turned around.
Plan dependents_first(Plan p);

// Whether a step moves a service forward: a Provision, or an Update to another version (rolling
// back a rollback, or a record with a newer version).
bool moves_forward(const Plan& p);

}  // namespace vsctl::apply
