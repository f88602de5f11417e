#include "health/statefulset.h"

#include "health/conditions.h"

namespace vsctl::health {

Check statefulset(const k8s::Json& s) {
  Check c;
  c.desired = spec_replicas(s);
  c.ready = status_int(s, "readyReplicas");
  if (!observed(s)) {
    c.message = "waiting for the controller to observe generation " +
                std::to_string(k8s::int_at(s, "/metadata/generation").value_or(0));
    return c;
  }
  std::string strategy = k8s::string_at(s, "/spec/updateStrategy/type");
  if (strategy == "OnDelete") {
    c.done = true;
    c.message = "OnDelete update strategy: pods change when deleted";
    return c;
  }
  if (status_int(s, "replicas") > c.desired) {
    c.message = "waiting for " + std::to_string(status_int(s, "replicas") - c.desired) + " replica(s) to terminate";
    return c;
  }
  if (c.ready < c.desired) {
    c.message = "waiting for " + std::to_string(c.ready) + "/" + std::to_string(c.desired) + " replicas ready";
    return c;
  }
  if (auto partition = k8s::int_at(s, "/spec/updateStrategy/rollingUpdate/partition"); partition && *partition > 0) {
    int want = c.desired - static_cast<int>(*partition);
    int updated = status_int(s, "updatedReplicas");
    if (updated < want) {
      c.message = "waiting for partitioned roll out: " + std::to_string(updated) + "/" + std::to_string(want) +
                  " replicas updated";
      return c;
    }
    c.done = true;
    c.message = "partitioned roll out complete: " + std::to_string(updated) + " replicas updated";
    return c;
  }
  std::string update = k8s::string_at(s, "/status/updateRevision");
  std::string current = k8s::string_at(s, "/status/currentRevision");
  if (update != current) {
    c.message = "waiting for the rolling update to complete: " + std::to_string(status_int(s, "updatedReplicas")) +
                "/" + std::to_string(c.desired) + " replicas at revision " + update;
    return c;
  }
  c.done = true;
  c.message = std::to_string(c.ready) + "/" + std::to_string(c.desired) + " replicas ready";
  return c;
}

}  // namespace vsctl::health
