#include "health/conditions.h"

namespace vsctl::health {

std::optional<Condition> condition(const k8s::Json& obj, std::string_view type) {
  const auto* conds = k8s::find(obj, "/status/conditions");
  if (!conds || !conds->is_array()) return std::nullopt;
  for (const auto& c : *conds) {
    if (!c.is_object() || k8s::string_at(c, "/type") != type) continue;
    return Condition{std::string(type), k8s::string_at(c, "/status"), k8s::string_at(c, "/reason"),
                     k8s::string_at(c, "/message")};
  }
  return std::nullopt;
}

bool observed(const k8s::Json& obj) {
  auto gen = k8s::int_at(obj, "/metadata/generation");
  auto seen = k8s::int_at(obj, "/status/observedGeneration");
  if (!gen) return true;
  if (!seen) return false;
  return *seen >= *gen;
}

int spec_replicas(const k8s::Json& obj) { return static_cast<int>(k8s::int_at(obj, "/spec/replicas").value_or(1)); }

int status_int(const k8s::Json& obj, std::string_view field) {
  return static_cast<int>(k8s::int_at(obj, std::string("/status/") + std::string(field)).value_or(0));
}

}  // namespace vsctl::health
