#include "health/cause.h"

#include <algorithm>
#include <cctype>

#include "health/conditions.h"
#include "health/pod.h"

namespace vsctl::health {

namespace {

constexpr std::size_t kMaxDetail = 300;  // characters of one message the cluster wrote (termination, Event)

// One line of at most kMaxDetail characters: what a container or controller wrote may be long
// or span lines.
std::string one_line(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
    if (out.size() >= kMaxDetail) return out + "...";
  }
  return out;
}

std::string event_time(const k8s::Json& e) {
  for (const char* p : {"/lastTimestamp", "/eventTime", "/metadata/creationTimestamp"})
    if (auto t = k8s::string_at(e, p); !t.empty()) return t;
  return {};
}

// The newest Event about the object (kind, name) with `reason` ("" for any), if any.
const k8s::Json* newest(std::span<const k8s::Json* const> events, std::string_view kind, std::string_view name,
                        std::string_view reason = {}) {
  const k8s::Json* best = nullptr;
  for (const auto* e : events) {
    if (!is_about(*e, kind, name)) continue;
    if (!reason.empty() && k8s::string_at(*e, "/reason") != reason) continue;
    if (!best || event_time(*e) >= event_time(*best)) best = e;
  }
  return best;
}

std::string name_of(const k8s::Json& o) { return k8s::string_at(o, "/metadata/name"); }

const k8s::Json* spec_container(const k8s::Json& pod, std::string_view name) {
  for (const char* list : {"/spec/containers", "/spec/initContainers"})
    if (const auto* cs = k8s::find(pod, list); cs && cs->is_array())
      for (const auto& c : *cs)
        if (k8s::string_at(c, "/name") == name) return &c;
  return nullptr;
}

// "last exit 1 (Error): panic: cannot connect to cart:7070"
std::string termination(const k8s::Json& terminated) {
  std::string out = "exit " + std::to_string(k8s::int_at(terminated, "/exitCode").value_or(0));
  if (auto r = k8s::string_at(terminated, "/reason"); !r.empty()) out += " (" + r + ")";
  if (auto m = one_line(k8s::string_at(terminated, "/message")); !m.empty()) out += ": " + m;
  return out;
}

std::string image_of(const k8s::Json& pod, const k8s::Json& status) {
  if (const auto* c = spec_container(pod, k8s::string_at(status, "/name")))
    if (auto i = k8s::string_at(*c, "/image"); !i.empty()) return i;
  return k8s::string_at(status, "/image");
}

// A container of the pod that waiting will not fix, first in the pod's order.
std::optional<Cause> container_cause(const k8s::Json& pod) {
  for (const char* list : {"/status/initContainerStatuses", "/status/containerStatuses"}) {
    const auto* statuses = k8s::find(pod, list);
    if (!statuses || !statuses->is_array()) continue;
    for (const auto& c : *statuses) {
      std::string waiting = k8s::string_at(c, "/state/waiting/reason");
      if (!is_stuck_reason(waiting)) continue;
      std::string m = "container " + k8s::string_at(c, "/name") + ": " + waiting;
      std::string detail = one_line(k8s::string_at(c, "/state/waiting/message"));
      if (waiting == "CrashLoopBackOff") {
        if (const auto* t = k8s::find(c, "/lastState/terminated"); t && t->is_object()) m += ", last " + termination(*t);
        else if (!detail.empty()) m += ": " + detail;
      } else if (waiting == "ImagePullBackOff" || waiting == "ErrImagePull" || waiting == "InvalidImageName") {
        std::string image = image_of(pod, c);
        if (!image.empty()) m += " for image " + image;
        if (!detail.empty()) m += ": " + detail;
      } else if (!detail.empty()) {
        m += ": " + detail;
      }
      return Cause{waiting, m, true};
    }
  }
  return std::nullopt;
}

std::optional<Cause> claim_cause(const CauseObjects& o) {
  for (const auto* c : o.claims) {
    std::string phase = k8s::string_at(*c, "/status/phase");
    if (phase == "Bound") continue;
    std::string name = name_of(*c);
    if (phase == "Lost") return Cause{"ClaimLost", "claim " + name + " lost its volume", true};
    std::string m = "claim " + name + " is " + (phase.empty() ? std::string("Pending") : phase);
    if (const auto* e = newest(o.events, "PersistentVolumeClaim", name))
      m += ": " + k8s::string_at(*e, "/reason") + ": " + one_line(k8s::string_at(*e, "/message"));
    else
      m += ": no volume bound yet";
    return Cause{"ClaimPending", m, false};
  }
  return std::nullopt;
}

std::optional<Cause> scheduling_cause(const CauseObjects& o) {
  int n = 0;
  std::string message;
  for (const auto* p : o.pods) {
    auto s = pod(*p);
    if (!s.unschedulable) continue;
    ++n;
    message = s.message;
    if (message.empty())
      if (const auto* e = newest(o.events, "Pod", name_of(*p), "FailedScheduling")) message = k8s::string_at(*e, "/message");
  }
  if (n == 0) return std::nullopt;
  return Cause{"Unschedulable", std::to_string(n) + " pod(s) unschedulable: " + one_line(message), false};
}

// `pods "api-5d4f-x2b9q" is forbidden: exceeded quota: q, ...` says the same at every try but for
// the pod's random name: keep what does not change ("exceeded quota: q, ..."), so the waiting
// line does not flicker.
std::string creation_error(std::string_view m) {
  for (std::string_view prefix : {"(combined from similar events): ", "Error creating: "})
    if (m.substr(0, prefix.size()) == prefix) m.remove_prefix(prefix.size());
  if (auto at = m.find(" is forbidden: "); at != std::string_view::npos && m.substr(0, 6) == "pods \"")
    return one_line(m.substr(at + 15));
  return one_line(m);
}

std::optional<Cause> creation_cause(const CauseObjects& o) {
  if (!o.workload) return std::nullopt;
  std::string kind = k8s::string_at(*o.workload, "/kind");
  if (auto c = condition(*o.workload, "ReplicaFailure"); c && c->status == "True")
    return Cause{c->reason.empty() ? "FailedCreate" : c->reason, "cannot create pods: " + creation_error(c->message), false};
  // Events linger after the cause is gone: they count only while pods are missing.
  if (static_cast<int>(o.pods.size()) >= spec_replicas(*o.workload)) return std::nullopt;
  const k8s::Json* e = nullptr;
  if (kind == "StatefulSet") {
    e = newest(o.events, "StatefulSet", name_of(*o.workload), "FailedCreate");
  } else {
    std::string revision = k8s::string_at(*o.workload, "/metadata/annotations/deployment.kubernetes.io~1revision");
    for (const auto* rs : o.replicasets) {
      if (!revision.empty() && k8s::string_at(*rs, "/metadata/annotations/deployment.kubernetes.io~1revision") != revision)
        continue;  // an older rollout's ReplicaSet
      if (const auto* x = newest(o.events, "ReplicaSet", name_of(*rs), "FailedCreate"); x && (!e || event_time(*x) >= event_time(*e)))
        e = x;
    }
  }
  if (!e) return std::nullopt;
  return Cause{"FailedCreate", "cannot create pods: " + creation_error(k8s::string_at(*e, "/message")), false};
}

std::optional<Cause> readiness_cause(const CauseObjects& o) {
  for (const auto* p : o.pods) {
    if (k8s::string_at(*p, "/status/phase") != "Running") continue;
    if (auto r = condition(*p, "Ready"); r && r->status == "True") continue;
    const auto* statuses = k8s::find(*p, "/status/containerStatuses");
    if (!statuses || !statuses->is_array()) continue;
    for (const auto& c : *statuses) {
      if (c.value("ready", false) || !k8s::find(c, "/state/running")) continue;
      const auto* spec = spec_container(*p, k8s::string_at(c, "/name"));
      const auto* probe = spec ? k8s::find(*spec, "/readinessProbe") : nullptr;
      if (!probe || !probe->is_object()) continue;
      std::string m = "container " + k8s::string_at(c, "/name") + ": readiness probe " + describe_probe(*probe) + " failing";
      if (const auto* e = newest(o.events, "Pod", name_of(*p), "Unhealthy")) m += ": " + one_line(k8s::string_at(*e, "/message"));
      return Cause{"ReadinessProbeFailing", m, false};
    }
  }
  return std::nullopt;
}

std::optional<Cause> pod_event_cause(const CauseObjects& o) {
  const k8s::Json* best = nullptr;
  std::string pod_name;
  for (const auto* p : o.pods) {
    if (auto r = condition(*p, "Ready"); r && r->status == "True") continue;
    if (const auto* e = newest(o.events, "Pod", name_of(*p)); e && (!best || event_time(*e) >= event_time(*best))) {
      best = e;
      pod_name = name_of(*p);
    }
  }
  if (!best) return std::nullopt;
  return Cause{k8s::string_at(*best, "/reason"), "pod " + pod_name + ": " + one_line(k8s::string_at(*best, "/message")), false};
}

}  // namespace

