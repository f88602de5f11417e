#pragma once
// An in-memory ClusterClient (a test double: only tests link src/testing) for unit tests of the code above the client (diff, apply): objects
// keyed by ObjectKey with resourceVersions and generations, label and field selectors, watch
// replay, and failures injected on demand. No I/O, no threads.
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kube/cluster_client.h"
#include "kube/request.h"

namespace vsctl::testing {

using kube::ApiError;
using kube::ApiResult;
using kube::ApplyOptions;
using kube::ClusterClient;
using kube::DeleteOptions;
using kube::Discovery;
using kube::DryRun;
using kube::ListOptions;
using kube::ObjectList;
using kube::ResourceInfo;
using kube::Verb;
using kube::WatchEnd;
using kube::WatchEventType;
using kube::WatchHandler;
using kube::WatchOptions;
using k8s::GroupVersionKind;

class FakeCluster final : public ClusterClient {
 public:
  // Knows the common built-in kinds (core, apps, batch, networking, rbac, coordination, ...).
  FakeCluster();

  void add_resource(ResourceInfo r);
  void set_default_namespace(std::string ns) { namespace_ = std::move(ns); }
  // Stores an object as if another client had written it (no call is recorded).
  void put(k8s::Json object);
  // The next operation with this verb (and key, when given) fails with `error`.
  void fail_next(Verb verb, ApiError error, std::optional<k8s::ObjectKey> key = std::nullopt);
  // Events older than now answer a watch with Gone.
  void compact() { compacted_ = revision_; }
  // Called while a watch runs out of events; may change objects (their events are delivered);
  // returns false when it has nothing more to do.
  void set_watch_hook(std::function<bool(FakeCluster&)> hook) { watch_hook_ = std::move(hook); }
  // What pod_log answers for a pod (any container); pods without one answer NotFound.
  void set_log(const std::string& ns, const std::string& pod, std::string text) { logs_[ns + "/" + pod] = std::move(text); }

  // "patch v1 ConfigMap shop/a" per call, " (dry run)" appended for dry runs.
  const std::vector<std::string>& calls() const { return calls_; }
  const std::map<k8s::ObjectKey, k8s::Json>& objects() const { return objects_; }
  std::optional<k8s::Json> object(const k8s::ObjectKey& key) const;

  ApiResult<std::shared_ptr<const Discovery>> discovery() override;
  std::string default_namespace() const override { return namespace_; }
  ApiResult<std::optional<k8s::Json>> get(const k8s::ObjectKey& key) override;
  ApiResult<ObjectList> list(const k8s::GroupVersionKind& gvk, const ListOptions& opts) override;
  ApiResult<k8s::Json> apply(const k8s::Json& object, const ApplyOptions& opts) override;
  ApiResult<k8s::Json> create(const k8s::Json& object, DryRun dry_run) override;
  ApiResult<k8s::Json> update(const k8s::Json& object, DryRun dry_run) override;
  ApiResult<bool> remove(const k8s::ObjectKey& key, const DeleteOptions& opts) override;
  ApiResult<WatchEnd> watch(const k8s::GroupVersionKind& gvk, const WatchOptions& opts,
                            const WatchHandler& handler) override;
  // The last `tail_lines` lines of set_log's text (then at most `limit_bytes` of them).
  ApiResult<std::string> pod_log(const std::string& ns, const std::string& pod, const std::string& container,
                                 int tail_lines, int limit_bytes) override;

 private:
  struct Event {
    long long revision;
    WatchEventType type;
    k8s::Json object;
  };
  struct Injected {
    Verb verb;
    ApiError error;
    std::optional<k8s::ObjectKey> key;
  };

  // The key with the default namespace filled in for namespaced kinds; errors for unknown kinds.
  ApiResult<k8s::ObjectKey> normalize(k8s::ObjectKey key, Verb verb) const;
  ApiResult<k8s::ObjectKey> key_for(const k8s::Json& object, Verb verb) const;
  std::optional<ApiError> injected(Verb verb, const k8s::ObjectKey& key);
  void record(Verb verb, const k8s::ObjectKey& key, DryRun dry_run);
  k8s::Json store(const k8s::ObjectKey& key, k8s::Json object, WatchEventType type);

  std::string namespace_ = "default";
  std::shared_ptr<Discovery> discovery_;
  std::map<k8s::ObjectKey, k8s::Json> objects_;
  std::vector<Event> events_;
  std::vector<Injected> injected_;
  std::vector<std::string> calls_;
  std::function<bool(FakeCluster&)> watch_hook_;
  long long revision_ = 1;
  long long compacted_ = 0;
  long long uid_ = 0;
  std::map<std::string, std::string> logs_;
  // A Watcher's threads LIST and WATCH at once (read-only): the calls they add are serialised.
  std::mutex calls_mu_;
};

// Whether an object's labels match a label selector ("a=b,c!=d,e,!f,g in (x,y),h notin (z)").
bool matches_labels(const k8s::Json& object, std::string_view selector);

}  // namespace vsctl::testing
