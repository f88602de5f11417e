#include "health/endpoints.h"

#include <algorithm>
#include <set>

namespace vsctl::health {

Check endpoints(const k8s::Json& service, std::span<const k8s::Json* const> slices,
                std::span<const std::string> ready_pods) {
  const auto* selector = k8s::find(service, "/spec/selector");
  if (!selector || !selector->is_object() || selector->empty())
    return Check::ok("no selector: endpoints are managed elsewhere");
  if (k8s::string_at(service, "/spec/type") == "ExternalName") return Check::ok("ExternalName");
  std::set<std::string> listed;
  for (const auto* s : slices) {
    const auto* eps = s ? k8s::find(*s, "/endpoints") : nullptr;
    if (!eps || !eps->is_array()) continue;
    for (const auto& e : *eps) {
      const auto* ready = k8s::find(e, "/conditions/ready");
      bool is_ready = !ready || !ready->is_boolean() || ready->get<bool>();
      if (!is_ready) continue;
      std::string pod = k8s::string_at(e, "/targetRef/name");
      listed.insert(pod.empty() ? k8s::string_at(e, "/addresses/0") : pod);
    }
  }
  std::set<std::string> want(ready_pods.begin(), ready_pods.end());
  Check c;
  c.desired = static_cast<int>(want.size());
  c.ready = static_cast<int>(std::count_if(want.begin(), want.end(), [&](const auto& p) { return listed.count(p) > 0; }));
  if (listed == want) {
    c.done = true;
    c.message = std::to_string(listed.size()) + " endpoint(s)";
    return c;
  }
  int extra = static_cast<int>(listed.size()) - c.ready;
  c.message = "waiting for endpoints: " + std::to_string(c.ready) + "/" + std::to_string(c.desired) + " ready pods listed";
  if (extra > 0) c.message += ", " + std::to_string(extra) + " stale";
  return c;
}

}  // namespace vsctl::health
