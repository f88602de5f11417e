#pragma once
// One pod: is it running (every container started), ready, and is it stuck for a reason that
// waiting will not fix (crash loop, image pull failure, bad configuration, unschedulable).
#include <string>

#include "k8s/json.h"

namespace vsctl::health {

struct PodStatus {
  bool terminating = false;  // metadata.deletionTimestamp is set
  bool running = false;      // phase Running and every container started
  bool ready = false;        // condition Ready=True
  bool succeeded = false;    // phase Succeeded (Jobs' pods)
  bool failed = false;       // phase Failed
  bool unschedulable = false;
  // A reason that waiting does not fix: CrashLoopBackOff, ImagePullBackOff, ErrImagePull,
  // InvalidImageName, CreateContainerConfigError, CreateContainerError, RunContainerError.
  std::string stuck_reason;
  std::string message;  // the container's or condition's message for stuck_reason / unschedulable
};

PodStatus pod(const k8s::Json& p);

// Whether a container waiting reason is one that waiting does not fix.
bool is_stuck_reason(std::string_view reason);

}  // namespace vsctl::health
