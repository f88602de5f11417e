#pragma once
// The result of every readiness check: pure functions of live objects, in the shape kapp and
// gitops-engine use: done, failed, and what it is waiting for ("waiting for 2/3 replicas").
#include <string>

namespace vsctl::health {

struct Check {
  bool done = false;    // the object reached what was asked of it
  bool failed = false;  // it will not get there without a change (reason says why)
  std::string reason;   // a stable word when failed or blocked: "ProgressDeadlineExceeded", ...
  std::string message;  // what it waits for, or why it failed, for people
  int ready = 0;        // instances ready (workloads), or -1 when not applicable
  int desired = 0;      // instances wanted

  static Check ok(std::string message = {}) { return {true, false, {}, std::move(message), -1, 0}; }
  static Check waiting(std::string message) { return {false, false, {}, std::move(message), -1, 0}; }
  static Check failure(std::string reason, std::string message) {
    return {false, true, std::move(reason), std::move(message), -1, 0};
  }
};

}  // namespace vsctl::health
