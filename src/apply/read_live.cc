#include "apply/read_live.h"

#include <set>

#include "apply/record.h"
#include "k8s/labels.h"

namespace vsctl::apply {

std::string part_of_selector(std::string_view architecture) {
  return std::string(k8s::kLabelPartOf) + "=" + std::string(architecture);
}

namespace {

bool controlled(const k8s::Json& o) {
  const auto* refs = k8s::find(o, "/metadata/ownerReferences");
  if (!refs || !refs->is_array()) return false;
  for (const auto& r : *refs)
    if (r.value("controller", false)) return true;
  return false;
}

}  // namespace

util::Result<LiveRead> read_live(kube::ClusterClient& client, std::span<const render::Object> desired,
                                 std::span<const k8s::Json> recorded, const std::string& ns,
                                 const std::string& architecture) {
  // (gvk, namespace) -> whether every object is wanted (true) or only labelled ones (false)
  std::map<std::pair<k8s::GroupVersionKind, std::string>, bool> queries;
  for (const auto& o : desired) queries[{o.key.gvk(), o.key.namespace_}] = true;
  for (const char* k : {"Deployment", "StatefulSet"}) queries.try_emplace({{"apps", "v1", k}, ns}, false);
  queries.try_emplace({{"", "v1", "Service"}, ns}, false);
  queries.try_emplace({{"autoscaling", "v2", "HorizontalPodAutoscaler"}, ns}, false);
  for (const auto& o : recorded)
    if (auto key = k8s::key_of(o)) queries.try_emplace({key->gvk(), key->namespace_}, false);

  LiveRead out;
  for (const auto& [q, all] : queries) {
    if (q.first.kind == "Namespace") {  // GET the namespaces we render rather than LIST them all
      for (const auto& o : desired)
        if (o.key.kind == "Namespace") {
          auto g = client.get(o.key);
          if (!g) return tl::unexpected(kube::to_error(g.error()));
          if (*g) out.objects.push_back(std::move(**g));
        }
      ++out.lists;
      continue;
    }
    kube::ListOptions lo;
    lo.namespace_ = q.second;
    if (!all) lo.label_selector = part_of_selector(architecture);
    auto l = client.list(q.first, lo);
    ++out.lists;
    if (!l) {
      if (l.error().kind == kube::ApiErrorKind::NotFound) continue;  // the kind is not served: nothing of it exists
      return tl::unexpected(kube::to_error(l.error()));
    }
    for (auto& o : l->items) {
      if (controlled(o)) continue;
      if (q.first.kind == "Secret" && k8s::string_at(o, "/type") == kRecordType) continue;
      out.objects.push_back(std::move(o));
    }
  }
  return out;
}

}  // namespace vsctl::apply
