#pragma once
// The `rollout` field of a service (and of spec.defaults): strategy, traffic and steps, read and
// checked on their own (manifest.md, "Rollout"). The check that needs other services (the
// route's backends) is rollout_check.h's.
#include "manifest/model.h"
#include "manifest/reader.h"
#include "yaml/node.h"

namespace vsctl::manifest {

// `s` is the service read so far (name, recovery, ports): what the rollout is checked against.
Rollout read_rollout(Reader& r, const Service& s, const yaml::Node* n);

}  // namespace vsctl::manifest
