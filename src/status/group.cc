#include "status/group.h"

#include "k8s/labels.h"

namespace vsctl::status {

std::string label(const k8s::Json& obj, std::string_view key) {
  const auto* l = k8s::find(obj, "/metadata/labels");
  if (!l || !l->is_object()) return {};
  auto it = l->find(std::string(key));
  return it != l->end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::map<std::string, LiveService> group(std::span<const k8s::Json> live, const std::string& architecture) {
  std::map<std::string, LiveService> out;
  for (const auto& o : live) {
    std::string kind = k8s::string_at(o, "/kind");
    if (kind == "EndpointSlice") {
      // slices carry the Service's name, not vsctl's labels
      std::string svc = label(o, "kubernetes.io/service-name");
      if (!svc.empty()) out[svc].slices.push_back(&o);
      continue;
    }
    if (label(o, k8s::kLabelPartOf) != architecture) continue;
    std::string name = label(o, k8s::kLabelName);
    if (name.empty()) continue;
    if (kind == "Pod") {
      if (label(o, "vsctl.dev/hook").empty()) out[name].pods.push_back(&o);
      continue;
    }
    if (label(o, k8s::kLabelManagedBy) != k8s::kManagedByValue) continue;
    const std::string obj_name = k8s::string_at(o, "/metadata/name");
    if (kind == "Deployment" && (obj_name == name + "-canary" || obj_name == name + "-preview")) {
      out[name].rollout = &o;  // a canary or blue-green rollout under way
      continue;
    }
    if (obj_name != name) continue;  // a service's objects are named after it
    if (kind == "Deployment" || kind == "StatefulSet") out[name].workload = &o;
    else if (kind == "Service") out[name].service = &o;
    else if (kind == "HorizontalPodAutoscaler") out[name].autoscaler = &o;
  }
  // slices of Services that are not the architecture's
  for (auto it = out.begin(); it != out.end();) {
    const auto& s = it->second;
    if (!s.workload && !s.service && !s.autoscaler && s.pods.empty()) it = out.erase(it);
    else ++it;
  }
  return out;
}

}  // namespace vsctl::status
