#pragma once
// What the API server serves: group/version/kind -> resource path and scope. Built from the
// aggregated discovery documents (/api and /apis, two requests) or from the legacy per-group
// documents.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "k8s/json.h"
#include "k8s/object_key.h"
#include "util/error.h"

namespace vsctl::kube {

struct ResourceInfo {
  std::string group;
  std::string version;
  std::string kind;
  std::string resource;  // plural: "deployments"
  bool namespaced = false;
  std::vector<std::string> verbs;
  std::vector<std::string> subresources;  // "status", "scale"

  k8s::GroupVersionKind gvk() const { return {group, version, kind}; }
  bool has_subresource(std::string_view s) const;
};

// "/api/v1" or "/apis/apps/v1".
std::string group_version_path(std::string_view group, std::string_view version);
// The collection: "/apis/apps/v1/namespaces/shop/deployments"; cluster-wide or for
// cluster-scoped resources when `ns` is empty.
std::string collection_path(const ResourceInfo& r, std::string_view ns);
// One object: collection_path + "/" + name.
std::string object_path(const ResourceInfo& r, std::string_view ns, std::string_view name);

class Discovery {
 public:
  void add(ResourceInfo r);
  const ResourceInfo* find(const k8s::GroupVersionKind& gvk) const;
  const ResourceInfo* find_resource(std::string_view group, std::string_view version,
                                    std::string_view resource) const;
  const std::vector<ResourceInfo>& resources() const { return resources_; }
  std::size_t size() const { return resources_.size(); }

 private:
  std::vector<ResourceInfo> resources_;
  std::map<k8s::GroupVersionKind, std::size_t> by_gvk_;
};

// The Accept header asking for aggregated discovery, falling back to the plain documents.
inline constexpr std::string_view kAggregatedDiscoveryAccept =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";

// Whether a /api or /apis response is an aggregated APIGroupDiscoveryList.
bool is_aggregated(const k8s::Json& doc);

// Adds every resource of an APIGroupDiscoveryList.
util::Result<void> add_aggregated(const k8s::Json& doc, Discovery& into);

// Legacy: the group versions listed by /api (APIVersions) or /apis (APIGroupList), as
// "v1" or "apps/v1".
util::Result<std::vector<std::string>> legacy_group_versions(const k8s::Json& doc);

// Legacy: adds the resources of one APIResourceList (/api/v1, /apis/apps/v1).
util::Result<void> add_resource_list(const k8s::Json& doc, Discovery& into);

}  // namespace vsctl::kube
