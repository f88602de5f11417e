#include "apply/converge.h"

#include "apply/read_live.h"
#include "apply/rollback.h"

namespace vsctl::apply {

namespace {

std::string now() { return format_time(std::chrono::system_clock::now()); }

void fill_changed(Record& rec, const Plan& plan, const ExecResult* result) {
  rec.changed.clear();
  std::size_t i = 0;
  for (const auto& w : plan.waves)
    for (const auto& s : w.steps) {
      const StepResult* r = result ? &result->steps[i] : nullptr;
      ++i;
      if (s.service.empty()) continue;
      rec.changed.push_back({s.service, health::to_string(s.change), s.from_version, s.to_version, s.to_digest,
                             r ? to_string(r->status) : "pending", r ? r->reason : ""});
    }
}

}  // namespace

util::Result<ConvergeResult> converge(kube::ClusterClient& client, Reporter& reporter, const Replan& replan,
                                      Record record, const ConvergeOptions& opts) {
  Lock lock(client, opts.lock);
  VSCTL_CHECK(lock.acquire());
  VSCTL_TRY(planned, replan());
  auto& [plan, objects] = planned;
  ConvergeResult out;
  RecordStore store(client, record.ns, record.architecture);
  VSCTL_TRY(history, store.list());
  std::optional<Record> previous;
  for (auto& r : history)
    if (r.outcome == "succeeded" && r.operation != "destroy") {
      previous = r;
      break;
    }

  record.started = now();
  record.outcome = "in-progress";
  record.plan_digest = plan.digest;
  fill_changed(record, plan, nullptr);
  VSCTL_CHECK(store.begin(record));

  Event start;
  start.type = EventType::RunStarted;
  start.message = record.operation + " revision " + std::to_string(record.revision) + ", plan " + plan.digest;
  reporter.event(start);

  Watcher watcher(client, record.ns, part_of_selector(record.architecture));
  auto finish = [&](std::string outcome, std::string message) -> util::Result<ConvergeResult> {
    watcher.stop();
    record.outcome = std::move(outcome);
    record.message = std::move(message);
    record.finished = now();
    auto c = store.complete(record);
    (void)store.trim(opts.history_max, record.revision);
    (void)lock.release();
    Event e;
    e.type = EventType::RunFinished;
    e.outcome = record.outcome;
    e.message = record.message;
    reporter.event(e);
    if (!c) return tl::unexpected(c.error());
    out.record = record;
    return std::move(out);
  };

  if (auto w = watcher.start(); !w) return finish("failed", "could not watch the cluster: " + w.error().message);
  std::atomic<bool> lost{false};
  ExecOptions eo = opts.exec;
  // the lock's renewer flips held() when someone takes the lease over
  std::atomic<bool> stop_watch{false};
  std::thread lock_watch([&] {
    while (!stop_watch) {
      if (!lock.held()) lost = true;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  });
  eo.lock_lost = &lost;
  out.exec = execute(plan, objects, client, watcher, reporter, eo);
  stop_watch = true;
  lock_watch.join();
  fill_changed(record, plan, &out.exec);

  if (out.exec.ok()) return finish("succeeded", "every service converged");
  if (out.exec.interrupted) return finish("interrupted", "interrupted: nothing new was started after the signal");
  std::string message = out.exec.stop_reason.empty() ? "some services did not converge" : out.exec.stop_reason;
  if (opts.rollback_on_failure && !lost) {
    std::vector<k8s::Json> prev_objects;
    if (previous) {
      auto o = store.objects(*previous);
      if (o) prev_objects = std::move(*o);
      else out.rollback_note = "the previous record's objects could not be read (" + o.error().message + "): ";
    }
    RollbackPlan rb = plan_rollback(plan, out.exec, previous ? &*previous : nullptr, prev_objects);
    if (rb.plan.empty()) {
      out.rollback_note += "nothing to roll back";
    } else {
      ExecOptions ro = opts.exec;
      ro.lock_lost = &lost;
      out.rollback = execute(rb.plan, rb.objects, client, watcher, reporter, ro);
      std::string what;
      for (const auto& s : out.rollback->steps)
        what += (what.empty() ? "" : ", ") + s.service + " " + (s.status == StepStatus::Succeeded ? "restored" : to_string(s.status));
      out.rollback_note += (previous ? "rolled back to revision " + std::to_string(previous->revision) : std::string("removed what this run created")) +
                           ": " + what;
    }
    message += "; " + out.rollback_note;
  }
  return finish("failed", message);
}

}  // namespace vsctl::apply
