#include "health/service.h"


#include "health/cause.h"
#include "health/conditions.h"
#include "health/deployment.h"
#include "health/endpoints.h"
#include "health/hpa.h"
#include "health/pod.h"
#include "health/statefulset.h"
#include "k8s/labels.h"

namespace vsctl::health {

namespace {

ServiceHealth failed(ServiceHealth h, std::string reason, std::string message) {
  h.state = State::Failed;
  h.failed = true;
  h.done = false;
  h.reason = std::move(reason);
  h.message = std::move(message);
  return h;
}

std::string version_of(const k8s::Json& pod) {
  const auto* labels = k8s::find(pod, "/metadata/labels");
  if (!labels || !labels->is_object()) return {};
  auto it = labels->find(std::string(k8s::kLabelVersion));
  return it != labels->end() && it->is_string() ? it->get<std::string>() : std::string();
}

ServiceHealth destroying(const ServiceObjects& o) {
  ServiceHealth h;
  h.state = State::Destroy;
  std::size_t left = o.other_objects + (o.workload ? 1 : 0) + (o.service ? 1 : 0) + (o.autoscaler ? 1 : 0);
  std::size_t pods = o.pods.size();
  h.done = left == 0 && pods == 0;
  h.message = h.done ? "every object deleted"
                     : "waiting for " + std::to_string(left) + " object(s) and " + std::to_string(pods) + " pod(s) to go";
  return h;
}

// The hash of the workload's current pod template: a Deployment's ReplicaSet of the Deployment's
// revision, a StatefulSet's update revision; nullopt when not known yet (every pod of the
// version then counts).
std::optional<std::string> current_template(const k8s::Json& workload, const std::vector<const k8s::Json*>& replicasets, bool pet) {
  if (pet) {
    std::string r = k8s::string_at(workload, "/status/updateRevision");
    return r.empty() ? std::nullopt : std::optional<std::string>(r);
  }
  const std::string revision = k8s::string_at(workload, "/metadata/annotations/deployment.kubernetes.io~1revision");
  if (revision.empty()) return std::nullopt;
  for (const auto* rs : replicasets) {
    if (k8s::string_at(*rs, "/metadata/annotations/deployment.kubernetes.io~1revision") != revision) continue;
    std::string hash = k8s::string_at(*rs, "/metadata/labels/pod-template-hash");
    if (!hash.empty()) return hash;
  }
  return std::nullopt;
}

std::string template_of(const k8s::Json& pod, bool pet) {
  return k8s::string_at(pod, pet ? "/metadata/labels/controller-revision-hash" : "/metadata/labels/pod-template-hash");
}

}  // namespace

ServiceHealth assess(const ServiceObjects& o, const Want& want) {
  if (want.change == Change::Destroy) return destroying(o);
  ServiceHealth h;
  State progress = in_progress_state(want.change);
  h.state = progress;
  if (!o.workload) {
    h.message = "waiting for the workload to be created";
    return want.past_deadline ? failed(h, "ProgressDeadlineExceeded", "the workload was never created") : h;
  }
  if (auto gen = k8s::int_at(*o.workload, "/metadata/generation"); want.generation > 0 && gen.value_or(0) < want.generation) {
    h.message = "waiting to see generation " + std::to_string(want.generation) + " of the workload (seen " +
                std::to_string(gen.value_or(0)) + ")";
    return want.past_deadline ? failed(h, "ProgressDeadlineExceeded", "deadline passed: " + h.message) : h;
  }
  bool pet = k8s::string_at(*o.workload, "/kind") == "StatefulSet";
  Check wc = pet ? statefulset(*o.workload) : deployment(*o.workload);
  h.desired = wc.desired;
  // until the controller has acted on this generation, the pods are those of the template
  // before: a drifted template's failing pods are not this rollout's failure
  if (!observed(*o.workload)) {
    h.message = wc.message;
    return want.past_deadline ? failed(h, "ProgressDeadlineExceeded", "deadline passed: " + h.message) : h;
  }
  const std::optional<std::string> current = current_template(*o.workload, o.replicasets, pet);

  int running = 0;
  std::vector<std::string> ready_pods;
  CauseObjects why{o.workload, {}, o.replicasets, o.claims, o.events};
  for (const auto* p : o.pods) {
    PodStatus s = pod(*p);
    if (s.terminating || s.succeeded || s.failed) continue;
    // an older version, or the same version from an older template (kubectl set image, say)
    if (version_of(*p) != want.version || (current && template_of(*p, pet) != *current)) {
      ++h.old;
      continue;
    }
    why.pods.push_back(p);
    if (s.running) ++running;
    if (s.ready) {
      ++h.ready;
      ready_pods.push_back(k8s::string_at(*p, "/metadata/name"));
    }
  }
  // the most specific cause wins; a deadline the workload passed is when, not why, and is added
  std::optional<Cause> cause = blocking_cause(why);
  if (cause && cause->stuck)
    return failed(h, cause->reason, cause->message + (wc.failed ? " (" + wc.reason + ")" : std::string()));
  if (wc.failed && cause) return failed(h, cause->reason, cause->message + " (" + wc.reason + ")");
  if (wc.failed) return failed(h, wc.reason, wc.message);
  if (o.autoscaler) {
    Check ac = hpa(*o.autoscaler);
    if (ac.failed) return failed(h, ac.reason, ac.message);
  }

  bool endpoints_ok = true;
  std::string endpoints_msg;
  if (want.has_ports) {
    if (!o.service) {
      endpoints_ok = false;
      endpoints_msg = "waiting for the Service to be created";
    } else {
      Check ec = endpoints(*o.service, o.endpoint_slices, ready_pods);
      endpoints_ok = ec.done;
      endpoints_msg = ec.message;
    }
  }
  bool autoscaler_ok = !want.autoscaled || o.autoscaler != nullptr;
  std::string autoscaler_msg = "waiting for the autoscaler to be created";
  if (want.autoscaled && o.autoscaler) {
    // A new workload starts at one instance; the autoscaler moves it into min..max on its next
    // sync (with or without metrics). Until then the service does not run as declared.
    auto lo = k8s::int_at(*o.autoscaler, "/spec/minReplicas").value_or(1);
    auto hi = k8s::int_at(*o.autoscaler, "/spec/maxReplicas").value_or(lo);
    if (h.desired < lo || h.desired > hi) {
      autoscaler_ok = false;
      autoscaler_msg = "waiting for the autoscaler to bring " + std::to_string(h.desired) + " instance(s) into " +
                       std::to_string(lo) + ".." + std::to_string(hi);
    }
  }

  bool count_ok = want.autoscaled || want.instances < 0 || h.desired == want.instances;
  // more ready instances than wanted: a scale-in whose extra pods have not started to go yet
  bool extra = h.ready > h.desired;
  if (wc.done && h.old == 0 && h.ready >= h.desired && !extra && endpoints_ok && autoscaler_ok && count_ok) {
    h.state = State::Run;
    h.done = true;
    h.message = std::to_string(h.ready) + "/" + std::to_string(h.desired) + " ready";
    return h;
  }
  if (h.desired > 0 && running >= h.desired && h.ready < h.desired) h.state = State::Ready;
  if (!wc.done) {
    h.message = wc.message;
  } else if (h.old > 0) {
    h.message = "waiting for " + std::to_string(h.old) + " instance(s) of an older version to terminate";
  } else if (h.ready < h.desired) {
    h.message = "waiting for " + std::to_string(h.ready) + "/" + std::to_string(h.desired) + " ready";
  } else if (extra) {
    h.message = "waiting for " + std::to_string(h.ready - h.desired) + " extra instance(s) to go";
  } else if (!endpoints_ok) {
    h.message = endpoints_msg;
  } else if (!count_ok) {
    h.message = "waiting for the workload to want " + std::to_string(want.instances) + " instance(s) (it wants " +
                std::to_string(h.desired) + ")";
  } else {
    h.message = autoscaler_msg;
  }
  if (cause) {
    h.reason = cause->reason;
    h.message = cause->message;
    if (want.past_deadline) return failed(h, cause->reason, cause->message + " (deadline passed)");
  }
  if (want.past_deadline) return failed(h, "ProgressDeadlineExceeded", "deadline passed: " + h.message);
  return h;
}

CauseIndex::CauseIndex(std::span<const k8s::Json> live) {
  for (const auto& o : live) {
    std::string kind = k8s::string_at(o, "/kind");
    if (kind == "ReplicaSet") {
      if (const auto* refs = k8s::find(o, "/metadata/ownerReferences"); refs && refs->is_array())
        for (const auto& r : *refs)
          if (auto uid = k8s::string_at(r, "/uid"); !uid.empty()) replicasets_[uid].push_back(&o);
    } else if (kind == "PersistentVolumeClaim") {
      const auto* l = k8s::find(o, "/metadata/labels");
      if (!l || !l->is_object()) continue;
      if (auto it = l->find(std::string(k8s::kLabelName)); it != l->end() && it->is_string())
        claims_[it->get<std::string>()].push_back(&o);
    } else if (kind == "Event") {
      events_[{k8s::string_at(o, "/involvedObject/kind"), k8s::string_at(o, "/involvedObject/name")}].push_back(&o);
    }
  }
}

void CauseIndex::add_to(ServiceObjects& objs, std::string_view name) const {
  if (!objs.workload) return;
  std::vector<About> about = {{k8s::string_at(*objs.workload, "/kind"), std::string(name)}};
  for (const auto* p : objs.pods) about.push_back({"Pod", k8s::string_at(*p, "/metadata/name")});
  if (auto it = replicasets_.find(k8s::string_at(*objs.workload, "/metadata/uid")); it != replicasets_.end())
    for (const auto* rs : it->second) {
      objs.replicasets.push_back(rs);
      about.push_back({"ReplicaSet", k8s::string_at(*rs, "/metadata/name")});
    }
  if (auto it = claims_.find(name); it != claims_.end())
    for (const auto* c : it->second) {
      objs.claims.push_back(c);
      about.push_back({"PersistentVolumeClaim", k8s::string_at(*c, "/metadata/name")});
    }
  for (const auto& a : about)
    if (auto it = events_.find(a); it != events_.end()) objs.events.insert(objs.events.end(), it->second.begin(), it->second.end());
}

}  // namespace vsctl::health
