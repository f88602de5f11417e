#include "status/read.h"

#include <algorithm>
#include <set>
#include <span>

#include "apply/read_live.h"
#include "apply/record.h"
#include "apply/record_store.h"
#include "apply/veto.h"
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

namespace {

std::vector<kube::ClusterClient::ListQuery> live_queries(const std::string& ns, const std::string& architecture) {
  std::string selector = apply::part_of_selector(architecture);
  auto query = [&](k8s::GroupVersionKind gvk, std::string labels, std::string fields) {
    kube::ClusterClient::ListQuery q{std::move(gvk), {}};
    q.opts.namespace_ = ns;
    q.opts.label_selector = std::move(labels);
    q.opts.field_selector = std::move(fields);
    q.opts.managed_fields = false;  // status never looks at field ownership
    return q;
  };
  return {
      query({"apps", "v1", "Deployment"}, selector, ""),
      query({"apps", "v1", "StatefulSet"}, selector, ""),
      query({"", "v1", "Pod"}, selector, ""),
      query({"", "v1", "Service"}, selector, ""),
      query({"discovery.k8s.io", "v1", "EndpointSlice"}, selector, ""),
      query({"autoscaling", "v2", "HorizontalPodAutoscaler"}, selector, ""),
      // What only says why a service is blocked: a user who may not read it gets the states
      // without those causes. Events carry no labels: the namespace's Warnings about the kinds a
      // cause is found on.
      query({"apps", "v1", "ReplicaSet"}, selector, ""),
      query({"", "v1", "PersistentVolumeClaim"}, selector, ""),
      query({"", "v1", "Event"}, "", "type=Warning"),
  };
}

// The live objects from the answers to live_queries(), in the same order.
util::Result<std::vector<k8s::Json>> collect_live(std::span<const kube::ClusterClient::ListQuery> queries,
                                                  std::span<kube::ApiResult<kube::ObjectList>> lists) {
  static const std::set<std::string> about = {"Pod", "ReplicaSet", "StatefulSet", "Deployment", "PersistentVolumeClaim"};
  static const std::set<std::string> for_causes_only = {"ReplicaSet", "PersistentVolumeClaim", "Event"};
  std::vector<k8s::Json> out;
  for (std::size_t i = 0; i < lists.size(); ++i) {
    auto& l = lists[i];
    const std::string& kind = queries[i].gvk.kind;
    if (!l) {
      auto why = l.error().kind;
      if (why == kube::ApiErrorKind::NotFound) continue;  // the kind is not served
      if (why == kube::ApiErrorKind::Forbidden && for_causes_only.count(kind)) continue;
      return tl::unexpected(kube::to_error(l.error()));
    }
    bool event = kind == "Event";
    for (auto& o : l->items)
      if (!event || about.count(k8s::string_at(o, "/involvedObject/kind"))) out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

util::Result<std::vector<k8s::Json>> read_live(kube::ClusterClient& client, const std::string& ns,
                                              const std::string& architecture) {
  // Every list at once: one round trip to the API server rather than one per kind.
  auto queries = live_queries(ns, architecture);
  auto lists = client.list_many(queries);
  return collect_live(queries, lists);
}

util::Result<Snapshot> read_all(kube::ClusterClient& client, const std::string& ns, const std::string& architecture) {
  apply::RecordStore records(client, ns, architecture);
  apply::VetoStore vetoes(client, ns, architecture);
  std::vector<kube::ClusterClient::ListQuery> queries = {records.list_query(), vetoes.list_query()};
  auto live = live_queries(ns, architecture);
  queries.insert(queries.end(), live.begin(), live.end());
  auto lists = client.list_many(queries);
  Snapshot out;
  VSCTL_TRY(r, records.from_list(std::move(lists[0])));
  out.records = std::move(r);
  VSCTL_TRY(v, vetoes.from_list(std::move(lists[1])));
  out.vetoes = std::move(v);
  VSCTL_TRY(objects, collect_live(std::span(queries).subspan(2), std::span(lists).subspan(2)));
  out.live = std::move(objects);
  return out;
}

std::vector<Veto> vetoes_of(std::span<const apply::Veto> vetoes) {
  std::vector<Veto> out;
  out.reserve(vetoes.size());
  for (const auto& v : vetoes) out.push_back({v.service, v.version, v.reason, v.by, v.at});
  return out;
}

}  // namespace vsctl::status
