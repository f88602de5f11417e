#include <algorithm>

#include "apply/veto.h"

namespace vsctl::apply {

namespace {
const k8s::GroupVersionKind kConfigMap{"", "v1", "ConfigMap"};
constexpr int kAttempts = 5;
}  // namespace

VetoStore::VetoStore(kube::ClusterClient& client, std::string ns, std::string architecture)
    : client_(client), ns_(std::move(ns)), arch_(std::move(architecture)) {}

util::Result<std::optional<k8s::Json>> VetoStore::read() {
  auto g = client_.get({"", "v1", "ConfigMap", ns_, veto_configmap_name(arch_)});
  if (!g) {
    if (g.error().kind == kube::ApiErrorKind::NotFound) return std::optional<k8s::Json>{};
    return tl::unexpected(kube::to_error(g.error()));
  }
  return std::move(*g);
}

util::Result<std::vector<Veto>> VetoStore::list() {
  VSCTL_TRY(cm, read());
  if (!cm) return std::vector<Veto>{};
  return decode_vetoes(*cm);
}

kube::ClusterClient::ListQuery VetoStore::list_query() const {
  kube::ClusterClient::ListQuery q{kConfigMap, {}};
  q.opts.namespace_ = ns_;
  q.opts.field_selector = "metadata.name=" + veto_configmap_name(arch_);
  q.opts.managed_fields = false;
  return q;
}

util::Result<std::vector<Veto>> VetoStore::from_list(kube::ApiResult<kube::ObjectList> l) const {
  if (!l) {
    if (l.error().kind == kube::ApiErrorKind::NotFound) return std::vector<Veto>{};
    return tl::unexpected(kube::to_error(l.error()));
  }
  for (const auto& cm : l->items)
    if (k8s::string_at(cm, "/metadata/name") == veto_configmap_name(arch_)) return decode_vetoes(cm);
  return std::vector<Veto>{};
}

// Writes the list over `current` (create when absent); false when another writer won the race.
util::Result<bool> VetoStore::write(std::optional<k8s::Json> current, const std::vector<Veto>& vetoes) {
  auto body = encode_vetoes(arch_, ns_, vetoes);
  if (!current) {
    auto c = client_.create(body, kube::DryRun::No);
    if (c) return true;
    if (c.error().kind == kube::ApiErrorKind::AlreadyExists) return false;
    return tl::unexpected(kube::to_error(c.error()));
  }
  body["metadata"]["resourceVersion"] = k8s::string_at(*current, "/metadata/resourceVersion");
  auto u = client_.update(body, kube::DryRun::No);
  if (u) return true;
  if (u.error().kind == kube::ApiErrorKind::Conflict || u.error().kind == kube::ApiErrorKind::NotFound) return false;
  return tl::unexpected(kube::to_error(u.error()));
}

util::Result<bool> VetoStore::add(const Veto& v) {
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    VSCTL_TRY(cm, read());
    std::vector<Veto> vetoes;
    if (cm) {
      VSCTL_TRY(d, decode_vetoes(*cm));
      vetoes = std::move(d);
    }
    auto it = std::find_if(vetoes.begin(), vetoes.end(),
                           [&](const Veto& x) { return x.service == v.service && x.version == v.version; });
    bool changed = true;
    if (it == vetoes.end()) {
      vetoes.push_back(v);
    } else {
      changed = it->reason != v.reason;
      if (!changed) return false;
      *it = v;
    }
    VSCTL_TRY(done, write(std::move(cm), vetoes));
    if (done) return changed;
  }
  return util::fail(util::ErrorKind::Cluster, "the veto list of " + arch_ + " kept changing while it was written; try again");
}

util::Result<bool> VetoStore::remove(std::string_view service, std::string_view version) {
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    VSCTL_TRY(cm, read());
    if (!cm) return false;
    VSCTL_TRY(vetoes, decode_vetoes(*cm));
    auto it = std::find_if(vetoes.begin(), vetoes.end(),
                           [&](const Veto& x) { return x.service == service && x.version == version; });
    if (it == vetoes.end()) return false;
    vetoes.erase(it);
    VSCTL_TRY(done, write(std::move(cm), vetoes));
    if (done) return true;
  }
  return util::fail(util::ErrorKind::Cluster, "the veto list of " + arch_ + " kept changing while it was written; try again");
}

}  // namespace vsctl::apply
