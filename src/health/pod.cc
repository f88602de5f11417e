#include "health/pod.h"

#include "health/conditions.h"

namespace vsctl::health {

bool is_stuck_reason(std::string_view r) {
  return r == "CrashLoopBackOff" || r == "ImagePullBackOff" || r == "ErrImagePull" || r == "InvalidImageName" ||
         r == "CreateContainerConfigError" || r == "CreateContainerError" || r == "RunContainerError";
}

PodStatus pod(const k8s::Json& p) {
  PodStatus s;
  s.terminating = k8s::find(p, "/metadata/deletionTimestamp") != nullptr;
  std::string phase = k8s::string_at(p, "/status/phase");
  s.succeeded = phase == "Succeeded";
  s.failed = phase == "Failed";
  if (auto r = condition(p, "Ready")) s.ready = r->status == "True";
  if (auto sch = condition(p, "PodScheduled"); sch && sch->status == "False" && sch->reason == "Unschedulable") {
    s.unschedulable = true;
    s.message = sch->message;
  }
  bool all_started = phase == "Running";
  const auto* statuses = k8s::find(p, "/status/containerStatuses");
  std::size_t wanted = 0;
  if (const auto* cs = k8s::find(p, "/spec/containers"); cs && cs->is_array()) wanted = cs->size();
  if (!statuses || !statuses->is_array() || statuses->size() < wanted) all_started = false;
  if (statuses && statuses->is_array()) {
    for (const auto& c : *statuses) {
      std::string waiting = k8s::string_at(c, "/state/waiting/reason");
      if (!waiting.empty()) {
        all_started = false;
        if (s.stuck_reason.empty() && is_stuck_reason(waiting)) {
          s.stuck_reason = waiting;
          s.message = "container " + k8s::string_at(c, "/name") + ": " + waiting;
          if (auto m = k8s::string_at(c, "/state/waiting/message"); !m.empty()) s.message += ": " + m;
        }
      } else if (!k8s::find(c, "/state/running")) {
        all_started = false;
      }
    }
  }
  s.running = all_started;
  return s;
}

}  // namespace vsctl::health
