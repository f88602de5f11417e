#pragma once
// Why a service is blocked: the most specific cause the cluster states, from its pods, its
// workload and the ReplicaSets it owns, its claims and the Warning Events about any of them.
// Pure. A deadline is when, not why: callers keep the cause and add the deadline to it.
//
// Most specific first:
//   1. a container that waiting will not fix: CrashLoopBackOff (with the last exit code, reason
//      and termination message), ImagePullBackOff / ErrImagePull (naming the image), and the
//      other stuck reasons of pod.h (CreateContainerConfigError, ...)
//   2. a PersistentVolumeClaim not Bound (ClaimPending, with the claim's Event: no volume
//      matches, storage class missing, ...)
//   3. pods the scheduler cannot place (Unschedulable, the scheduler's message)
//   4. pods the controller cannot create (FailedCreate: quota exceeded, admission denied), from
//      the Deployment's ReplicaFailure condition or the Events of its current ReplicaSet or of
//      the StatefulSet
//   5. a readiness probe failing: a container running but not ready (ReadinessProbeFailing,
//      naming the probe, with the kubelet's Unhealthy Event when there is one)
//   6. any other Warning Event about one of the pods (its reason and message)
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "k8s/json.h"

namespace vsctl::health {

struct Cause {
  std::string reason;   // a stable word: "CrashLoopBackOff", "FailedCreate", ...
  std::string message;  // for people: "container api: CrashLoopBackOff, last exit 1 (Error): panic: ..."
  bool stuck = false;   // waiting will not fix it (the step fails at once)
};

struct CauseObjects {
  const k8s::Json* workload = nullptr;             // Deployment or StatefulSet
  std::vector<const k8s::Json*> pods = {};         // the pods of the wanted version, not terminating
  std::vector<const k8s::Json*> replicasets = {};  // ReplicaSets the workload owns (any revision)
  std::vector<const k8s::Json*> claims = {};       // the service's PersistentVolumeClaims
  std::vector<const k8s::Json*> events = {};       // Events; only those about the objects above count
};

std::optional<Cause> blocking_cause(const CauseObjects& o);

// A readiness (or liveness) probe for people: "http GET :8080/healthz", "tcp :5432",
// "exec [pg_isready]", "grpc :9090".
std::string describe_probe(const k8s::Json& probe);

// What became of a hook's logs: the last lines, already bounded and redacted, or why they could
// not be read.
struct HookLogs {
  std::string excerpt;
  std::string error;  // "" when read
};

// Why a hook Job failed (reason HookFailed): its Failed condition, what its newest pod's
// container last did (the causes of a service's pods, or a non-zero exit) and its last log
// lines or why they could not be read, joined with "; ".
Cause job_cause(const k8s::Json& job, std::span<const k8s::Json* const> pods, std::span<const k8s::Json* const> events,
                const HookLogs& logs);

// Whether an Event (core/v1) is about the object of `kind` named `name`.
bool is_about(const k8s::Json& event, std::string_view kind, std::string_view name);

}  // namespace vsctl::health
