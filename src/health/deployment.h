#pragma once
// Readiness of a Deployment, as `kubectl rollout status` judges it: the controller observed the
// latest generation, every replica is updated and available, no old replica remains; a
// Progressing=False condition with reason ProgressDeadlineExceeded is a failure.
#include "health/check.h"
#include "k8s/json.h"

namespace vsctl::health {

Check deployment(const k8s::Json& d);

}  // namespace vsctl::health
