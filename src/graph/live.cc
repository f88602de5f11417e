#include "graph/live.h"

#include "health/service.h"
#include "k8s/labels.h"
#include "render/render.h"

namespace vsctl::graph {

namespace {

std::string label(const k8s::Json& obj, std::string_view key) {
  const auto* labels = obj.contains("metadata") && obj["metadata"].contains("labels") ? &obj["metadata"]["labels"] : nullptr;
  if (!labels || !labels->is_object()) return {};
  auto it = labels->find(std::string(key));
  return it != labels->end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string kind(const k8s::Json& obj) { return obj.value("kind", std::string()); }

}  // namespace

std::map<std::string, LiveState> live_states(const manifest::Architecture& a, std::span<const k8s::Json> live) {
  std::map<std::string, health::ServiceObjects> objs;
  for (const auto& o : live) {
    if (!o.is_object() || label(o, k8s::kLabelPartOf) != a.name) continue;
    if (!label(o, "vsctl.dev/hook").empty()) continue;  // a hook's Job and pods are not the service
    std::string name = label(o, k8s::kLabelName);
    if (name.empty()) continue;
    std::string k = kind(o);
    auto& s = objs[name];
    if (k == "Deployment" || k == "StatefulSet") s.workload = &o;
    else if (k == "Pod") s.pods.push_back(&o);
    else if (k == "Service") s.service = &o;
    else if (k == "EndpointSlice") s.endpoint_slices.push_back(&o);
    else if (k == "HorizontalPodAutoscaler") s.autoscaler = &o;
  }
  const health::CauseIndex causes(live);
  std::map<std::string, LiveState> out;
  for (const auto& svc : a.services) {
    auto it = objs.find(svc.name);
    if (it == objs.end() || !it->second.workload) continue;
    causes.add_to(it->second, svc.name);
    health::Want want{render::label_value(svc.version), !svc.ports.empty(), svc.autoscaled(), health::Change::None, false};
    health::ServiceHealth h = health::assess(it->second, want);
    std::string version = label(*it->second.workload, k8s::kLabelVersion);
    if (version == want.version) version = svc.version;  // the label is the version made label-safe
    out[svc.name] = {h.state, h.done ? std::string() : h.reason, version, h.done ? std::string() : h.message};
  }
  return out;
}

}  // namespace vsctl::graph
