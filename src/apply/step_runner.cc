#include "apply/step_runner.h"

#include <thread>

#include "health/job.h"
#include "health/service.h"
#include "render/render.h"

namespace vsctl::apply {

namespace {

using Clock = std::chrono::steady_clock;

struct Runner {
  Runner(const Step& s, StepContext& c) : step(s), ctx(c) {}

  const Step& step;
  StepContext& ctx;
  Clock::time_point started = Clock::now();
  Clock::time_point deadline = started + ctx.timeout;
  health::State last_state = health::State::Provision;
  std::string last_message;
  int last_ready = -1;

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

  StepOutcome fail(std::string reason, std::string message) {
    StepOutcome o;
    o.state = health::State::Failed;
    o.reason = std::move(reason);
    o.message = std::move(message);
    return o;
  }

  const k8s::Json* body(const k8s::ObjectKey& key) const {
    auto it = ctx.objects.find(key);
    return it == ctx.objects.end() ? nullptr : &it->second;
  }

  // The plan was made against a cluster where this service had from_digest; if someone changed
  // it since, this is no longer the approved change.
  std::optional<StepOutcome> recheck() {
    if (step.service.empty()) return std::nullopt;
    auto snap = ctx.watcher.service(step.service);
    std::string live = snap.workload ? k8s::string_at(*snap.workload, "/metadata/annotations/vsctl.dev~1definition-digest") : "";
    bool has_workload = snap.workload.has_value();
    if (step.change == Change::Provision && !has_workload) return std::nullopt;
    if (live == step.from_digest || (live == step.to_digest && step.change != Change::Destroy)) return std::nullopt;
    if (step.change == Change::Destroy && !has_workload) return std::nullopt;
    return fail("PlanChanged", "the cluster changed since the plan was made (definition digest " +
                                   (live.empty() ? std::string("none") : live) + ", plan expected " +
                                   (step.from_digest.empty() ? std::string("none") : step.from_digest) +
                                   "); run plan again");
  }

  std::optional<StepOutcome> apply_objects(std::vector<k8s::ObjectKey> keys) {
    if (keys.empty()) return std::nullopt;
    std::vector<k8s::Json> bodies;
    for (const auto& k : keys)
      if (const auto* b = body(k)) bodies.push_back(*b);
    kube::ApplyOptions ao;
    ao.force = kube::Force::Yes;
    auto results = ctx.client.apply_all(bodies, ao);
    for (std::size_t i = 0; i < results.size(); ++i)
      if (!results[i]) return fail("ApplyFailed", k8s::to_string(keys[i]) + ": " + kube::describe(results[i].error()));
    return std::nullopt;
  }

  std::optional<StepOutcome> remove(const k8s::ObjectKey& key, kube::Propagation p) {
    kube::DeleteOptions d;
    d.propagation = p;
    auto r = ctx.client.remove(key, d);
    if (!r) return fail("DeleteFailed", k8s::to_string(key) + ": " + kube::describe(r.error()));
    return std::nullopt;
  }

  std::optional<StepOutcome> replace(const k8s::ObjectKey& key) {
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
    report(EventType::Hook, last_state, "hook " + a.phase + ": job " + a.key.name + " started");
    if (auto f = apply_objects({a.key})) return f;
    auto seen = ctx.watcher.version();
    while (true) {
      if (ctx.cancel) return StepOutcome{false, true, last_state, "Cancelled", "cancelled during hook " + a.phase, 0, 0};
      if (auto j = ctx.watcher.job(a.key.name)) {
        auto c = health::job(*j);
        if (c.done) {
          report(EventType::Hook, last_state, "hook " + a.phase + ": job " + a.key.name + " completed");
          return std::nullopt;
        }
        if (c.failed) return fail("HookFailed", "hook " + a.phase + " (job " + a.key.name + ") failed: " + c.reason);
      }
      if (Clock::now() > deadline)
        return fail("HookFailed", "hook " + a.phase + " (job " + a.key.name + ") did not complete in time");
      seen = ctx.watcher.wait(seen, std::min(deadline, Clock::now() + std::chrono::seconds(1)));
    }
  }

  StepOutcome wait() {
    bool has_ports = false, autoscaled = false;
    for (const auto& a : step.actions) {
      if (a.kind != ActionKind::Apply && a.kind != ActionKind::Replace) continue;
      has_ports = has_ports || (a.key.kind == "Service" && a.key.name == step.service);
      autoscaled = autoscaled || a.key.kind == "HorizontalPodAutoscaler";
    }
    health::Want want{render::label_value(step.to_version), has_ports, autoscaled, step.change, false};
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
      auto h = health::assess(objs, want);
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
          f = std::nullopt;
          break;
        }
        case ActionKind::Apply: break;
      }
      if (f) return *f;
    }
    if (auto f = apply_objects(std::exchange(batch, {}))) return *f;
    StepOutcome ok{true, false, step.change == Change::Destroy ? health::State::Destroy : health::State::Run, {}, last_message, last_ready, 0};
    if (step.service.empty()) ok.message = "applied";
    return ok;
  }
};

}  // namespace

StepOutcome run_step(const Step& step, StepContext& ctx) {
  Runner r(step, ctx);
  StepOutcome o = r.run();
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