bool is_about(const k8s::Json& event, std::string_view kind, std::string_view name) {
  return k8s::string_at(event, "/involvedObject/kind") == kind && k8s::string_at(event, "/involvedObject/name") == name;
}

std::string describe_probe(const k8s::Json& p) {
  auto port = [](const k8s::Json& h) {
    const auto* v = k8s::find(h, "/port");
    if (!v) return std::string();
    return v->is_string() ? v->get<std::string>() : v->is_number_integer() ? std::to_string(v->get<long long>()) : std::string();
  };
  if (const auto* h = k8s::find(p, "/httpGet"); h && h->is_object()) {
    std::string scheme = k8s::string_at(*h, "/scheme");
    std::transform(scheme.begin(), scheme.end(), scheme.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string path = k8s::string_at(*h, "/path");
    return (scheme.empty() ? std::string("http") : scheme) + " GET :" + port(*h) + (path.empty() ? "/" : path);
  }
  if (const auto* t = k8s::find(p, "/tcpSocket"); t && t->is_object()) return "tcp :" + port(*t);
  if (const auto* g = k8s::find(p, "/grpc"); g && g->is_object()) return "grpc :" + port(*g);
  if (const auto* e = k8s::find(p, "/exec/command"); e && e->is_array()) {
    std::string cmd;
    for (const auto& a : *e)
      if (a.is_string()) cmd += (cmd.empty() ? "" : " ") + a.get<std::string>();
    return "exec [" + cmd + "]";
  }
  return "(unknown kind)";
}

std::optional<Cause> blocking_cause(const CauseObjects& o) {
  for (const auto* p : o.pods)
    if (auto c = container_cause(*p)) return c;
  if (auto c = claim_cause(o)) return c;
  if (auto c = scheduling_cause(o)) return c;
  if (auto c = creation_cause(o)) return c;
  if (auto c = readiness_cause(o)) return c;
  return pod_event_cause(o);
}

Cause job_cause(const k8s::Json& job, std::span<const k8s::Json* const> pods, std::span<const k8s::Json* const> events,
                const HookLogs& logs) {
  Cause out{"HookFailed", {}, true};
  std::vector<std::string> parts;
  if (auto f = condition(job, "Failed"); f && f->status == "True")
    parts.push_back((f->reason.empty() ? std::string("Failed") : f->reason) + (f->message.empty() ? "" : ": " + one_line(f->message)));
  // what its pods' containers last did: the newest pod first
  std::vector<const k8s::Json*> sorted(pods.begin(), pods.end());
  std::sort(sorted.begin(), sorted.end(), [](const k8s::Json* a, const k8s::Json* b) {
    return k8s::string_at(*a, "/metadata/creationTimestamp") > k8s::string_at(*b, "/metadata/creationTimestamp");
  });
  std::string detail;
  for (const auto* p : sorted) {
    if (auto c = container_cause(*p)) {
      detail = c->message;
      break;
    }
    if (const auto* cs = k8s::find(*p, "/status/containerStatuses"); cs && cs->is_array())
      for (const auto& c : *cs)
        if (const auto* t = k8s::find(c, "/state/terminated"); t && t->is_object() && k8s::int_at(*t, "/exitCode").value_or(0) != 0) {
          detail = "container " + k8s::string_at(c, "/name") + ": " + termination(*t);
          break;
        }
    if (!detail.empty()) break;
    if (auto s = pod(*p); s.unschedulable) {
      detail = "pod unschedulable: " + one_line(s.message);
      break;
    }
    if (const auto* e = newest(events, "Pod", name_of(*p))) {
      detail = "pod " + name_of(*p) + ": " + k8s::string_at(*e, "/reason") + ": " + one_line(k8s::string_at(*e, "/message"));
      break;
    }
  }
  if (!detail.empty()) parts.push_back(detail);
  if (!logs.excerpt.empty()) parts.push_back("last log lines:\n" + logs.excerpt);
  else if (!logs.error.empty()) parts.push_back("its logs could not be read (" + logs.error + ")");
  for (const auto& p : parts) out.message += (out.message.empty() ? "" : "; ") + p;
  return out;
}

}  // namespace vsctl::health
