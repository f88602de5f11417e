#include "apply/converge.h"

#include <algorithm>

#include "apply/abandoned.h"
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
                             r ? to_string(r->status) : "pending", r ? r->reason : "",
                             r && r->status != StepStatus::Succeeded ? r->written : std::vector<std::string>{},
                             r && r->status == StepStatus::Failed ? r->message : std::string()});
      if (r) rec.changed.back().rollout = r->rollout;
    }
}

void notice(Reporter& reporter, std::string reason, std::string message) {
  Event e;
  e.type = EventType::Notice;
  e.reason = std::move(reason);
  e.message = std::move(message);
  reporter.event(e);
}

// What is live of each service, as the plan made under the lock read it: a step's from-version;
// an unchanged service is at the version this run wants.
std::map<std::string, std::string> live_versions(const Plan& plan, const Record& wanted) {
  std::map<std::string, std::string> live;
  for (const auto& w : plan.waves)
    for (const auto& s : w.steps)
      if (!s.service.empty()) live[s.service] = s.change == Change::Provision ? "" : s.from_version;
  for (const auto& name : plan.unchanged)
    if (auto it = wanted.services.find(name); it != wanted.services.end())
      live[name] = k8s::string_at(it->second, "/version");
  return live;
}

}  // namespace

bool is_cluster_failure(std::string_view reason) {
  return reason == "ClusterUnavailable" || reason == "ApplyFailed" || reason == "DeleteFailed";
}

int exit_code(const ConvergeResult& r) {
  if (r.unchanged || r.record.outcome == Outcome::Succeeded) return 0;
  if (r.record.outcome == Outcome::Interrupted) return 130;
  if (r.cluster_error) return 5;
  bool any = false, all_cluster = true;
  for (const auto& st : r.exec.steps)
    if (st.status == StepStatus::Failed) {
      any = true;
      all_cluster = all_cluster && is_cluster_failure(st.reason);
    }
  return any && all_cluster ? 5 : 6;
}

util::Result<ConvergeResult> converge(kube::ClusterClient& client, Reporter& unlocked, const Replan& replan,
                                      Record record, const ConvergeOptions& opts) {
  LockedReporter reporter(unlocked);  // the watcher's threads speak too
  LockOptions lo = opts.lock;
  if (!lo.on_wait) lo.on_wait = [&](const std::string& m) { notice(reporter, "LockWait", m); };
  Lock lock(client, lo);
  VSCTL_CHECK(lock.acquire());
  if (const auto& t = lock.taken_over()) {
    record.takeover = "took over the expired lock of " + describe(*t);
    notice(reporter, "LockTakenOver", record.takeover);
  }
  VSCTL_TRY(planned, replan());
  auto& [plan, objects] = planned;
  ConvergeResult out;
  RecordStore store(client, record.ns, record.architecture);
  VSCTL_TRY(history, store.list(RecordStore::View::AsStored));
  // this run holds the lock: a record still in progress belongs to a run that is gone
  const std::string why = lock.taken_over() ? "its run stopped without finishing; " + record.who + " took over its expired lock (" +
                                                  describe(*lock.taken_over()) + ")"
                                            : "its run stopped without finishing, and its lock was free";
  const auto live = live_versions(plan, record);
  for (auto& r : history) {
    if (r.outcome != Outcome::InProgress) continue;
    mark_abandoned(r, why, now(), &live);
    if (auto c = store.complete(r); !c) return tl::unexpected(c.error());
    notice(reporter, "RecordAbandoned", "closed revision " + std::to_string(r.revision) + " (" + std::string(to_string(r.operation)) + " by " + r.who + ") as " + r.message);
    record.takeover += std::string(record.takeover.empty() ? "" : "; ") + "closed revision " + std::to_string(r.revision) + " as abandoned";
  }
  out.plan = plan;
  if (opts.unchanged) {
    std::optional<Record> latest;
    if (!history.empty()) latest = history.front();
    if (opts.unchanged(plan, latest)) {
      out.unchanged = true;
      VSCTL_CHECK(lock.release());
      return out;
    }
  }
  std::optional<Record> previous;
  for (auto& r : history)
    if (r.outcome == Outcome::Succeeded && r.operation != Operation::Destroy) {
      previous = std::move(r);
      break;
    }
  // The run needs two of the stored records from here on, not every header (at 500 services
  // and ten records, about 24 MB held while the watcher's lists were parsed).
  std::vector<Record>().swap(history);

  record.started = now();
  record.outcome = Outcome::InProgress;
  record.plan_digest = plan.digest;
  fill_changed(record, plan, nullptr);
  VSCTL_CHECK(store.begin(record));

  Event start;
  start.type = EventType::RunStarted;
  start.message = std::string(to_string(record.operation)) + " revision " + std::to_string(record.revision) + ", plan " + plan.digest;
  reporter.event(start);

  Watcher watcher(client, record.ns, part_of_selector(record.architecture));
  watcher.on_outage([&](bool away, const std::string& detail) {
    if (away) notice(reporter, "ClusterAway", "the API server is away (" + detail + "): waiting for it; the steps' deadlines still run");
    else notice(reporter, "ClusterBack", "the API server is back after " + detail);
  });
  auto finish = [&](Outcome outcome, std::string message) -> util::Result<ConvergeResult> {
    record.outcome = outcome;
    record.message = std::move(message);
    record.finished = now();
    auto c = store.complete(record);
    (void)store.trim(opts.history_max, record.revision);
    (void)lock.release();
    Event e;
    e.type = EventType::RunFinished;
    e.outcome = to_string(record.outcome);
    e.message = record.message;
    reporter.event(e);
    // last: the record and the lock need no watch. Its streams end at libcurl's next progress
    // tick (about a second when idle; WatchOptions::cancel), which no longer delays "finished".
    watcher.stop();
    if (!c) return tl::unexpected(c.error());
    out.record = record;
    return std::move(out);
  };

  if (auto w = watcher.start(); !w) {
    out.cluster_error = true;  // nothing ran: the cluster's failure (exit 5), not a service's
    return finish(Outcome::Failed, "could not watch the cluster: " + w.error().message);
  }
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

  if (out.exec.ok()) return finish(Outcome::Succeeded, "every service converged");
  if (out.exec.interrupted) return finish(Outcome::Interrupted, "interrupted: nothing new was started after the signal");
  std::string failed_list;
  for (const auto& st : out.exec.steps)
    if (st.status == StepStatus::Failed)
      failed_list += (failed_list.empty() ? "" : ", ") + (st.service.empty() ? std::string("(architecture)") : st.service) +
                     (st.reason.empty() ? "" : " (" + st.reason + ")");
  bool cluster_only = !failed_list.empty();
  for (const auto& st : out.exec.steps)
    if (st.status == StepStatus::Failed && !is_cluster_failure(st.reason)) cluster_only = false;
  std::string message = !out.exec.stop_reason.empty() ? out.exec.stop_reason
                        : cluster_only                ? std::string("the API server refused a write or stayed away")
                                                      : std::string("some services did not converge");
  if (!failed_list.empty()) message += ": failed " + failed_list;
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
      bool all_restored = std::all_of(out.rollback->steps.begin(), out.rollback->steps.end(),
                                      [](const StepResult& st) { return st.status == StepStatus::Succeeded; });
      if (previous && all_restored) record.restored = previous->revision;
    }
    message += "; " + out.rollback_note;
  }
  return finish(Outcome::Failed, message);
}

}  // namespace vsctl::apply
