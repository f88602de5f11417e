#include "apply/read_capacity.h"

namespace vsctl::apply {

util::Result<CapacityRead> read_capacity(kube::ClusterClient& client, const std::string& ns) {
  CapacityRead out;
  struct Query {
    k8s::GroupVersionKind gvk;
    bool namespaced;
    std::vector<k8s::Json>* into;
    bool required;  // without it the check means nothing
    const char* what;
  };
  const Query queries[] = {
      {{"", "v1", "Node"}, false, &out.nodes, true, "nodes"},
      {{"", "v1", "Pod"}, false, &out.pods, true, "pods in every namespace"},
      {{"", "v1", "ResourceQuota"}, true, &out.quotas, false, "resource quotas"},
      {{"", "v1", "LimitRange"}, true, &out.limit_ranges, false, "limit ranges"},
      {{"", "v1", "PersistentVolumeClaim"}, true, &out.claims, false, "volume claims"},
      {{"storage.k8s.io", "v1", "StorageClass"}, false, &out.storage_classes, false, "storage classes"},
      {{"", "v1", "PersistentVolume"}, false, &out.volumes, false, "persistent volumes"},
  };
  std::vector<std::string> unread;
  for (const auto& q : queries) {
    kube::ListOptions lo;
    if (q.namespaced) lo.namespace_ = ns;
    // finished pods hold nothing
    if (q.gvk.kind == "Pod") lo.field_selector = "status.phase!=Succeeded,status.phase!=Failed";
    auto l = client.list(q.gvk, lo);
    ++out.lists;
    if (!l) {
      auto kind = l.error().kind;
      if (kind != kube::ApiErrorKind::Forbidden && kind != kube::ApiErrorKind::NotFound && kind != kube::ApiErrorKind::Unauthorized)
        return tl::unexpected(kube::to_error(l.error()));
      if (q.required) {
        out = {};
        out.skipped = "capacity not checked: listing " + std::string(q.what) + " is " +
                      (kind == kube::ApiErrorKind::NotFound ? "not served" : "forbidden for this user") +
                      " (the scheduler will say what does not fit once pods are made)";
        return out;
      }
      unread.push_back(q.what);
      continue;
    }
    *q.into = std::move(l->items);
  }
  if (!unread.empty()) {
    out.skipped = "capacity checked without ";
    for (std::size_t i = 0; i < unread.size(); ++i) out.skipped += (i ? ", " : "") + unread[i];
    out.skipped += " (listing them is forbidden for this user)";
  }
  return out;
}

}  // namespace vsctl::apply
