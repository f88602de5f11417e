#include "apply/step_runner.h"

#include <algorithm>

#include <thread>

#include "apply/hook_logs.h"
#include "apply/ownership.h"
#include "apply/patience.h"
#include "health/cause.h"
#include "health/job.h"
#include "health/service.h"
#include "render/render.h"

namespace vsctl::apply {

namespace {

using Clock = std::chrono::steady_clock;
constexpr int kConflictAttempts = 4;  // writes answered 409 are tried this often, re-diffing between

struct Runner {
  Runner(const Step& s, StepContext& c) : step(s), ctx(c) {}

  const Step& step;
  StepContext& ctx;
  Clock::time_point started = Clock::now();
  Clock::time_point deadline = started + ctx.timeout;
  health::State last_state = health::State::Provision;
  std::string last_message;
  int last_ready = -1;
  int last_desired = 0;
  long long written_generation = 0;  // the workload's generation as this step's apply left it
  std::vector<std::string> written;  // what this step changed, in order

  double elapsed() const { return std::chrono::duration<double>(Clock::now() - started).count(); }

  void report(EventType type, health::State state, std::string message, std::string reason = {}, int ready = 0,
              int desired = 0, std::string outcome = {}) {
    Event e;
    e.type = type;
    e.service = step.service;
    e.change = step.change;
    e.state = state;
    e.message = std::move(message);
    e.reason = std::move(reason);
    e.ready = ready;
    e.desired = desired;
    e.outcome = std::move(outcome);
    e.wave = ctx.wave;
    e.elapsed_s = elapsed();
    ctx.reporter.event(e);
  }

  void note_written(std::string what) {
    if (std::find(written.begin(), written.end(), what) == written.end()) written.push_back(std::move(what));
  }

  StepOutcome fail(std::string reason, std::string message) {
    StepOutcome o;
    o.state = health::State::Failed;
    o.reason = std::move(reason);
    o.message = std::move(message);
    return o;
  }

  // A request under the step's deadline, waiting while the API server is away (patience.h).
  template <class T>
  kube::ApiResult<T> patient(const std::function<kube::ApiResult<T>()>& call) {
    bool told = false;
    return patiently<T>(call, deadline, ctx.cancel, [&](const kube::ApiError& e) {
      if (!std::exchange(told, true))
        report(EventType::State, last_state, "the API server is away (" + kube::describe(e) + "): trying again until the deadline");
    });
  }

  // The server away until the deadline is the cluster's failure (exit 5), not the service's.
  static std::string failure_reason(const kube::ApiError& e) { return server_away(e) ? "ClusterUnavailable" : "ApplyFailed"; }

  const k8s::Json* body(const k8s::ObjectKey& key) const {
    auto it = ctx.objects.find(key);
    return it == ctx.objects.end() ? nullptr : &it->second;
  }

  // The service's workload: what its definition digest is read from.
  std::optional<k8s::ObjectKey> workload_key() const {
    for (const auto& a : step.actions)
      if (a.kind != ActionKind::Wait && a.kind != ActionKind::Hook && (a.key.kind == "Deployment" || a.key.kind == "StatefulSet"))
        return a.key;
    return std::nullopt;
  }

  // The plan was made against a cluster where this service had from_digest; if someone changed
  // it since (read now, not from the watch, which may lag), this is no longer the approved change.
  std::optional<StepOutcome> recheck() {
    if (step.service.empty()) return std::nullopt;
    auto key = workload_key();
    if (!key) return std::nullopt;
    auto got = patient<std::optional<k8s::Json>>([&] { return ctx.client.get(*key); });
    if (!got) return fail(failure_reason(got.error()), "reading " + k8s::to_string(*key) + ": " + kube::describe(got.error()));
    bool has_workload = got->has_value();
    std::string live = has_workload ? k8s::string_at(**got, "/metadata/annotations/vsctl.dev~1definition-digest") : "";
    // No workload: nothing anyone changed can be overwritten (a Provision, a workload deleted by
    // hand while its other objects stay, a Destroy already done); the step makes or removes it.
    if (!has_workload) return std::nullopt;
    if (live == step.from_digest || (live == step.to_digest && step.change != Change::Destroy)) return std::nullopt;
    return fail("PlanChanged", "the cluster changed since the plan was made (definition digest " +
                                   (live.empty() ? std::string("none") : live) + ", plan expected " +
                                   (step.from_digest.empty() ? std::string("none") : step.from_digest) +
                                   "); run plan again");
  }

