// Failover by recovery mode (the decisions are reconcile::plan_failover's): delete the pods it
// names, and raise the alerts it asks for as an Event on the workload and a webhook call.
#include <curl/curl.h>

#include "apply/read_live.h"
#include "cli/reconcile.h"

namespace vsctl::cli {

void Reconciler::failover(Target& t, const std::string& commit) {
  auto& client = *t.cluster.client;
  kube::ListOptions lo;
  lo.namespace_ = t.view.ns;
  lo.label_selector = apply::part_of_selector(t.view.name);
  auto pods = client.list({"", "v1", "Pod"}, lo);
  if (!pods) {
    log_.say("Error", "failover: cannot list pods: " + kube::describe(pods.error()));
    return;
  }
  auto actions = reconcile::plan_failover(t.view, pods->items, failover_state_, std::chrono::steady_clock::now(), o_.failover_opts);
  for (const auto& a : actions) {
    k8s::Json facts = {{"service", a.service}, {"pod", a.pod}, {"action", reconcile::to_string(a.kind)}, {"reason", a.reason},
                       {"attempt", a.attempt}};
    if (a.kind == reconcile::FailoverKind::Escalate) {
      log_.say("Escalated", a.service + ": " + a.message, facts);
      const manifest::Service* s = t.view.find(a.service);
      reconcile::Alert al;
      al.architecture = t.view.name;
      al.ns = t.view.ns;
      al.service = a.service;
      al.workload = {"apps", "v1", s && s->recovery == manifest::Recovery::Pet ? "StatefulSet" : "Deployment", t.view.ns, a.service};
      al.reason = "NeedsAPerson";
      al.message = a.message;
      al.commit = commit;
      alert(client, std::move(al));
      continue;
    }
    auto r = client.remove({"", "v1", "Pod", t.view.ns, a.pod}, {});
    if (!r) {
      log_.say("Error", a.service + ": could not delete pod " + a.pod + ": " + kube::describe(r.error()), facts);
      continue;
    }
    log_.say("Failover", a.service + " (" + (a.kind == reconcile::FailoverKind::RestartPet ? "pet" : "cattle") + "): " + a.message, facts);
  }
}

void Reconciler::alert(kube::ClusterClient& client, reconcile::Alert a) {
  if (auto r = reconcile::post_event(client, a); !r)
    log_.say("Error", "could not record the Event " + a.reason + " on " + k8s::to_string(a.workload) + ": " + r.error().message);
  if (!notifier_) return;
  if (auto r = notifier_->notify(a); !r) log_.say("Error", "the alert webhook failed: " + r.error().message);
  else log_.say("Alerted", "the alert webhook accepted " + a.reason + (a.service.empty() ? "" : " for " + a.service));
}

namespace {

class WebhookNotifier final : public reconcile::Notifier {
 public:
  explicit WebhookNotifier(std::string url) : url_(std::move(url)) {}
  util::Result<void> notify(const reconcile::Alert& a) override {
    const std::string body = reconcile::webhook_body(a).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    CURL* h = curl_easy_init();
    if (!h) return util::fail(util::ErrorKind::Io, "cannot start an HTTP request");
    curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
    curl_easy_setopt(h, CURLOPT_URL, url_.c_str());
    curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, body.c_str());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
    curl_easy_setopt(h, CURLOPT_TIMEOUT, 10L);
    curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, +[](char*, size_t size, size_t n, void*) { return size * n; });
    CURLcode rc = curl_easy_perform(h);
    long status = 0;
    curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
    curl_slist_free_all(headers);
    curl_easy_cleanup(h);
    // the URL is never shown: webhook URLs often carry their token
    if (rc != CURLE_OK) return util::fail(util::ErrorKind::Io, curl_easy_strerror(rc));
    if (status < 200 || status >= 300) return util::fail(util::ErrorKind::Io, "HTTP " + std::to_string(status));
    return {};
  }

 private:
  std::string url_;
};

}  // namespace

std::unique_ptr<reconcile::Notifier> make_webhook_notifier(std::string url) {
  return std::make_unique<WebhookNotifier>(std::move(url));
}

}  // namespace vsctl::cli
