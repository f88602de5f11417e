#include "health/generic.h"

#include "health/conditions.h"
#include "health/deployment.h"
#include "health/hpa.h"
#include "health/job.h"
#include "health/statefulset.h"

namespace vsctl::health {

Check generic(const k8s::Json& obj) {
  if (!observed(obj)) return Check::waiting("waiting for the controller to observe the latest generation");
  for (const char* t : {"Stalled", "Failed"})
    if (auto c = condition(obj, t); c && c->status == "True")
      return Check::failure(c->reason.empty() ? t : c->reason, c->message.empty() ? std::string(t) : c->message);
  if (auto c = condition(obj, "Reconciling"); c && c->status == "True")
    return Check::waiting("reconciling" + (c->message.empty() ? "" : ": " + c->message));
  if (auto c = condition(obj, "Ready"); c && c->status == "False")
    return Check::waiting("not ready" + (c->message.empty() ? "" : ": " + c->message));
  return Check::ok();
}

Check object(const k8s::Json& obj) {
  std::string kind = k8s::string_at(obj, "/kind");
  if (kind == "Deployment") return deployment(obj);
  if (kind == "StatefulSet") return statefulset(obj);
  if (kind == "Job") return job(obj);
  if (kind == "HorizontalPodAutoscaler") return hpa(obj);
  if (kind == "PersistentVolumeClaim") {
    std::string phase = k8s::string_at(obj, "/status/phase");
    if (phase == "Bound") return Check::ok("bound");
    if (phase == "Lost") return Check::failure("ClaimLost", "the claim lost its volume");
    return Check::waiting("waiting for the claim to be bound");
  }
  return generic(obj);
}

}  // namespace vsctl::health