  // A 409 on a write: someone wrote the object meanwhile. Re-diff the service: stop when the
  // change is no longer the approved one (PlanChanged), else say so and let the caller retry.
  std::optional<StepOutcome> after_conflict(const k8s::ObjectKey& key, int attempt) {
    if (auto f = recheck()) return f;
    report(EventType::State, last_state,
           "conflict writing " + k8s::to_string(key) + ": still the approved change, trying again (" + std::to_string(attempt) + "/" +
               std::to_string(kConflictAttempts) + ")");
    std::this_thread::sleep_for(std::chrono::milliseconds(100 * attempt));
    return std::nullopt;
  }

  std::optional<StepOutcome> apply_objects(std::vector<k8s::ObjectKey> keys) {
    if (keys.empty()) return std::nullopt;
    std::vector<k8s::Json> bodies;
    for (const auto& k : keys)
      if (const auto* b = body(k)) bodies.push_back(*b);
    kube::ApplyOptions ao;
    ao.force = kube::Force::Yes;
    for (int attempt = 1;; ++attempt) {
      std::size_t bad = 0;
      // every object again while the server is away: applying twice is applying once
      auto applied = patient<std::vector<kube::ApiResult<k8s::Json>>>([&]() -> kube::ApiResult<std::vector<kube::ApiResult<k8s::Json>>> {
        auto results = ctx.client.apply_all(bodies, ao);
        for (bad = 0; bad < results.size() && results[bad]; ++bad) {}
        if (bad < results.size() && server_away(results[bad].error())) return kube::api_fail(results[bad].error());
        return results;
      });
      if (!applied) return fail(failure_reason(applied.error()), k8s::to_string(keys[bad]) + ": " + kube::describe(applied.error()));
      for (std::size_t i = 0; i < applied->size() && i < keys.size(); ++i)
        if ((*applied)[i]) note_written("apply " + k8s::to_string(keys[i]));
      if (bad == applied->size()) {
        if (auto w = workload_key())
          for (std::size_t i = 0; i < keys.size() && i < applied->size(); ++i)
            if (keys[i] == *w)
              written_generation = std::max<long long>(written_generation, k8s::int_at(*(*applied)[i], "/metadata/generation").value_or(0));
        return std::nullopt;
      }
      const auto& err = (*applied)[bad].error();
      if (err.kind != kube::ApiErrorKind::Conflict || attempt >= kConflictAttempts)
        return fail("ApplyFailed", k8s::to_string(keys[bad]) + ": " + kube::describe(err));
      if (auto f = after_conflict(keys[bad], attempt)) return f;
    }
  }

  // Drift: the fields only people own on `key` and the manifest does not declare are removed
  // (ownership.h), with an update carrying the object's resourceVersion; the apply then takes
  // back the declared ones.
  std::optional<StepOutcome> take_over_fields(const k8s::ObjectKey& key) {
    for (int attempt = 1;; ++attempt) {
      auto got = patient<std::optional<k8s::Json>>([&] { return ctx.client.get(key); });
      if (!got) return fail(failure_reason(got.error()), "reading " + k8s::to_string(key) + ": " + kube::describe(got.error()));
      if (!*got) return std::nullopt;  // gone meanwhile: the apply creates it
      auto live = without_people_fields(**got, ctx.policy, {key, step.service, body(key)});
      if (!live) return std::nullopt;
      auto u = patient<k8s::Json>([&] { return ctx.client.update(*live, kube::DryRun::No); });
      if (u) return std::nullopt;
      if (u.error().kind != kube::ApiErrorKind::Conflict || attempt >= kConflictAttempts)
        return fail(failure_reason(u.error()), "removing the fields people added to " + k8s::to_string(key) + ": " + kube::describe(u.error()));
      if (auto f = after_conflict(key, attempt)) return f;
    }
  }

  std::optional<StepOutcome> remove(const k8s::ObjectKey& key, kube::Propagation p) {
    kube::DeleteOptions d;
    d.propagation = p;
    auto r = patient<bool>([&] { return ctx.client.remove(key, d); });
    if (!r) return fail(server_away(r.error()) ? "ClusterUnavailable" : "DeleteFailed", k8s::to_string(key) + ": " + kube::describe(r.error()));
    if (*r) note_written("delete " + k8s::to_string(key));
    return std::nullopt;
  }

