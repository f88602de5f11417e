#include "manifest/model.h"

#include <algorithm>

namespace vsctl::manifest {

const char* to_string(Importance i) {
  switch (i) {
    case Importance::Critical: return "critical";
    case Importance::High: return "high";
    case Importance::Normal: return "normal";
    case Importance::Low: return "low";
  }
  return "normal";
}

const char* to_string(Recovery r) { return r == Recovery::Pet ? "pet" : "cattle"; }

const char* to_string(Rollout::Strategy s) {
  switch (s) {
    case Rollout::Strategy::Canary: return "canary";
    case Rollout::Strategy::BlueGreen: return "blueGreen";
    case Rollout::Strategy::Rolling: break;
  }
  return "rolling";
}

const char* to_string(PromotionStage::Approval a) { return a == PromotionStage::Approval::Manual ? "manual" : "auto"; }

const PromotionStage* Promotion::stage_of(std::string_view env) const {
  for (const auto& s : stages)
    for (const auto& e : s.environments)
      if (e == env) return &s;
  return nullptr;
}

std::string image_with_tag(const std::string& image, const std::string& version) {
  if (image.find('@') != std::string::npos || version.empty()) return image;
  auto slash = image.rfind('/');
  auto colon = image.rfind(':');
  if (colon != std::string::npos && (slash == std::string::npos || colon > slash)) return image;
  return image + ":" + version;
}

std::string Service::image_ref() const { return image_with_tag(image, version); }

const Dependency* Service::dependency(std::string_view service) const {
  for (const auto& d : depends_on)
    if (d.service == service) return &d;
  return nullptr;
}

bool Allow::cluster_object(std::string_view kind, std::string_view name) const {
  for (const auto& o : cluster_objects)
    if (o.kind == kind && o.name == name) return true;
  return false;
}

bool Allow::cluster_kind(std::string_view kind) const {
  for (const auto& o : cluster_objects)
    if (o.kind == kind) return true;
  return false;
}

bool Allow::ns(std::string_view n) const {
  for (const auto& x : namespaces)
    if (x == n) return true;
  return false;
}

const Service* Architecture::find(std::string_view n) const {
  auto it = std::lower_bound(services.begin(), services.end(), n,
                             [](const Service& s, std::string_view k) { return s.name < k; });
  return it != services.end() && it->name == n ? &*it : nullptr;
}

Service* Architecture::find(std::string_view n) {
  return const_cast<Service*>(std::as_const(*this).find(n));
}

}  // namespace vsctl::manifest
