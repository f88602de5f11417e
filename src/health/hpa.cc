#include "health/hpa.h"

#include "health/conditions.h"

namespace vsctl::health {

Check hpa(const k8s::Json& h) {
  Check c;
  c.desired = static_cast<int>(k8s::int_at(h, "/status/desiredReplicas").value_or(0));
  c.ready = static_cast<int>(k8s::int_at(h, "/status/currentReplicas").value_or(0));
  if (auto able = condition(h, "AbleToScale"); able && able->status == "False" && able->reason == "FailedGetScale") {
    c.failed = true;
    c.reason = "FailedGetScale";
    c.message = "autoscaler cannot read its target" + (able->message.empty() ? "" : ": " + able->message);
    return c;
  }
  c.done = true;
  auto lo = k8s::int_at(h, "/spec/minReplicas").value_or(1), hi = k8s::int_at(h, "/spec/maxReplicas").value_or(1);
  c.message = "scaling between " + std::to_string(lo) + " and " + std::to_string(hi);
  if (auto active = condition(h, "ScalingActive"); active && active->status == "False")
    c.message += " (no metrics: " + active->reason + ")";
  return c;
}

}  // namespace vsctl::health
