#include "kube/discovery.h"

#include <doctest/doctest.h>

using namespace vsctl::kube;
using vsctl::k8s::Json;

namespace {

const char* kAggregatedApis = R"({"kind":"APIGroupDiscoveryList","apiVersion":"apidiscovery.k8s.io/v2",
 "items":[{"metadata":{"name":"apps"},"versions":[{"version":"v1","freshness":"Current","resources":[
   {"resource":"deployments","responseKind":{"group":"apps","version":"v1","kind":"Deployment"},
    "scope":"Namespaced","singularResource":"deployment","verbs":["create","delete","get","list","patch","update","watch"],
    "subresources":[{"subresource":"scale","responseKind":{"group":"autoscaling","version":"v1","kind":"Scale"},"verbs":["get"]},
                    {"subresource":"status","responseKind":{"group":"apps","version":"v1","kind":"Deployment"},"verbs":["get"]}]}]}]},
  {"metadata":{"name":"rbac.authorization.k8s.io"},"versions":[{"version":"v1","resources":[
   {"resource":"clusterroles","responseKind":{"group":"rbac.authorization.k8s.io","version":"v1","kind":"ClusterRole"},"scope":"Cluster","verbs":["get"]}]}]}]})";

const char* kAggregatedCore = R"({"kind":"APIGroupDiscoveryList","apiVersion":"apidiscovery.k8s.io/v2",
 "items":[{"metadata":{},"versions":[{"version":"v1","resources":[
   {"resource":"configmaps","responseKind":{"group":"","version":"v1","kind":"ConfigMap"},"scope":"Namespaced","verbs":["get"]},
   {"resource":"namespaces","responseKind":{"group":"","version":"v1","kind":"Namespace"},"scope":"Cluster","verbs":["get"]}]}]}]})";

}  // namespace

TEST_CASE("discovery: aggregated documents map kinds to resources and scope") {
  Discovery d;
  REQUIRE(add_aggregated(Json::parse(kAggregatedApis), d));
  REQUIRE(add_aggregated(Json::parse(kAggregatedCore), d));
  CHECK(d.size() == 4);
  const auto* dep = d.find({"apps", "v1", "Deployment"});
  REQUIRE(dep);
  CHECK(dep->resource == "deployments");
  CHECK(dep->namespaced);
  CHECK(dep->has_subresource("status"));
  CHECK(object_path(*dep, "shop", "cart") == "/apis/apps/v1/namespaces/shop/deployments/cart");
  CHECK(collection_path(*dep, "") == "/apis/apps/v1/deployments");
  const auto* cm = d.find({"", "v1", "ConfigMap"});
  REQUIRE(cm);
  CHECK(object_path(*cm, "shop", "x") == "/api/v1/namespaces/shop/configmaps/x");
  const auto* ns = d.find({"", "v1", "Namespace"});
  REQUIRE(ns);
  CHECK(!ns->namespaced);
  CHECK(object_path(*ns, "ignored", "shop") == "/api/v1/namespaces/shop");
  CHECK(d.find({"apps", "v2", "Deployment"}) == nullptr);
  CHECK(d.find_resource("rbac.authorization.k8s.io", "v1", "clusterroles")->kind == "ClusterRole");
  CHECK(is_aggregated(Json::parse(kAggregatedCore)));
  CHECK(!add_aggregated(Json::parse(R"({"kind":"APIVersions"})"), d));
}

TEST_CASE("discovery: legacy documents") {
  auto core = legacy_group_versions(Json::parse(R"({"kind":"APIVersions","versions":["v1"]})"));
  REQUIRE(core);
  CHECK(*core == std::vector<std::string>{"v1"});
  auto groups = legacy_group_versions(Json::parse(R"({"kind":"APIGroupList","groups":[
      {"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}]},
      {"name":"batch","versions":[{"groupVersion":"batch/v1","version":"v1"},{"groupVersion":"batch/v1beta1","version":"v1beta1"}]}]})"));
  REQUIRE(groups);
  CHECK(*groups == std::vector<std::string>{"apps/v1", "batch/v1", "batch/v1beta1"});
  CHECK(!legacy_group_versions(Json::parse("{}")));

  Discovery d;
  REQUIRE(add_resource_list(Json::parse(R"({"kind":"APIResourceList","groupVersion":"apps/v1","resources":[
      {"name":"deployments","namespaced":true,"kind":"Deployment","verbs":["get"]},
      {"name":"deployments/status","namespaced":true,"kind":"Deployment","verbs":["get"]},
      {"name":"deployments/scale","namespaced":true,"group":"autoscaling","version":"v1","kind":"Scale","verbs":["get"]}]})"),
                            d));
  CHECK(d.size() == 1);
  const auto* dep = d.find({"apps", "v1", "Deployment"});
  REQUIRE(dep);
  CHECK(dep->subresources == std::vector<std::string>{"status", "scale"});
}
