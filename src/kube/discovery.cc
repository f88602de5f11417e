#include "kube/discovery.h"

namespace vsctl::kube {
namespace {

using util::ErrorKind;

std::vector<std::string> strings(const k8s::Json* arr) {
  std::vector<std::string> out;
  if (!arr || !arr->is_array()) return out;
  for (const auto& v : *arr) {
    if (v.is_string()) out.push_back(v.get<std::string>());
  }
  return out;
}

}  // namespace

bool ResourceInfo::has_subresource(std::string_view s) const {
  for (const auto& x : subresources) {
    if (x == s) return true;
  }
  return false;
}

std::string group_version_path(std::string_view group, std::string_view version) {
  if (group.empty()) return "/api/" + std::string(version);
  return "/apis/" + std::string(group) + "/" + std::string(version);
}

std::string collection_path(const ResourceInfo& r, std::string_view ns) {
  std::string p = group_version_path(r.group, r.version);
  if (r.namespaced && !ns.empty()) {
    p += "/namespaces/";
    p += ns;
  }
  p += '/';
  p += r.resource;
  return p;
}

std::string object_path(const ResourceInfo& r, std::string_view ns, std::string_view name) {
  return collection_path(r, ns) + "/" + std::string(name);
}

void Discovery::add(ResourceInfo r) {
  auto gvk = r.gvk();
  if (auto it = by_gvk_.find(gvk); it != by_gvk_.end()) {
    // Several resources may answer with one kind; the one named after it wins (not a
    // subresource, which are never added here).
    return;
  }
  by_gvk_.emplace(std::move(gvk), resources_.size());
  resources_.push_back(std::move(r));
}

const ResourceInfo* Discovery::find(const k8s::GroupVersionKind& gvk) const {
  auto it = by_gvk_.find(gvk);
  return it == by_gvk_.end() ? nullptr : &resources_[it->second];
}

const ResourceInfo* Discovery::find_resource(std::string_view group, std::string_view version,
                                             std::string_view resource) const {
  for (const auto& r : resources_) {
    if (r.group == group && r.version == version && r.resource == resource) return &r;
  }
  return nullptr;
}

bool is_aggregated(const k8s::Json& doc) {
  return doc.is_object() && k8s::string_at(doc, "/kind") == "APIGroupDiscoveryList";
}

util::Result<void> add_aggregated(const k8s::Json& doc, Discovery& into) {
  const auto* items = k8s::find(doc, "/items");
  if (!is_aggregated(doc) || !items || !items->is_array()) {
    return util::fail(ErrorKind::Cluster, "discovery: expected an APIGroupDiscoveryList");
  }
  for (const auto& group : *items) {
    std::string g = k8s::string_at(group, "/metadata/name");
    const auto* versions = k8s::find(group, "/versions");
    if (!versions || !versions->is_array()) continue;
    for (const auto& version : *versions) {
      std::string v = k8s::string_at(version, "/version");
      const auto* resources = k8s::find(version, "/resources");
      if (!resources || !resources->is_array()) continue;
      for (const auto& res : *resources) {
        ResourceInfo r;
        r.group = g;
        r.version = v;
        r.resource = k8s::string_at(res, "/resource");
        r.kind = k8s::string_at(res, "/responseKind/kind");
        r.namespaced = k8s::string_at(res, "/scope") == "Namespaced";
        r.verbs = strings(k8s::find(res, "/verbs"));
        if (const auto* subs = k8s::find(res, "/subresources"); subs && subs->is_array()) {
          for (const auto& s : *subs) r.subresources.push_back(k8s::string_at(s, "/subresource"));
        }
        if (r.resource.empty() || r.kind.empty()) continue;
        into.add(std::move(r));
      }
    }
  }
  return {};
}

util::Result<std::vector<std::string>> legacy_group_versions(const k8s::Json& doc) {
  std::string kind = k8s::string_at(doc, "/kind");
  if (kind == "APIVersions") return strings(k8s::find(doc, "/versions"));
  if (kind == "APIGroupList") {
    std::vector<std::string> out;
    const auto* groups = k8s::find(doc, "/groups");
    if (groups && groups->is_array()) {
      for (const auto& g : *groups) {
        const auto* versions = k8s::find(g, "/versions");
        if (!versions || !versions->is_array()) continue;
        for (const auto& v : *versions) out.push_back(k8s::string_at(v, "/groupVersion"));
      }
    }
    return out;
  }
  return util::fail(ErrorKind::Cluster,
                    "discovery: expected APIVersions or APIGroupList, got " + (kind.empty() ? std::string("no kind") : kind));
}

util::Result<void> add_resource_list(const k8s::Json& doc, Discovery& into) {
  if (k8s::string_at(doc, "/kind") != "APIResourceList") {
    return util::fail(ErrorKind::Cluster, "discovery: expected an APIResourceList");
  }
  auto gv = k8s::parse_api_version(k8s::string_at(doc, "/groupVersion"));
  const auto* resources = k8s::find(doc, "/resources");
  if (!resources || !resources->is_array()) return {};
  // Subresources ("deployments/status") are listed as resources of their own: attach them.
  std::map<std::string, std::vector<std::string>> subs;
  for (const auto& res : *resources) {
    std::string name = k8s::string_at(res, "/name");
    if (auto slash = name.find('/'); slash != std::string::npos) {
      subs[name.substr(0, slash)].push_back(name.substr(slash + 1));
    }
  }
  for (const auto& res : *resources) {
    std::string name = k8s::string_at(res, "/name");
    if (name.empty() || name.find('/') != std::string::npos) continue;
    ResourceInfo r;
    r.group = k8s::string_at(res, "/group");
    r.version = k8s::string_at(res, "/version");
    if (r.group.empty() && r.version.empty()) {
      r.group = gv.group;
      r.version = gv.version;
    }
    r.resource = name;
    r.kind = k8s::string_at(res, "/kind");
    const auto* ns = k8s::find(res, "/namespaced");
    r.namespaced = ns && ns->is_boolean() && ns->get<bool>();
    r.verbs = strings(k8s::find(res, "/verbs"));
    r.subresources = subs[name];
    into.add(std::move(r));
  }
  return {};
}

}  // namespace vsctl::kube
