#include "health/job.h"

#include "health/conditions.h"

namespace vsctl::health {

Check job(const k8s::Json& j) {
  if (auto f = condition(j, "Failed"); f && f->status == "True")
    return Check::failure(f->reason.empty() ? "JobFailed" : f->reason,
                          "job failed" + (f->message.empty() ? "" : ": " + f->message));
  if (auto c = condition(j, "Complete"); c && c->status == "True") return Check::ok("job completed");
  int active = status_int(j, "active"), failed = status_int(j, "failed");
  std::string m = "waiting for the job to complete (" + std::to_string(active) + " active";
  if (failed > 0) m += ", " + std::to_string(failed) + " failed";
  return Check::waiting(m + ")");
}

}  // namespace vsctl::health
