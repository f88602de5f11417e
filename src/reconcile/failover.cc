#include "reconcile/failover.h"

#include "health/pod.h"
#include "k8s/labels.h"

namespace vsctl::reconcile {

const char* to_string(FailoverKind k) {
  switch (k) {
    case FailoverKind::ReplaceCattle: return "ReplaceCattle";
    case FailoverKind::RestartPet: return "RestartPet";
    case FailoverKind::Escalate: return "Escalate";
  }
  return "?";
}

PodHealth pod_health(const k8s::Json& pod) {
  PodHealth h;
  h.name = k8s::string_at(pod, "/metadata/name");
  h.uid = k8s::string_at(pod, "/metadata/uid");
  if (h.uid.empty()) h.uid = h.name;
  if (const auto* l = k8s::find(pod, "/metadata/labels"); l && l->is_object()) {
    auto it = l->find(std::string(k8s::kLabelName));
    if (it != l->end() && it->is_string()) h.service = it->get<std::string>();
    if (l->contains("job-name") || l->contains("batch.kubernetes.io/job-name")) h.skip = true;
  }
  auto s = health::pod(pod);
  h.ready = s.ready;
  h.reason = s.stuck_reason.empty() ? "Unready" : s.stuck_reason;
  if (const auto* cs = k8s::find(pod, "/status/containerStatuses"); cs && cs->is_array())
    for (const auto& c : *cs)
      if (auto it = c.find("restartCount"); it != c.end() && it->is_number_integer()) h.restarts += it->get<int>();
  if (h.service.empty() || s.terminating || s.succeeded || s.failed || s.unschedulable) h.skip = true;
  if (k8s::string_at(pod, "/status/phase") == "Pending" && s.stuck_reason.empty()) h.skip = true;  // still starting
  return h;
}

std::vector<FailoverAction> plan_failover(const manifest::Architecture& view, std::span<const k8s::Json> pods,
                                          FailoverState& state, TimePoint now, const FailoverOptions& opts) {
  std::vector<FailoverAction> out;
  std::set<std::string> seen;
  std::map<std::string, bool> all_ready;  // service -> every pod ready (and at least one)
  std::set<std::string> pet_acted;        // one in-place restart per pet per round
  for (const auto& p : pods) {
    PodHealth h = pod_health(p);
    const manifest::Service* svc = h.service.empty() ? nullptr : view.find(h.service);
    if (!svc || h.skip) continue;
    seen.insert(h.uid);
    auto [ready_it, inserted] = all_ready.try_emplace(h.service, true);
    if (!h.ready) ready_it->second = false;
    if (h.ready) {
      state.unhealthy_since.erase(h.uid);
      continue;
    }
    TimePoint since = state.unhealthy_since.try_emplace(h.uid, now).first->second;
    const bool too_long = now - since >= opts.after;
    const bool crash_loop = opts.restarts > 0 && h.restarts >= opts.restarts;
    if (!too_long && !crash_loop) continue;
    std::string why = crash_loop ? h.reason + ", " + std::to_string(h.restarts) + " restart(s)"
                                 : h.reason + " for " + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now - since).count()) + "s";
    FailoverAction a;
    a.service = h.service;
    a.pod = h.name;
    a.reason = h.reason;
    if (svc->recovery == manifest::Recovery::Cattle) {
      a.kind = FailoverKind::ReplaceCattle;
      a.message = "pod " + h.name + " " + why + ": deleted, its controller replaces it";
      state.unhealthy_since.erase(h.uid);
      out.push_back(std::move(a));
      continue;
    }
    if (state.escalated.count(h.service) || pet_acted.count(h.service)) continue;
    int& done = state.pet_restarts[h.service];
    if (done < opts.pet_restarts) {
      a.kind = FailoverKind::RestartPet;
      a.attempt = ++done;
      a.message = "pod " + h.name + " " + why + ": restarted in place (" + std::to_string(done) + "/" +
                  std::to_string(opts.pet_restarts) + "), its volume kept";
      state.unhealthy_since.erase(h.uid);
    } else {
      a.kind = FailoverKind::Escalate;
      a.attempt = done;
      a.message = "pod " + h.name + " " + why + " after " + std::to_string(done) +
                  " restart(s) in place: Failed, needs a person";
      state.escalated.insert(h.service);
    }
    pet_acted.insert(h.service);
    out.push_back(std::move(a));
  }
  for (auto it = state.unhealthy_since.begin(); it != state.unhealthy_since.end();)
    it = seen.count(it->first) ? std::next(it) : state.unhealthy_since.erase(it);
  for (const auto& [service, ready] : all_ready)
    if (ready) {
      state.pet_restarts.erase(service);
      state.escalated.erase(service);
    }
  return out;
}

}  // namespace vsctl::reconcile
