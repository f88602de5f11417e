// CurlClient's discovery: aggregated (two requests), else the legacy documents in parallel.
#include "kube/curl_client.h"

namespace vsctl::kube {
namespace {

ApiError discovery_error(const std::string& path, const std::string& message) {
  ApiError e;
  e.kind = ApiErrorKind::ServerError;
  e.verb = "get";
  e.path = path;
  e.message = message;
  return e;
}

}  // namespace

ApiResult<std::shared_ptr<const Discovery>> CurlClient::discovery() {
  {
    std::lock_guard lock(mu_);
    if (discovery_) return discovery_;
  }
  auto d = fetch_discovery();
  if (!d) return d;
  std::lock_guard lock(mu_);
  discovery_ = *d;
  discovery_at_ = std::chrono::steady_clock::now();
  return discovery_;
}

ApiResult<std::shared_ptr<const Discovery>> CurlClient::fetch_discovery() {
  std::vector<Request> roots(2);
  roots[0].path = "/api";
  roots[1].path = "/apis";
  for (auto& r : roots) r.accept = std::string(kAggregatedDiscoveryAccept);
  auto answers = parallel(roots, 2);
  auto d = std::make_shared<Discovery>();
  std::vector<std::string> legacy;
  for (std::size_t i = 0; i < 2; ++i) {
    if (!answers[i]) return api_fail(answers[i].error());
    auto doc = k8s::parse_json(roots[i].path, answers[i]->body);
    if (!doc) return api_fail(discovery_error(roots[i].path, doc.error().message));
    if (is_aggregated(*doc)) {
      if (auto ok = add_aggregated(*doc, *d); !ok) return api_fail(discovery_error(roots[i].path, ok.error().message));
    } else {
      auto gvs = legacy_group_versions(*doc);
      if (!gvs) return api_fail(discovery_error(roots[i].path, gvs.error().message));
      for (auto& gv : *gvs) legacy.push_back(i == 0 ? "/api/" + gv : "/apis/" + gv);
    }
  }
  if (!legacy.empty()) {
    logger_.log(6, "the API server has no aggregated discovery; reading " + std::to_string(legacy.size()) +
                       " group versions");
    std::vector<Request> lists(legacy.size());
    for (std::size_t i = 0; i < legacy.size(); ++i) lists[i].path = legacy[i];
    auto docs = parallel(lists, opts_.max_in_flight);
    for (std::size_t i = 0; i < docs.size(); ++i) {
      if (!docs[i]) {
        // An aggregated API that is down (metrics, say) must not stop everything else.
        logger_.warn("warning: discovery of " + legacy[i] + " failed: " + describe(docs[i].error()));
        continue;
      }
      auto doc = k8s::parse_json(legacy[i], docs[i]->body);
      if (!doc) continue;
      (void)add_resource_list(*doc, *d);
    }
  }
  return std::shared_ptr<const Discovery>(std::move(d));
}

}  // namespace vsctl::kube
