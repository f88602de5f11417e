#pragma once
// The live status of an architecture's objects while an apply waits: one LIST per kind, then a
// WATCH from the list's resourceVersion on its own thread, kept in memory. Waiting never polls
// with GETs: waiters sleep until an event changes something (or their deadline).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "k8s/json.h"
#include "kube/cluster_client.h"
#include "util/error.h"

namespace vsctl::apply {

class Watcher {
 public:
  // `selector`: the architecture's label selector; `ns`: its namespace.
  Watcher(kube::ClusterClient& client, std::string ns, std::string selector);
  ~Watcher();
  Watcher(const Watcher&) = delete;
  Watcher& operator=(const Watcher&) = delete;

  // Told from a watch thread when the API server goes away (every kind's LIST or WATCH that
  // failed since it last succeeded) and when it is back (all of them succeed again): once each,
  // with the error and, on return, how long it was away. Set before start().
  using OutageHandler = std::function<void(bool away, const std::string& detail)>;
  void on_outage(OutageHandler h) { on_outage_ = std::move(h); }

  // LISTs every kind (synchronously, so a failure is reported at once), then starts watching.
  util::Result<void> start();
  void stop();

  struct Snapshot {
    std::optional<k8s::Json> workload, service, autoscaler;
    std::vector<k8s::Json> pods, slices;
    std::vector<k8s::Json> replicasets;  // owned by the workload
    std::vector<k8s::Json> claims;       // PersistentVolumeClaims labelled with the service
    std::vector<k8s::Json> events;       // Warning Events about the workload and the objects above
  };
  // Copies of what the cluster has of one service.
  Snapshot service(const std::string& name) const;
  // A progressive rollout's second workload of service `name` (Deployment "<name>-<track>") and
  // the pods of that track; service() leaves those pods out.
  Snapshot track(const std::string& name, const std::string& track) const;
  std::optional<k8s::Json> job(const std::string& name) const;
  struct JobSnapshot {
    std::vector<k8s::Json> pods;    // the Job's pods (label job-name)
    std::vector<k8s::Json> events;  // Warning Events about the Job and its pods
  };
  JobSnapshot job_pods(const std::string& name) const;

  // A counter that moves on every change; wait() returns when it differs from `seen`, when
  // `until` passes, or when nudge() is called.
  std::uint64_t version() const;
  std::uint64_t wait(std::uint64_t seen, std::chrono::steady_clock::time_point until) const;
  void nudge();
  // The last error a watch hit (it is retried), "" when none.
  std::string last_error() const;

  // How long one WATCH request stays open; stop() takes at most about this long.
  static constexpr std::chrono::seconds kWindow{2};

 private:
  struct Kind {
    k8s::GroupVersionKind gvk;
    std::string label_selector, field_selector;
    std::string resource_version;
    std::map<std::string, k8s::Json> objects;  // by name
    bool optional = false;  // only says why a service is blocked: not served or forbidden is fine
    bool off = false;       // optional, and not served or forbidden: not watched
  };
  util::Result<void> relist(std::size_t k);
  bool keep_event(const k8s::Json& e) const;                      // under mu_
  void keep(std::size_t k, const std::string& name, k8s::Json o);  // under mu_
  void loop(std::size_t k);
  void failing(std::size_t k, const std::string& error);  // an outage of kind k's requests
  void working(std::size_t k);                            // kind k's requests succeed again

  kube::ClusterClient& client_;
  std::string ns_, selector_;
  std::vector<Kind> kinds_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stopping_{false};
  mutable std::mutex mu_;
  mutable std::condition_variable cv_;
  std::uint64_t version_ = 0;
  std::string last_error_;
  OutageHandler on_outage_;
  std::vector<bool> failing_;  // per kind, under mu_
  std::deque<std::string> event_order_;  // names of the kept Events, oldest first, under mu_
  std::chrono::steady_clock::time_point away_since_{};
};

}  // namespace vsctl::apply
