#pragma once
// Readiness of a StatefulSet, as `kubectl rollout status` judges it: the controller observed the
// latest generation, every replica is ready, and the rolling update finished (updateRevision ==
// currentRevision, or with a partition, every ordinal at or above it updated). OnDelete updates
// are done once the controller observed them: pods change only when someone deletes them.
#include "health/check.h"
#include "k8s/json.h"

namespace vsctl::health {

Check statefulset(const k8s::Json& s);

}  // namespace vsctl::health