  // The ReplicaSets a Deployment owns: replacing it orphans them (its pods keep serving during
  // the new rollout); once the new one runs they are removed, unless it adopted them.
  std::vector<k8s::ObjectKey> left_behind;
  std::string replaced_uid;

  void note_owned_replicasets(const k8s::ObjectKey& key) {
    if (key.kind != "Deployment") return;
    auto got = ctx.client.get(key);
    if (!got || !*got) return;
    replaced_uid = k8s::string_at(**got, "/metadata/uid");
    kube::ListOptions lo;
    lo.namespace_ = key.namespace_;
    auto rs = ctx.client.list({"apps", "v1", "ReplicaSet"}, lo);
    if (!rs) return;
    for (const auto& o : rs->items)
      if (owned_by(o, replaced_uid))
        left_behind.push_back({"apps", "v1", "ReplicaSet", key.namespace_, k8s::string_at(o, "/metadata/name")});
  }

  static bool owned_by(const k8s::Json& o, const std::string& uid) {
    const auto* refs = k8s::find(o, "/metadata/ownerReferences");
    if (!refs || !refs->is_array() || uid.empty()) return false;
    for (const auto& r : *refs)
      if (k8s::string_at(r, "/uid") == uid) return true;
    return false;
  }

  // After the new workload reached Run: the old one's ReplicaSets nobody adopted go, with their pods.
  std::optional<StepOutcome> remove_left_behind() {
    for (const auto& key : std::exchange(left_behind, {})) {
      auto got = ctx.client.get(key);
      if (!got || !*got) continue;
      const auto* refs = k8s::find(**got, "/metadata/ownerReferences");
      if (refs && refs->is_array() && !refs->empty()) continue;  // adopted by the new Deployment
      if (auto f = remove(key, kube::Propagation::Background)) return f;
      report(EventType::State, last_state, "removed " + k8s::to_string(key) + ", left by the replaced Deployment", {},
             std::max(last_ready, 0), last_desired);
    }
    return std::nullopt;
  }

