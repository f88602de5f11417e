#include "apply/step_runner.h"

#include <algorithm>
#include <set>

#include <thread>

#include "apply/analysis.h"
#include "apply/hook_logs.h"
#include "apply/ownership.h"
#include "apply/patience.h"
#include "apply/rollout.h"
#include "health/cause.h"
#include "health/job.h"
#include "health/service.h"
#include "k8s/labels.h"
#include "render/render.h"
#include "util/strings.h"

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
      if (a.kind != ActionKind::Wait && a.kind != ActionKind::Hook && a.kind != ActionKind::Rollout &&
          (a.key.kind == "Deployment" || a.key.kind == "StatefulSet"))
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

  // A canary's pods are in the service's Service too (its main Service selects every track):
  // they are not the workload's, and not stale either.
  void without_track_pods(Watcher::Snapshot& snap) const {
    std::set<std::string> theirs;
    for (const auto& p : ctx.watcher.track(step.service, pg.track).pods) theirs.insert(k8s::string_at(p, "/metadata/name"));
    for (auto& sl : snap.slices) {
      auto* eps = sl.contains("endpoints") ? &sl["endpoints"] : nullptr;
      if (!eps || !eps->is_array()) continue;
      k8s::Json kept = k8s::Json::array();
      for (auto& e : *eps)
        if (!theirs.count(k8s::string_at(e, "/targetRef/name"))) kept.push_back(std::move(e));
      *eps = std::move(kept);
    }
  }

  StepOutcome wait() {
    bool has_ports = false, autoscaled = false;
    for (const auto& a : step.actions) {
      if (a.kind == ActionKind::Wait) break;  // what is written after the wait is not waited for
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
      if (pg.active) without_track_pods(snap);
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

  // ---- a progressive rollout (canary, blue-green): the Rollout action, then finish or clean up ----

  struct Progressive {
    bool active = false;        // the second workload exists and the rollout is under way
    manifest::Rollout spec;
    std::string track;          // canary, preview
    k8s::ObjectKey key;         // the second workload
    k8s::Json body;             // as last applied
    k8s::ObjectKey main;        // the service's Deployment
    int total = 1;              // the service's instances
    bool autoscaled = false;
    bool route_moved = false;   // the route's weights were written
    bool stable_scaled = false; // the stable Deployment was scaled down (traffic by instance counts)
    bool switched = false;      // blue-green: the service's Service selects the preview
    rollout::Progress progress;
    Clock::time_point heartbeat{};
  } pg;
  k8s::Json rollout_outcome = nullptr;  // the progress as the rollout ended, for the record

  bool gateway() const { return pg.spec.traffic == manifest::Rollout::Traffic::Gateway && pg.track == "canary"; }
  std::string step_label() const {
    return "(step " + std::to_string(pg.progress.step) + "/" + std::to_string(pg.progress.steps) + ")";
  }

  // Writes the progress on the second workload (its own field manager, so the workload's apply
  // leaves it alone): what `vsctl rollout status` reads, and a heartbeat `rollout abort` trusts.
  void publish() {
    pg.progress.updated = format_time(std::chrono::system_clock::now());
    pg.heartbeat = Clock::now();
    k8s::Json patch = {{"apiVersion", "apps/v1"},
                       {"kind", "Deployment"},
                       {"metadata",
                        {{"name", pg.key.name},
                         {"namespace", pg.key.namespace_},
                         {"annotations", {{std::string(rollout::kAnnotationProgress), rollout::to_json(pg.progress).dump()}}}}}};
    kube::ApplyOptions ao;
    ao.force = kube::Force::Yes;
    ao.field_manager = std::string(rollout::kFieldManagerProgress);
    (void)ctx.client.apply(patch, ao);  // best effort: the run goes on without it
  }

  void traffic_event(std::string message) {
    Event e;
    e.type = EventType::Traffic;
    e.service = step.service;
    e.change = step.change;
    e.state = last_state;
    e.message = std::move(message);
    e.wave = ctx.wave;
    e.elapsed_s = elapsed();
    e.detail = rollout::to_json(pg.progress);
    e.detail.erase("analyses");
    ctx.reporter.event(e);
  }

  void analysis_event(const rollout::AnalysisResult& r, const std::string& message) {
    Event e;
    e.type = EventType::Analysis;
    e.service = step.service;
    e.change = step.change;
    e.state = last_state;
    e.message = message;
    e.wave = ctx.wave;
    e.elapsed_s = elapsed();
    e.detail = rollout::to_json(r);
    ctx.reporter.event(e);
  }

  std::optional<StepOutcome> apply_body(const k8s::Json& b) {
    kube::ApplyOptions ao;
    ao.force = kube::Force::Yes;
    auto key = k8s::key_of(b);
    for (int attempt = 1;; ++attempt) {
      auto r = patient<k8s::Json>([&] { return ctx.client.apply(b, ao); });
      if (r) {
        if (key) note_written("apply " + k8s::to_string(*key));
        return std::nullopt;
      }
      if (r.error().kind != kube::ApiErrorKind::Conflict || attempt >= kConflictAttempts)
        return fail(failure_reason(r.error()), (key ? k8s::to_string(*key) : std::string("object")) + ": " + kube::describe(r.error()));
      std::this_thread::sleep_for(std::chrono::milliseconds(100 * attempt));
    }
  }

  // Reads `key`, changes it with `edit` (false: nothing to change), writes it back with its
  // resourceVersion; a 409 reads it again.
  std::optional<StepOutcome> edit_live(const k8s::ObjectKey& key, const std::function<std::optional<std::string>(k8s::Json&)>& edit,
                                       const std::string& missing) {
    for (int attempt = 1;; ++attempt) {
      auto got = patient<std::optional<k8s::Json>>([&] { return ctx.client.get(key); });
      if (!got) return fail(failure_reason(got.error()), "reading " + k8s::to_string(key) + ": " + kube::describe(got.error()));
      if (!*got) return fail("RolloutFailed", missing);
      k8s::Json obj = std::move(**got);
      if (auto problem = edit(obj)) return fail("RolloutFailed", *problem);
      if (auto* meta = obj.contains("metadata") ? &obj["metadata"] : nullptr) meta->erase("managedFields");
      auto u = patient<k8s::Json>([&] { return ctx.client.update(obj, kube::DryRun::No); });
      if (u) {
        note_written("update " + k8s::to_string(key));
        return std::nullopt;
      }
      if (u.error().kind != kube::ApiErrorKind::Conflict || attempt >= kConflictAttempts)
        return fail(failure_reason(u.error()), "writing " + k8s::to_string(key) + ": " + kube::describe(u.error()));
      std::this_thread::sleep_for(std::chrono::milliseconds(100 * attempt));
    }
  }

  k8s::ObjectKey route_key() const {
    return {"gateway.networking.k8s.io", "v1", "HTTPRoute", pg.main.namespace_, pg.spec.route};
  }

  std::optional<StepOutcome> write_route(int weight) {
    const std::string stable = step.service + "-stable", canary = step.service + "-canary";
    auto f = edit_live(
        route_key(),
        [&](k8s::Json& route) -> std::optional<std::string> {
          auto [s, c] = rollout::set_weights(route, stable, canary, weight);
          if (s == 0 || c == 0)
            return "HTTPRoute " + pg.spec.route + " has no backendRef named " + (s == 0 ? stable : canary) +
                   ": give its rule both " + stable + " and " + canary + " (vsctl writes their weights)";
          return std::nullopt;
        },
        "HTTPRoute " + pg.spec.route + " is not in namespace " + pg.main.namespace_ +
            ": create it (backends " + stable + " and " + canary + "), or share traffic by instance counts (traffic: replicas)");
    if (!f) pg.route_moved = true;
    return f;
  }

  std::optional<StepOutcome> scale_stable(int replicas) {
    auto f = edit_live(
        pg.main,
        [&](k8s::Json& d) -> std::optional<std::string> {
          d["spec"]["replicas"] = replicas;
          return std::nullopt;
        },
        "the Deployment " + pg.main.name + " is gone");
    if (!f) pg.stable_scaled = replicas != pg.total;
    return f;
  }

  std::optional<StepOutcome> select_track(const std::string& track) {
    k8s::ObjectKey svc{"", "v1", "Service", pg.main.namespace_, step.service};
    auto f = edit_live(
        svc,
        [&](k8s::Json& s) -> std::optional<std::string> {
          s["spec"]["selector"][std::string(k8s::kLabelTrack)] = track;
          return std::nullopt;
        },
        "the Service " + step.service + " is gone");
    if (!f) pg.switched = track == "preview";
    return f;
  }

  // What a person asked with `vsctl rollout promote|abort`, as the watch shows the second workload.
  std::string request() const {
    auto snap = ctx.watcher.track(step.service, pg.track);
    if (!snap.workload) return "";
    return k8s::string_at(*snap.workload, "/metadata/annotations/" + k8s::pointer_token(std::string(rollout::kAnnotationRequest)));
  }

  std::optional<StepOutcome> aborted_by_request() {
    if (request() != "abort") return std::nullopt;
    return abort_rollout("RolloutAborted", "vsctl rollout abort " + step.service + " " + step_label());
  }

  // The second workload's instances ready at the new version, or its failure, or the deadline.
  std::optional<StepOutcome> wait_track() {
    int want_instances = static_cast<int>(k8s::int_at(pg.body, "/spec/replicas").value_or(0));
    if (want_instances == 0) return std::nullopt;
    health::Want want{render::label_value(step.to_version), false, false, Change::Provision, false};
    want.instances = want_instances;
    auto seen = ctx.watcher.version();
    std::string said;
    while (true) {
      want.past_deadline = Clock::now() > deadline;
      auto snap = ctx.watcher.track(step.service, pg.track);
      health::ServiceObjects objs;
      objs.workload = snap.workload ? &*snap.workload : nullptr;
      for (const auto& p : snap.pods) objs.pods.push_back(&p);
      for (const auto& r : snap.replicasets) objs.replicasets.push_back(&r);
      for (const auto& e : snap.events) objs.events.push_back(&e);
      auto h = health::assess(objs, want);
      if (h.message != said) {
        said = h.message;
        report(EventType::State, last_state, pg.track + " " + pg.key.name + ": " + h.message, h.reason, h.ready, h.desired);
      }
      if (h.done) return std::nullopt;
      if (h.failed)
        return abort_rollout(h.reason.empty() ? "CanaryFailed" : h.reason,
                             "the " + pg.track + " " + pg.key.name + " did not reach Run " + step_label() + ": " + h.message);
      if (ctx.cancel) return abort_rollout("Cancelled", "stopped waiting for the " + pg.track + ": " + h.message);
      if (auto f = aborted_by_request()) return f;
      seen = ctx.watcher.wait(seen, std::min(deadline + std::chrono::milliseconds(10), Clock::now() + std::chrono::seconds(1)));
    }
  }

  std::optional<StepOutcome> set_replicas(int n) {
    if (k8s::int_at(pg.body, "/spec/replicas").value_or(-1) == n) return std::nullopt;
    pg.body["spec"]["replicas"] = n;
    if (auto f = apply_body(pg.body)) return f;
    return wait_track();
  }

  std::optional<StepOutcome> weight_step(int weight) {
    pg.progress.phase = "Weight";
    int canary = rollout::canary_instances(pg.total, weight, pg.spec.traffic);
    if (auto f = set_replicas(canary)) return f;
    std::string how;
    if (gateway()) {
      if (auto f = write_route(weight)) return f;
      pg.progress.weight = weight;
      how = " through HTTPRoute " + pg.spec.route;
    } else {
      int stable = pg.autoscaled ? pg.total : pg.total - canary;
      if (!pg.autoscaled)
        if (auto f = scale_stable(stable)) return f;
      pg.progress.weight = rollout::instance_share(canary, stable);
      how = " by instance counts: " + std::to_string(canary) + " canary, " + std::to_string(stable) + " stable";
      if (pg.progress.weight != weight) how += " (asked " + std::to_string(weight) + "%)";
    }
    publish();
    traffic_event(rollout::summary(pg.progress) + how);
    return std::nullopt;
  }

  std::optional<StepOutcome> pause_step(std::optional<int> seconds) {
    pg.progress.phase = "Paused";
    const auto began = Clock::now();
    const auto until = seconds ? began + std::chrono::seconds(*seconds) : Clock::time_point::max();
    pg.progress.message = seconds ? "paused " + std::to_string(*seconds) + "s, or until vsctl rollout promote " + step.service
                                  : "paused until vsctl rollout promote " + step.service;
    publish();
    report(EventType::State, last_state, rollout::summary(pg.progress) + ": " + pg.progress.message);
    std::optional<StepOutcome> out;
    while (!out) {
      if (pg.progress.promoted || request() == "promote") {
        if (!pg.progress.promoted) {
          pg.progress.promoted = true;
          report(EventType::State, last_state, "promoted (vsctl rollout promote): the remaining pauses are skipped");
        }
        break;
      }
      if (Clock::now() >= until) break;
      if (ctx.cancel) {
        out = abort_rollout("Cancelled", "interrupted while paused " + step_label());
        break;
      }
      if (auto f = aborted_by_request()) {
        out = f;
        break;
      }
      if (Clock::now() - pg.heartbeat > std::chrono::seconds(10)) publish();
      auto seen = ctx.watcher.version();
      ctx.watcher.wait(seen, std::min(until, Clock::now() + std::chrono::seconds(1)));
    }
    deadline += Clock::now() - began;  // a pause is not the service failing to converge
    pg.progress.message.clear();
    return out;
  }

  rollout::AnalysisResult job_analysis(const manifest::Analysis& a, int index) {
    rollout::AnalysisResult r;
    r.kind = "job";
    r.step = index;
    const k8s::Json* w = body(pg.main);
    k8s::Json labels = w ? k8s::find(*w, "/metadata/labels") ? *k8s::find(*w, "/metadata/labels") : k8s::Json::object()
                         : k8s::Json::object();
    labels["vsctl.dev/hook"] = "analysis";
    auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
    std::string name = step.service + "-analysis-" + std::to_string(index) + "-" + std::to_string(now % 1'000'000);
    r.what = "job " + name;
    k8s::Json c = {{"name", "analysis"}, {"image", manifest::image_with_tag(a.image, a.version)}};
    if (!a.command.empty()) c["command"] = a.command;
    if (!a.args.empty()) c["args"] = a.args;
    k8s::Json job = {{"apiVersion", "batch/v1"},
                     {"kind", "Job"},
                     {"metadata", {{"name", name}, {"namespace", pg.main.namespace_}, {"labels", labels}}},
                     {"spec",
                      {{"backoffLimit", 0},
                       {"activeDeadlineSeconds", a.timeout_s},
                       {"ttlSecondsAfterFinished", 3600},
                       {"template", {{"metadata", {{"labels", labels}}},
                                     {"spec", {{"restartPolicy", "Never"}, {"containers", k8s::Json::array({c})}}}}}}}};
    r.tries = 1;
    if (auto f = apply_body(job)) {
      r.verdict = rollout::AnalysisResult::Verdict::Failed;
      r.message = f->message;
      return r;
    }
    const auto until = Clock::now() + std::chrono::seconds(a.timeout_s + 30);
    auto seen = ctx.watcher.version();
    while (true) {
      if (auto j = ctx.watcher.job(name)) {
        auto c2 = health::job(*j);
        if (c2.done) {
          r.verdict = rollout::AnalysisResult::Verdict::Passed;
          r.message = "job " + name + " completed";
          break;
        }
        if (c2.failed) {
          r.verdict = rollout::AnalysisResult::Verdict::Failed;
          r.message = "job " + name + " failed" + (c2.message.empty() ? "" : ": " + c2.message);
          break;
        }
      }
      if (Clock::now() > until) {
        r.verdict = rollout::AnalysisResult::Verdict::Failed;
        r.message = "job " + name + " did not complete in " + std::to_string(a.timeout_s) + "s";
        break;
      }
      if (ctx.cancel || request() == "abort") {
        r.verdict = rollout::AnalysisResult::Verdict::Inconclusive;
        r.message = "stopped";
        break;
      }
      seen = ctx.watcher.wait(seen, std::min(until, Clock::now() + std::chrono::seconds(1)));
    }
    r.at = format_time(std::chrono::system_clock::now());
    return r;
  }

  std::optional<StepOutcome> analysis_step(const manifest::Analysis& a, int index) {
    pg.progress.phase = "Analysis";
    const auto began = Clock::now();
    pg.progress.message = "analysis " + analysis_what(a);
    publish();
    report(EventType::State, last_state, rollout::summary(pg.progress) + ": running " + pg.progress.message);
    rollout::AnalysisResult r;
    if (a.kind == manifest::Analysis::Kind::Job) {
      r = job_analysis(a, index);
    } else {
      r = run_query_gate(
          a, [&](const std::string& url) { return kube::get_url(url, std::chrono::seconds(10)); },
          [&] { return ctx.cancel.load() || request() == "abort"; },
          [&](const rollout::AnalysisResult& t) {
            rollout::AnalysisResult shown = t;
            shown.step = index;
            analysis_event(shown, "analysis " + t.kind + " " + step_label() + ": inconclusive (try " + std::to_string(t.tries) +
                                      "/" + std::to_string(a.tries) + "): " + t.message);
          });
      r.step = index;
    }
    deadline += Clock::now() - began;
    pg.progress.message.clear();
    pg.progress.analyses.push_back(r);
    publish();
    analysis_event(r, "analysis " + r.kind + " " + step_label() + ": " + rollout::to_string(r.verdict) + ": " + r.message);
    if (r.verdict == rollout::AnalysisResult::Verdict::Passed) return std::nullopt;
    if (ctx.cancel) return abort_rollout("Cancelled", "interrupted during the analysis " + step_label());
    if (auto f = aborted_by_request()) return f;
    return abort_rollout("AnalysisFailed", "analysis " + r.what + " failed " + step_label() + ": " + r.message);
  }

  // The Rollout action: the second workload, every step, then (canary through a route) all
  // traffic on it, or (blue-green) the Service switched to it; the workload's own update follows.
  std::optional<StepOutcome> rollout_start(const Action& a) {
    if (!step.rollout) return std::nullopt;
    auto wk = workload_key();
    const k8s::Json* desired = wk ? body(*wk) : nullptr;
    if (!desired) return std::nullopt;
    auto live = patient<std::optional<k8s::Json>>([&] { return ctx.client.get(*wk); });
    if (!live) return fail(failure_reason(live.error()), "reading " + k8s::to_string(*wk) + ": " + kube::describe(live.error()));
    const std::string strategy = manifest::to_string(step.rollout->strategy);
    if (!*live) return std::nullopt;
    if (k8s::string_at(**live, "/spec/template/metadata/labels/vsctl.dev~1track") != "stable") {
      report(EventType::State, last_state,
             "the running Deployment predates the " + strategy +
                 " rollout (its pods carry no track label): this update rolls; the next one runs the steps");
      return std::nullopt;
    }
    pg.active = true;
    pg.spec = *step.rollout;
    pg.track = rollout::track_of(pg.spec);
    pg.key = a.key;
    pg.main = *wk;
    pg.autoscaled = !k8s::find(*desired, "/spec/replicas");
    pg.total = step.to_instances > 0 ? step.to_instances : static_cast<int>(k8s::int_at(**live, "/spec/replicas").value_or(1));
    auto& p = pg.progress;
    p.strategy = strategy;
    p.traffic = gateway() ? "gateway " + pg.spec.route : pg.track == "preview" ? "preview" : "replicas";
    p.route = gateway() ? pg.spec.route : "";
    p.from = step.from_version;
    p.to = step.to_version;
    p.steps = static_cast<int>(pg.spec.steps.size());
    p.total = pg.total;
    p.phase = "Starting";
    int first = pg.track == "preview" ? pg.total : rollout::canary_instances(pg.total, 0, pg.spec.traffic);
    pg.body = rollout::track_workload(*desired, step.service, pg.track, first);
    if (auto f = apply_body(pg.body)) {
      if (f->reason != "ClusterUnavailable") pg.active = true;  // it may exist: removed by the clean-up
      return f;
    }
    publish();
    traffic_event(pg.track + " " + pg.key.name + " started at " + step.to_version + " with " + std::to_string(first) +
                  " instance(s); " + (pg.track == "preview" ? "Service " + step.service + "-preview selects it" : "0% of traffic"));
    if (auto f = wait_track()) return f;
    for (std::size_t i = 0; i < pg.spec.steps.size(); ++i) {
      const auto& s = pg.spec.steps[i];
      p.step = static_cast<int>(i + 1);
      if (auto f = aborted_by_request()) return f;
      if (ctx.cancel) return abort_rollout("Cancelled", "interrupted " + step_label());
      std::optional<StepOutcome> f;
      switch (s.kind) {
        case manifest::RolloutStep::Kind::Weight: f = weight_step(s.weight); break;
        case manifest::RolloutStep::Kind::Pause: f = pause_step(s.pause_s); break;
        case manifest::RolloutStep::Kind::Analysis: f = analysis_step(s.analysis, p.step); break;
      }
      if (f) return f;
    }
    p.phase = "Promoting";
    if (pg.track == "preview") {
      if (auto f = select_track("preview")) return f;
      publish();
      traffic_event("Service " + step.service + " switched to the preview (" + step.to_version + "); the Deployment " +
                    step.service + " now rolls to it");
    } else if (gateway()) {
      if (auto f = set_replicas(pg.total)) return f;
      if (auto f = write_route(100)) return f;
      p.weight = 100;
      publish();
      traffic_event("canary 100%: all traffic on the canary while the Deployment " + step.service + " rolls to " + step.to_version);
    } else {
      publish();
      traffic_event(rollout::summary(p) + ": the Deployment " + step.service + " now rolls to " + step.to_version);
    }
    return std::nullopt;
  }

  // After the workload runs the new version: traffic back on it (the stable track), the second
  // workload removed.
  std::optional<StepOutcome> rollout_finish() {
    if (!pg.active) return std::nullopt;
    if (gateway())
      if (auto f = write_route(0)) return f;
    if (pg.switched) {
      k8s::ObjectKey svc{"", "v1", "Service", pg.main.namespace_, step.service};
      if (auto f = apply_objects({svc})) return f;  // the manifest's selector: the stable track, now the new version
      pg.switched = false;
    }
    if (auto f = remove(pg.key, kube::Propagation::Background)) return f;
    pg.active = false;
    pg.progress.phase = "Completed";
    pg.progress.weight = 100;
    rollout_outcome = rollout::to_json(pg.progress);
    traffic_event("rollout complete: " + step.to_version + " serves all traffic; " + pg.key.name + " removed");
    return std::nullopt;
  }

  // Traffic back on the stable version, the second workload removed, the reason kept. Best
  // effort: what could not be undone is added to the message.
  std::string clean_up_rollout() {
    std::vector<std::string> left;
    auto keep_going = [&](std::optional<StepOutcome> f) {
      if (f) left.push_back(f->message);
    };
    if (pg.route_moved) keep_going(write_route(0));
    if (pg.switched) keep_going(select_track("stable"));
    if (pg.stable_scaled) keep_going(scale_stable(pg.total));
    keep_going(remove(pg.key, kube::Propagation::Background));
    pg.active = false;
    pg.progress.phase = "Aborted";
    std::string said = "traffic back on " + (step.from_version.empty() ? std::string("the stable version") : step.from_version) +
                       ", " + pg.key.name + " removed";
    if (!left.empty()) said += "; not undone: " + util::join(left, "; ");
    return said;
  }

  StepOutcome abort_rollout(std::string reason, std::string message) {
    pg.progress.message = message;
    std::string cleaned = clean_up_rollout();
    rollout_outcome = rollout::to_json(pg.progress);
    traffic_event("rollout aborted: " + message + "; " + cleaned);
    return fail(std::move(reason), message + " (" + cleaned + ")");
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
        case ActionKind::Rollout: f = rollout_start(a); break;
        case ActionKind::Wait: {
          if (step.service.empty()) break;  // the architecture's own objects: nothing to wait for
          auto o = wait();
          if (!o.ok) return o;
          f = remove_left_behind();
          if (!f) f = rollout_finish();
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
  if (!o.ok && r.pg.active) {  // a rollout under way when the step failed: traffic back on stable
    r.pg.progress.message = o.message;
    o.message += " (" + r.clean_up_rollout() + ")";
    r.rollout_outcome = rollout::to_json(r.pg.progress);
  }
  o.written = std::move(r.written);
  o.rollout = std::move(r.rollout_outcome);
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
