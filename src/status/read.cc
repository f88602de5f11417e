#include "status/read.h"

#include <algorithm>
#include <set>

#include "apply/read_live.h"
#include "apply/record.h"
#include "k8s/labels.h"
#include "status/group.h"
#include "util/strings.h"

namespace vsctl::status {

namespace {

util::Result<kube::ObjectList> list(kube::ClusterClient& client, const k8s::GroupVersionKind& gvk, const std::string& ns,
                                    const std::string& selector) {
  kube::ListOptions lo;
  lo.namespace_ = ns;
  lo.label_selector = selector;
  lo.managed_fields = false;  // status never looks at field ownership
  auto l = client.list(gvk, lo);
  if (!l) {
    if (l.error().kind == kube::ApiErrorKind::NotFound) return kube::ObjectList{};  // the kind is not served
    return tl::unexpected(kube::to_error(l.error()));
  }
  return std::move(*l);
}

}  // namespace

util::Result<std::vector<std::string>> architectures(kube::ClusterClient& client, const std::string& ns) {
  std::set<std::string> found;
  VSCTL_TRY(records, list(client, {"", "v1", "Secret"}, ns, std::string(apply::kLabelPart) + "=header"));
  for (const auto& s : records.items)
    if (k8s::string_at(s, "/type") == apply::kRecordType)
      if (auto a = label(s, apply::kLabelRecord); !a.empty()) found.insert(a);
  std::string managed = std::string(k8s::kLabelManagedBy) + "=" + std::string(k8s::kManagedByValue);
  for (const char* kind : {"Deployment", "StatefulSet"}) {
    VSCTL_TRY(w, list(client, {"apps", "v1", kind}, ns, managed));
    for (const auto& o : w.items)
      if (auto a = label(o, k8s::kLabelPartOf); !a.empty()) found.insert(a);
  }
  return std::vector<std::string>(found.begin(), found.end());
}

util::Result<std::string> pick_architecture(const std::vector<std::string>& found, const std::string& wanted,
                                            const std::string& ns) {
  if (!wanted.empty()) {
    if (found.empty() || std::find(found.begin(), found.end(), wanted) != found.end()) return wanted;
    return util::fail(util::ErrorKind::Usage, "namespace " + util::quote(ns) + " holds no architecture " + util::quote(wanted) +
                                                  " (it holds " + util::join(found, ", ") + ")");
  }
  if (found.size() == 1) return found.front();
  if (found.empty())
    return util::fail(util::ErrorKind::Usage, "namespace " + util::quote(ns) +
                                                  " holds no record and no workload of vsctl's: name the right one with -n NS");
  return util::fail(util::ErrorKind::Usage, "namespace " + util::quote(ns) + " holds several architectures (" +
                                                util::join(found, ", ") + "): pick one with --architecture NAME");
}

util::Result<std::vector<k8s::Json>> read_live(kube::ClusterClient& client, const std::string& ns,
                                              const std::string& architecture) {
  static const k8s::GroupVersionKind kinds[] = {{"apps", "v1", "Deployment"},
                                                {"apps", "v1", "StatefulSet"},
                                                {"", "v1", "Pod"},
                                                {"", "v1", "Service"},
                                                {"discovery.k8s.io", "v1", "EndpointSlice"},
                                                {"autoscaling", "v2", "HorizontalPodAutoscaler"}};
  std::vector<k8s::Json> out;
  std::string selector = apply::part_of_selector(architecture);
  for (const auto& gvk : kinds) {
    VSCTL_TRY(l, list(client, gvk, ns, selector));
    for (auto& o : l.items) out.push_back(std::move(o));
  }
  // What only says why a service is blocked: a user who may not read it gets the states without
  // those causes. Events carry no labels: the namespace's Warnings about the kinds a cause is
  // found on.
  static const std::set<std::string> about = {"Pod", "ReplicaSet", "StatefulSet", "Deployment", "PersistentVolumeClaim"};
  struct Optional {
    k8s::GroupVersionKind gvk;
    std::string labels, fields;
  };
  for (const auto& [gvk, labels, fields] : {Optional{{"apps", "v1", "ReplicaSet"}, selector, ""},
                                            Optional{{"", "v1", "PersistentVolumeClaim"}, selector, ""},
                                            Optional{{"", "v1", "Event"}, "", "type=Warning"}}) {
    kube::ListOptions lo;
    lo.namespace_ = ns;
    lo.label_selector = labels;
    lo.field_selector = fields;
    lo.managed_fields = false;
    auto l = client.list(gvk, lo);
    if (!l) {
      if (l.error().kind == kube::ApiErrorKind::Forbidden || l.error().kind == kube::ApiErrorKind::NotFound) continue;
      return tl::unexpected(kube::to_error(l.error()));
    }
    for (auto& o : l->items)
      if (gvk.kind != "Event" || about.count(k8s::string_at(o, "/involvedObject/kind"))) out.push_back(std::move(o));
  }
  return out;
}

}  // namespace vsctl::status
