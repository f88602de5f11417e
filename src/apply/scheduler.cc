#include "apply/scheduler.h"

#include <algorithm>
#include <set>

namespace vsctl::apply {

const char* to_string(StepStatus s) {
  switch (s) {
    case StepStatus::Pending: return "pending";
    case StepStatus::Running: return "running";
    case StepStatus::Succeeded: return "succeeded";
    case StepStatus::Failed: return "failed";
    case StepStatus::Skipped: return "skipped";
    case StepStatus::Cancelled: return "cancelled";
  }
  return "?";
}

OnFailure on_failure(manifest::Importance i) {
  switch (i) {
    case manifest::Importance::Critical: return OnFailure::StopNow;
    case manifest::Importance::High: return OnFailure::Drain;
    case manifest::Importance::Normal: return OnFailure::SkipDependents;
    case manifest::Importance::Low: return OnFailure::Continue;
  }
  return OnFailure::SkipDependents;
}

Schedule::Schedule(const Plan& p) {
  for (const auto& w : p.waves)
    for (const auto& s : w.steps) {
      steps.push_back(&s);
      wave.push_back(w.index);
    }
  status.assign(steps.size(), StepStatus::Pending);
}

void Schedule::drain(std::string reason) {
  if (!draining) stop_reason = std::move(reason);
  draining = true;
}

void Schedule::finish(std::size_t i, StepStatus result) {
  status[i] = result;
  if (result != StepStatus::Failed) return;
  const Step& st = *steps[i];
  switch (on_failure(st.importance)) {
    case OnFailure::StopNow:
      stopped = true;
      drain("critical service " + st.service + " failed");
      break;
    case OnFailure::Drain:
      drain("service " + st.service + " (importance high) failed");
      break;
    case OnFailure::SkipDependents: {
      // every pending step that depends on it, transitively, is skipped
      std::set<std::string> failed{st.service};
      bool grew = true;
      while (grew) {
        grew = false;
        for (std::size_t j = 0; j < steps.size(); ++j) {
          if (status[j] != StepStatus::Pending) continue;
          for (const auto& d : steps[j]->depends_on)
            if (failed.count(d)) {
              status[j] = StepStatus::Skipped;
              failed.insert(steps[j]->service);
              grew = true;
              break;
            }
        }
      }
      break;
    }
    case OnFailure::Continue: break;
  }
}

Decision next(Schedule& s, std::size_t concurrency) {
  Decision d;
  std::size_t running = static_cast<std::size_t>(std::count(s.status.begin(), s.status.end(), StepStatus::Running));
  if (s.stopped) {
    for (std::size_t i = 0; i < s.status.size(); ++i)
      if (s.status[i] == StepStatus::Running) d.cancel.push_back(i);
  }
  if (s.draining) {
    d.done = running == 0;
    return d;
  }
  // the first wave with a step not finished
  int current = -1;
  for (std::size_t i = 0; i < s.steps.size(); ++i)
    if (s.status[i] == StepStatus::Pending || s.status[i] == StepStatus::Running) {
      current = s.wave[i];
      break;
    }
  if (current < 0) {
    d.done = true;
    return d;
  }
  for (std::size_t i = 0; i < s.steps.size() && running < std::max<std::size_t>(concurrency, 1); ++i) {
    if (s.wave[i] != current || s.status[i] != StepStatus::Pending) continue;
    s.status[i] = StepStatus::Running;
    d.start.push_back(i);
    ++running;
  }
  return d;
}

}  // namespace vsctl::apply
