#pragma once
// "Needs a person": what the reconciler says when failover cannot help (a pet restarted in
// place too often) or when the tip of the branch is refused. A Kubernetes Event (type Warning)
// on the service's workload, so `kubectl describe` and `kubectl get events` show it, and an
// optional webhook receiving the same facts as JSON. Neither ever carries a token or a Secret.
#include <chrono>
#include <memory>
#include <string>

#include "k8s/json.h"
#include "k8s/object_key.h"
#include "kube/cluster_client.h"
#include "util/error.h"

namespace vsctl::reconcile {

struct Alert {
  std::string architecture, ns;
  std::string service;          // "" for the architecture as a whole
  k8s::ObjectKey workload;      // the Event's object (a StatefulSet, a Deployment, the Lease)
  std::string reason;           // NeedsAPerson, ReconcileRefused
  std::string message;
  std::string commit;
  std::chrono::system_clock::time_point time = std::chrono::system_clock::now();
};

// The core/v1 Event: Warning, source component "vsctl-reconcile", named after the object.
k8s::Json event_object(const Alert& a);
// The webhook's JSON body.
k8s::Json webhook_body(const Alert& a);

// Creates the Event.
util::Result<void> post_event(kube::ClusterClient& client, const Alert& a);

// Delivers alerts somewhere else (a webhook).
class Notifier {
 public:
  virtual ~Notifier() = default;
  virtual util::Result<void> notify(const Alert& a) = 0;
};

// POSTs webhook_body as JSON to `url` (10 s timeout); the URL is never shown.
std::unique_ptr<Notifier> make_webhook_notifier(std::string url);

}  // namespace vsctl::reconcile
