#include "apply/executor.h"

#include <condition_variable>
#include <mutex>
#include <thread>

#include "apply/step_runner.h"

namespace vsctl::apply {

bool ExecResult::ok() const {
  if (interrupted) return false;
  for (const auto& s : steps)
    if (s.status != StepStatus::Succeeded) return false;
  return true;
}

ExecResult execute(const Plan& plan, const std::map<k8s::ObjectKey, k8s::Json>& objects, kube::ClusterClient& client,
                   Watcher& watcher, Reporter& reporter, const ExecOptions& opts) {
  Schedule sched(plan);
  ExecResult result;
  result.steps.resize(sched.steps.size());
  for (std::size_t i = 0; i < sched.steps.size(); ++i) {
    result.steps[i].service = sched.steps[i]->service;
    result.steps[i].change = sched.steps[i]->change;
  }
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::size_t> finished;  // steps whose worker ended, not yet seen by the driver
  std::vector<std::thread> workers;
  std::atomic<bool> cancel{false};
  LockedReporter out(reporter);

  // Bounded: every step gets its timeout, plus slack for the hooks around it; the loop turns at
  // most once per event (start, finish, interruption tick).
  // A rollout's pauses and analyses come on top of its step's timeout (a pause until promoted: a day).
  std::chrono::seconds rollouts{0};
  for (const Step* s : sched.steps)
    if (s->rollout)
      for (const auto& st : s->rollout->steps) {
        if (st.kind == manifest::RolloutStep::Kind::Pause) rollouts += std::chrono::seconds(st.pause_s.value_or(24 * 3600));
        if (st.kind == manifest::RolloutStep::Kind::Analysis)
          rollouts += std::chrono::seconds((st.analysis.tries + 1) * (st.analysis.interval_s + 30) + st.analysis.timeout_s);
      }
  const auto hard_deadline = std::chrono::steady_clock::now() + rollouts +
                             (opts.timeout + std::chrono::seconds(60)) * static_cast<long>(sched.steps.size() + 1) * 2;
  const std::size_t max_iterations = 16 * sched.steps.size() + 1'000'000;
  std::size_t running = 0;

  for (std::size_t iter = 0; iter < max_iterations; ++iter) {
    bool stop_now = (opts.interrupted && *opts.interrupted) || (opts.lock_lost && *opts.lock_lost) ||
                    std::chrono::steady_clock::now() > hard_deadline;
    if (stop_now && !result.interrupted) {
      result.interrupted = opts.interrupted && *opts.interrupted;
      sched.drain(result.interrupted ? "interrupted" : (opts.lock_lost && *opts.lock_lost) ? "the lock was taken over" : "the run took too long");
      cancel = true;
      watcher.nudge();
    }
    Decision d = next(sched, opts.concurrency);
    if (!d.cancel.empty()) {
      cancel = true;
      watcher.nudge();
    }
    for (std::size_t i : d.start) {
      ++running;
      workers.emplace_back([&, i] {
        StepContext ctx{client, watcher, out, objects, opts.timeout, cancel, sched.wave[i], opts.policy};
        StepOutcome o = run_step(*sched.steps[i], ctx);
        std::lock_guard lock(mu);
        auto& r = result.steps[i];
        r.status = o.ok ? StepStatus::Succeeded : o.cancelled ? StepStatus::Cancelled : StepStatus::Failed;
        r.state = o.ok ? o.state : o.cancelled ? o.state : health::State::Failed;
        r.reason = o.reason;
        r.message = o.message;
        r.written = o.written;
        r.rollout = o.rollout;
        finished.push_back(i);
        cv.notify_all();
      });
    }
    if (d.done && running == 0) break;
    std::unique_lock lock(mu);
    cv.wait_for(lock, std::chrono::milliseconds(200), [&] { return !finished.empty(); });
    for (std::size_t i : finished) {
      --running;
      sched.finish(i, result.steps[i].status);
    }
    finished.clear();
  }
  if (running > 0) {  // the loop's bound ran out with steps in flight
    cancel = true;
    watcher.nudge();
  }
  for (auto& w : workers)
    if (w.joinable()) w.join();
  for (std::size_t i = 0; i < sched.steps.size(); ++i) {
    if (sched.status[i] == StepStatus::Skipped) {
      result.steps[i].status = StepStatus::Skipped;
      result.steps[i].reason = "DependencyFailed";
      result.steps[i].message = "skipped: a service it depends on failed";
      Event e;
      e.type = EventType::StepFinished;
      e.service = sched.steps[i]->service;
      e.change = sched.steps[i]->change;
      e.state = health::in_progress_state(e.change);
      e.outcome = "skipped";
      e.reason = result.steps[i].reason;
      e.message = result.steps[i].message;
      e.wave = sched.wave[i];
      out.event(e);
    } else if (sched.status[i] == StepStatus::Pending) {
      result.steps[i].status = StepStatus::Cancelled;
      result.steps[i].message = "not started: " + sched.stop_reason;
    }
  }
  result.stop_reason = sched.stop_reason;
  return result;
}

}  // namespace vsctl::apply
