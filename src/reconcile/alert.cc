#include "reconcile/alert.h"

#include <cstdio>

#include "apply/events.h"
#include "k8s/labels.h"
#include "kube/webhook.h"

namespace vsctl::reconcile {

namespace {
std::string object_ref(const k8s::ObjectKey& k) {
  return (k.group.empty() ? k.version : k.group + "/" + k.version);
}
}  // namespace

k8s::Json event_object(const Alert& a) {
  const std::string when = apply::format_time(a.time);
  auto ns_since_epoch = std::chrono::duration_cast<std::chrono::nanoseconds>(a.time.time_since_epoch()).count();
  char suffix[32];
  std::snprintf(suffix, sizeof suffix, "%llx", static_cast<unsigned long long>(ns_since_epoch));
  k8s::Json e = {
      {"apiVersion", "v1"},
      {"kind", "Event"},
      {"metadata",
       {{"name", a.workload.name + "." + suffix},
        {"namespace", a.ns},
        {"labels", {{std::string(k8s::kLabelPartOf), a.architecture}, {std::string(k8s::kLabelManagedBy), std::string(k8s::kManagedByValue)}}}}},
      {"involvedObject",
       {{"apiVersion", object_ref(a.workload)}, {"kind", a.workload.kind}, {"namespace", a.ns}, {"name", a.workload.name}}},
      {"type", "Warning"},
      {"reason", a.reason},
      {"message", a.message},
      {"source", {{"component", "vsctl-reconcile"}}},
      {"reportingComponent", "vsctl-reconcile"},
      {"firstTimestamp", when.substr(0, 19) + "Z"},
      {"lastTimestamp", when.substr(0, 19) + "Z"},
      {"count", 1},
  };
  if (!a.service.empty()) e["metadata"]["labels"][std::string(k8s::kLabelName)] = a.service;
  return e;
}

k8s::Json webhook_body(const Alert& a) {
  return {{"type", a.reason},          {"architecture", a.architecture}, {"namespace", a.ns},
          {"service", a.service},      {"object", k8s::to_string(a.workload)},
          {"message", a.message},      {"commit", a.commit},
          {"time", apply::format_time(a.time)}};
}

util::Result<void> post_event(kube::ClusterClient& client, const Alert& a) {
  auto r = client.create(event_object(a), kube::DryRun::No);
  if (!r) return tl::unexpected(kube::to_error(r.error()));
  return {};
}

namespace {

class WebhookNotifier final : public Notifier {
 public:
  explicit WebhookNotifier(std::string url) : url_(std::move(url)) {}
  util::Result<void> notify(const Alert& a) override {
    return kube::post_json(url_, webhook_body(a).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                           std::chrono::seconds(10));
  }

 private:
  std::string url_;
};

}  // namespace

std::unique_ptr<Notifier> make_webhook_notifier(std::string url) { return std::make_unique<WebhookNotifier>(std::move(url)); }

}  // namespace vsctl::reconcile
