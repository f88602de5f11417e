#include "health/deployment.h"

#include "health/conditions.h"

namespace vsctl::health {

Check deployment(const k8s::Json& d) {
  Check c;
  c.desired = spec_replicas(d);
  c.ready = status_int(d, "readyReplicas");
  int updated = status_int(d, "updatedReplicas");
  int total = status_int(d, "replicas");
  int available = status_int(d, "availableReplicas");
  // a status the controller wrote for an older generation says nothing about this one (its
  // ProgressDeadlineExceeded belongs to the rollout before)
  if (!observed(d)) {
    c.message = "waiting for the controller to observe generation " +
                std::to_string(k8s::int_at(d, "/metadata/generation").value_or(0));
    return c;
  }
  if (auto p = condition(d, "Progressing"); p && p->reason == "ProgressDeadlineExceeded") {
    c.failed = true;
    c.reason = "ProgressDeadlineExceeded";
    c.message = "deployment exceeded its progress deadline" + (p->message.empty() ? "" : ": " + p->message);
    return c;
  }
  if (updated < c.desired) {
    c.message = "waiting for " + std::to_string(updated) + "/" + std::to_string(c.desired) + " replicas updated";
    return c;
  }
  if (total > updated) {
    c.message = "waiting for " + std::to_string(total - updated) + " old replica(s) to terminate";
    return c;
  }
  if (total > c.desired) {  // scaling in: the extra replicas are still there
    c.message = "waiting for " + std::to_string(total - c.desired) + " extra replica(s) to terminate";
    return c;
  }
  if (available < updated) {
    c.message = "waiting for " + std::to_string(available) + "/" + std::to_string(c.desired) + " replicas available";
    return c;
  }
  c.done = true;
  c.message = std::to_string(available) + "/" + std::to_string(c.desired) + " replicas available";
  return c;
}

}  // namespace vsctl::health
