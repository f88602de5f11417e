#include "kube/cluster_client.h"

namespace vsctl::kube {
namespace {

ApiResult<Lease> to_lease(ApiResult<k8s::Json> r, const std::string& path) {
  if (!r) return api_fail(r.error());
  auto l = lease_from_json(*r);
  if (!l) {
    ApiError e;
    e.kind = ApiErrorKind::BadRequest;
    e.path = path;
    e.message = "the server answered with something that is not a Lease";
    return api_fail(std::move(e));
  }
  return *l;
}

}  // namespace

std::vector<ApiResult<k8s::Json>> ClusterClient::apply_all(std::span<const k8s::Json> objects,
                                                           const ApplyOptions& opts) {
  std::vector<ApiResult<k8s::Json>> out;
  out.reserve(objects.size());
  for (const auto& o : objects) out.push_back(apply(o, opts));
  return out;
}

std::vector<ApiResult<ObjectList>> ClusterClient::list_many(std::span<const ListQuery> queries) {
  std::vector<ApiResult<ObjectList>> out;
  out.reserve(queries.size());
  for (const auto& q : queries) out.push_back(list(q.gvk, q.opts));
  return out;
}

ApiResult<std::string> ClusterClient::pod_log(const std::string& ns, const std::string& pod, const std::string&, int, int) {
  ApiError e;
  e.kind = ApiErrorKind::BadRequest;
  e.verb = "get";
  e.path = "/api/v1/namespaces/" + ns + "/pods/" + pod + "/log";
  e.message = "this client does not read logs";
  return api_fail(std::move(e));
}

ApiResult<std::optional<Lease>> ClusterClient::get_lease(const std::string& ns, const std::string& name) {
  Lease probe;
  probe.namespace_ = ns;
  probe.name = name;
  auto r = get(probe.key());
  if (!r) return api_fail(r.error());
  if (!*r) return std::optional<Lease>();
  auto l = to_lease(std::move(**r), ns + "/" + name);
  if (!l) return api_fail(l.error());
  return std::optional<Lease>(std::move(*l));
}

ApiResult<Lease> ClusterClient::create_lease(const Lease& lease) {
  Lease l = lease;
  l.resource_version.clear();
  return to_lease(create(to_json(l), DryRun::No), lease.namespace_ + "/" + lease.name);
}

ApiResult<Lease> ClusterClient::update_lease(const Lease& lease) {
  return to_lease(update(to_json(lease), DryRun::No), lease.namespace_ + "/" + lease.name);
}

}  // namespace vsctl::kube
