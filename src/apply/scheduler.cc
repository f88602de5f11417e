#include "apply/scheduler.h"

#include <algorithm>
#include <map>
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
  std::map<std::string, std::size_t> index;
  for (const auto& w : p.waves)
    for (const auto& s : w.steps) {
      index.emplace(s.service, steps.size());
      steps.push_back(&s);
      wave.push_back(w.index);
    }
  status.assign(steps.size(), StepStatus::Pending);
  after.resize(steps.size());
  for (std::size_t i = 0; i < steps.size(); ++i)
    for (const auto& name : steps[i]->after)
      // only a step placed before this one: the order of the plan, whatever the edges say, so
      // that no step ever waits for itself or for a step waiting for it
      if (auto it = index.find(name); it != index.end() && it->second < i) after[i].push_back(it->second);
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
      // every pending step that follows it or depends on it (a service on its cycle),
      // transitively, is skipped
      std::set<std::string> failed{st.service};
      bool grew = true;
      while (grew) {
        grew = false;
        for (std::size_t j = 0; j < steps.size(); ++j) {
          if (status[j] != StepStatus::Pending) continue;
          for (const auto* names : {&steps[j]->after, &steps[j]->depends_on})
            if (std::any_of(names->begin(), names->end(), [&](const std::string& d) { return failed.count(d) > 0; })) {
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
  // A pending step whose predecessors have all finished starts; one whose predecessor ended
  // other than Succeeded (a low service failed: Failed; skipped, cancelled) starts too, as the
  // policy lets the run go on past it. The steps are in the plan's order: wave, then name.
  bool pending = false;
  for (std::size_t i = 0; i < s.steps.size(); ++i) {
    if (s.status[i] != StepStatus::Pending) continue;
    pending = true;
    if (running >= std::max<std::size_t>(concurrency, 1)) break;
    bool ready = std::all_of(s.after[i].begin(), s.after[i].end(), [&](std::size_t j) {
      return s.status[j] != StepStatus::Pending && s.status[j] != StepStatus::Running;
    });
    if (!ready) continue;
    s.status[i] = StepStatus::Running;
    d.start.push_back(i);
    ++running;
  }
  d.done = !pending && running == 0;
  return d;
}

}  // namespace vsctl::apply