  std::optional<StepOutcome> replace(const k8s::ObjectKey& key) {
    note_owned_replicasets(key);
    if (auto f = remove(key, kube::Propagation::Orphan)) return f;
    // wait until it is gone (it may be unowned, so not watched), then create it again
    while (true) {
      auto got = ctx.client.get(key);
      if (!got) return fail("DeleteFailed", k8s::to_string(key) + ": " + kube::describe(got.error()));
      if (!*got) break;
      if (ctx.cancel) return StepOutcome{false, true, last_state, "Cancelled", "cancelled", 0, 0};
      if (Clock::now() > deadline) return fail("ProgressDeadlineExceeded", "the old " + key.kind + " was not deleted in time");
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return apply_objects({key});
  }

  std::optional<StepOutcome> hook(const Action& a) {
    const k8s::Json* job = body(a.key);
    if (!job) return fail("HookFailed", "hook " + a.phase + ": no job rendered");
    if (auto existing = ctx.watcher.job(a.key.name)) {
      auto c = health::job(*existing);
      if (c.done) {
        report(EventType::Hook, last_state, "hook " + a.phase + ": job " + a.key.name + " already completed");
        return std::nullopt;
      }
      if (c.failed) {  // a failed run of the same definition: run it again
        if (auto f = remove(a.key, kube::Propagation::Background)) return f;
        auto seen = ctx.watcher.version();
        while (ctx.watcher.job(a.key.name) && Clock::now() < deadline && !ctx.cancel)
          seen = ctx.watcher.wait(seen, std::min(deadline, Clock::now() + std::chrono::seconds(1)));
      }
    }
    hook_seen = {};
    report(EventType::Hook, last_state, "hook " + a.phase + ": job " + a.key.name + " started");
    if (auto f = apply_objects({a.key})) return f;
    auto seen = ctx.watcher.version();
    std::string said;  // the last cause reported while the hook runs
    while (true) {
      if (ctx.cancel) return StepOutcome{false, true, last_state, "Cancelled", "cancelled during hook " + a.phase, 0, 0};
      if (auto j = ctx.watcher.job(a.key.name)) {
        auto c = health::job(*j);
        if (c.done) {
          report(EventType::Hook, last_state, "hook " + a.phase + ": job " + a.key.name + " completed");
          return std::nullopt;
        }
        if (c.failed) return hook_failed(a, *j, "failed");
        // what blocks it, said once each time it changes
        auto snap = ctx.watcher.job_pods(a.key.name);
        if (!snap.pods.empty()) hook_seen = snap;
        health::CauseObjects why;
        for (const auto& p : snap.pods) why.pods.push_back(&p);
        for (const auto& e : snap.events) why.events.push_back(&e);
        if (auto cause = health::blocking_cause(why); cause && cause->message != said) {
          said = cause->message;
          report(EventType::Hook, last_state, "hook " + a.phase + ": job " + a.key.name + " waiting: " + cause->message, cause->reason);
        }
      }
      if (Clock::now() > deadline) {
        auto j = ctx.watcher.job(a.key.name);
        return hook_failed(a, j ? *j : k8s::Json::object(), "did not complete in time");
      }
      seen = ctx.watcher.wait(seen, std::min(deadline, Clock::now() + std::chrono::seconds(1)));
    }
  }

  // A hook's failure names its cause: the Job's condition, what its pod's container last did,
  // and the last lines of its log (or why they could not be read).
  Watcher::JobSnapshot hook_seen;  // the running hook's pods as last seen: a failed Job's pods may be gone at once

  StepOutcome hook_failed(const Action& a, const k8s::Json& job, const std::string& what) {
    auto snap = ctx.watcher.job_pods(a.key.name);
    if (snap.pods.empty()) snap = std::move(hook_seen);
    std::vector<const k8s::Json*> pods, events;
    for (const auto& p : snap.pods) pods.push_back(&p);
    for (const auto& e : snap.events) events.push_back(&e);
    auto logs = read_hook_logs(ctx.client, a.key.namespace_, snap.pods);
    auto cause = health::job_cause(job, pods, events, logs);
    return fail(cause.reason, "hook " + a.phase + " (job " + a.key.name + ") " + what + (cause.message.empty() ? "" : ": " + cause.message));
  }

  static constexpr int kReapplies = 3;
  int reapplied = 0;

  // What someone changed on the workload since this step wrote it, judged from a copy newer than
  // the generation written: the instances it wants, or its definition digest.
  std::optional<std::string> moved_away(const k8s::Json* workload, const health::Want& want, const health::ServiceHealth& h) const {
    if (!workload || want.generation <= 0) return std::nullopt;
    if (k8s::int_at(*workload, "/metadata/generation").value_or(0) <= want.generation) return std::nullopt;
    if (want.instances >= 0 && h.desired != want.instances)
      return "it wants " + std::to_string(h.desired) + " instance(s), the manifest " + std::to_string(want.instances);
    std::string digest = k8s::string_at(*workload, "/metadata/annotations/vsctl.dev~1definition-digest");
    if (!step.to_digest.empty() && step.change != Change::Destroy && digest != step.to_digest)
      return "its definition digest is " + (digest.empty() ? std::string("gone") : digest) + ", the plan's " + step.to_digest;
    return std::nullopt;
  }

  StepOutcome wait() {
    bool has_ports = false, autoscaled = false;
    for (const auto& a : step.actions) {
      if (a.kind != ActionKind::Apply && a.kind != ActionKind::Replace) continue;
      has_ports = has_ports || (a.key.kind == "Service" && a.key.name == step.service);
      autoscaled = autoscaled || a.key.kind == "HorizontalPodAutoscaler";
    }
    health::Want want{render::label_value(step.to_version), has_ports, autoscaled, step.change, false};
    want.generation = written_generation;
    if (step.to_instances >= 0 && !autoscaled) want.instances = step.to_instances;
    auto seen = ctx.watcher.version();
    while (true) {
      want.past_deadline = Clock::now() > deadline;
      auto snap = ctx.watcher.service(step.service);
      health::ServiceObjects objs;
      objs.workload = snap.workload ? &*snap.workload : nullptr;
      objs.service = snap.service ? &*snap.service : nullptr;
      objs.autoscaler = snap.autoscaler ? &*snap.autoscaler : nullptr;
      for (const auto& p : snap.pods) objs.pods.push_back(&p);
      for (const auto& s : snap.slices) objs.endpoint_slices.push_back(&s);
      for (const auto& r : snap.replicasets) objs.replicasets.push_back(&r);
      for (const auto& c : snap.claims) objs.claims.push_back(&c);
      for (const auto& e : snap.events) objs.events.push_back(&e);
      auto h = health::assess(objs, want);
      last_desired = h.desired;
      // someone wrote the workload after this step did (kubectl scale, edit, another tool): the
      // result would not be the plan. Apply it again, a few times; then stop and say so.
      if (auto moved = moved_away(objs.workload, want, h)) {
        if (reapplied >= kReapplies)
          return fail("PlanChanged", "the cluster moved away from the plan during the wait (" + *moved + ") again after " +
                                         std::to_string(reapplied) +
                                         " re-applies: stop whoever changes it, or declare the change in the manifest");
        report(EventType::State, h.state, "the workload was changed during the wait (" + *moved + "): applying it again", h.reason,
               h.ready, h.desired);
        if (auto key = workload_key())
          if (auto f = apply_objects({*key})) return *f;
        want.generation = written_generation;
        ++reapplied;
        continue;
      }
      if (h.state != last_state || h.message != last_message || h.ready != last_ready) {
        last_state = h.state;
        last_message = h.message;
        last_ready = h.ready;
        report(EventType::State, h.state, h.message, h.reason, h.ready, h.desired);
      }
      if (h.done) return {true, false, h.state, {}, h.message, h.ready, h.desired};
      if (h.failed) return {false, false, h.state, h.reason, h.message, h.ready, h.desired};
      if (ctx.cancel) return {false, true, h.state, "Cancelled", "stopped waiting: " + h.message, h.ready, h.desired};
      // wake on every change, and at least once a second for the clock (deadline, elapsed)
      seen = ctx.watcher.wait(seen, std::min(deadline + std::chrono::milliseconds(10), Clock::now() + std::chrono::seconds(1)));
    }
  }

  StepOutcome run() {
    last_state = health::in_progress_state(step.change);
    report(EventType::StepStarted, last_state, step.reason);
    if (auto f = recheck()) return *f;
    for (const auto& key : step.take_over)
      if (auto f = take_over_fields(key)) return *f;
    std::vector<k8s::ObjectKey> batch;
    for (const auto& a : step.actions) {
      if (a.kind == ActionKind::Apply) {
        batch.push_back(a.key);
        continue;
      }
      if (auto f = apply_objects(std::exchange(batch, {}))) return *f;
      if (ctx.cancel && a.kind != ActionKind::Wait) return {false, true, last_state, "Cancelled", "cancelled", 0, 0};
      std::optional<StepOutcome> f;
      switch (a.kind) {
        case ActionKind::Hook: f = hook(a); break;
        case ActionKind::Delete: f = remove(a.key, kube::Propagation::Background); break;
        case ActionKind::Replace: f = replace(a.key); break;
        case ActionKind::Wait: {
          if (step.service.empty()) break;  // the architecture's own objects: nothing to wait for
          auto o = wait();
          if (!o.ok) return o;
          f = remove_left_behind();
          break;
        }
        case ActionKind::Apply: break;
      }
      if (f) return *f;
    }
    if (auto f = apply_objects(std::exchange(batch, {}))) return *f;
    StepOutcome ok{true, false, step.change == Change::Destroy ? health::State::Destroy : health::State::Run, {}, last_message,
                   std::max(last_ready, 0), last_desired};
    if (step.service.empty()) ok.message = "applied";
    return ok;
  }
};

}  // namespace

StepOutcome run_step(const Step& step, StepContext& ctx) {
  Runner r(step, ctx);
  StepOutcome o = r.run();
  o.written = std::move(r.written);
  Event e;
  e.type = EventType::StepFinished;
  e.service = step.service;
  e.change = step.change;
  e.state = o.ok ? o.state : (o.cancelled ? o.state : health::State::Failed);
  e.outcome = o.ok ? "succeeded" : (o.cancelled ? "cancelled" : "failed");
  e.reason = o.reason;
  e.message = o.message;
  e.ready = o.ready;
  e.desired = o.desired;
  e.wave = ctx.wave;
  e.elapsed_s = r.elapsed();
  ctx.reporter.event(e);
  return o;
}

}  // namespace vsctl::apply
