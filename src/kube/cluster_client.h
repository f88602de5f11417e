#pragma once
// The cluster, as the rest of vsctl sees it. CurlClient talks to a real API server;
// FakeCluster keeps objects in memory for unit tests of the code above.
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "k8s/json.h"
#include "k8s/labels.h"
#include "k8s/object_key.h"
#include "kube/api_error.h"
#include "kube/discovery.h"
#include "kube/lease.h"
#include "kube/watch.h"

namespace vsctl::kube {

enum class DryRun { No, All };
enum class Force { No, Yes };
enum class Propagation { Background, Foreground, Orphan };

struct ApplyOptions {
  Force force = Force::No;  // take over fields other managers own
  DryRun dry_run = DryRun::No;
  std::string field_manager = std::string(k8s::kFieldManager);
};

struct ListOptions {
  std::string namespace_;  // "" for all namespaces (or a cluster-scoped kind)
  std::string label_selector;
  std::string field_selector;
  int page_size = 500;  // limit per page; pages are followed with continue
  // false: metadata.managedFields is left out of the items as they are parsed (a reader that
  // never looks at field ownership: status, the registry view, records)
  bool managed_fields = true;
  // true: the items' metadata only (the server answers a PartialObjectMetadataList, as
  // `kubectl get -o name` asks for it): no spec, status or data is sent or parsed. A server
  // that cannot answer so sends whole objects, which serve the same reader. Items still get the
  // listed kind's apiVersion and kind.
  bool metadata_only = false;
};

struct ObjectList {
  std::vector<k8s::Json> items;  // each with apiVersion and kind filled in
  std::string resource_version;  // to WATCH from
};

struct DeleteOptions {
  Propagation propagation = Propagation::Background;
  DryRun dry_run = DryRun::No;
};

class ClusterClient {
 public:
  virtual ~ClusterClient() = default;

  // Every resource the server serves; fetched once and cached.
  virtual ApiResult<std::shared_ptr<const Discovery>> discovery() = 0;
  // The namespace of the context (or -n), for objects that name none.
  virtual std::string default_namespace() const = 0;

  // The live object, or nullopt when there is none.
  virtual ApiResult<std::optional<k8s::Json>> get(const k8s::ObjectKey& key) = 0;
  // The status subresource where the kind has one, else the object.
  virtual ApiResult<std::optional<k8s::Json>> get_status(const k8s::ObjectKey& key) { return get(key); }
  // Every object of a kind, all pages.
  virtual ApiResult<ObjectList> list(const k8s::GroupVersionKind& gvk, const ListOptions& opts) = 0;
  // Several lists at once (their first pages in parallel where the client can); results in the
  // same order, each as list() would give it.
  struct ListQuery {
    k8s::GroupVersionKind gvk;
    ListOptions opts;
  };
  virtual std::vector<ApiResult<ObjectList>> list_many(std::span<const ListQuery> queries);

  // Server-side apply; returns the object as the server has it (or would, on a dry run).
  virtual ApiResult<k8s::Json> apply(const k8s::Json& object, const ApplyOptions& opts) = 0;
  // Many applies at once (in parallel where the client can); results in the same order.
  virtual std::vector<ApiResult<k8s::Json>> apply_all(std::span<const k8s::Json> objects,
                                                      const ApplyOptions& opts);
  // POST: AlreadyExists when it is there.
  virtual ApiResult<k8s::Json> create(const k8s::Json& object, DryRun dry_run) = 0;
  // PUT with the object's metadata.resourceVersion: Conflict when it changed meanwhile.
  virtual ApiResult<k8s::Json> update(const k8s::Json& object, DryRun dry_run) = 0;
  // DELETE: true when the object was there.
  virtual ApiResult<bool> remove(const k8s::ObjectKey& key, const DeleteOptions& opts) = 0;

  // Streams events of a kind from opts.resource_version until the handler stops or the
  // deadline passes; streams the server ends are resumed. Gone: the resourceVersion is too
  // old, LIST again.
  virtual ApiResult<WatchEnd> watch(const k8s::GroupVersionKind& gvk, const WatchOptions& opts,
                                    const WatchHandler& handler) = 0;

  // The last lines of a container's log (the pods/log subresource), at most `tail_lines` lines
  // and `limit_bytes` bytes. A client that cannot read logs answers BadRequest.
  virtual ApiResult<std::string> pod_log(const std::string& ns, const std::string& pod, const std::string& container,
                                         int tail_lines, int limit_bytes);

  // Leases, in terms of get/create/update.
  virtual ApiResult<std::optional<Lease>> get_lease(const std::string& ns, const std::string& name);
  virtual ApiResult<Lease> create_lease(const Lease& lease);
  virtual ApiResult<Lease> update_lease(const Lease& lease);
};

}  // namespace vsctl::kube
