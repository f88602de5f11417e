#pragma once
// Readiness of a Job (hooks): done when Complete=True, failed when Failed=True (backoff limit or
// active deadline exceeded), with the Job's own reason.
#include "health/check.h"
#include "k8s/json.h"

namespace vsctl::health {

Check job(const k8s::Json& j);

}  // namespace vsctl::health
