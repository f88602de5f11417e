#include "diff/normalize.h"

#include <doctest/doctest.h>

using namespace vsctl;
using k8s::Json;

TEST_CASE("normalize drops what the server keeps for itself") {
  Json live = Json::parse(R"({"apiVersion": "v1", "kind": "ConfigMap",
    "metadata": {"name": "c", "namespace": "shop", "uid": "u", "resourceVersion": "7", "generation": 2,
      "creationTimestamp": "2026-01-01T00:00:00Z", "managedFields": [], "selfLink": "/x",
      "annotations": {"kubectl.kubernetes.io/last-applied-configuration": "{}"}, "labels": {"a": "b"}},
    "data": {"k": "v"}, "status": {"x": 1}})");
  Json want = Json::parse(R"({"apiVersion": "v1", "kind": "ConfigMap",
    "metadata": {"name": "c", "namespace": "shop", "labels": {"a": "b"}}, "data": {"k": "v"}})");
  CHECK(diff::normalize(live) == want);
  CHECK(diff::normalize(Json()).is_null());
}

TEST_CASE("changed_paths names each differing leaf") {
  Json a = Json::parse(R"({"spec": {"replicas": 2, "ports": [1, 2], "x": {"y": 1}}})");
  Json b = Json::parse(R"({"spec": {"replicas": 3, "ports": [1, 2, 3], "x": {"y": 1}, "z": true}})");
  CHECK(diff::changed_paths(a, b) == std::vector<std::string>{"/spec/ports/2", "/spec/replicas", "/spec/z"});
  CHECK(diff::changed_paths(a, a).empty());
  CHECK(diff::changed_paths(Json(), b) == std::vector<std::string>{""});
  CHECK(diff::changed_paths(Json::parse(R"({"a/b": 1})"), Json::parse(R"({"a/b": 2})")) ==
        std::vector<std::string>{"/a~1b"});
}

TEST_CASE("overlaps: one pointer is the other or lies below it") {
  CHECK(diff::overlaps("/spec/replicas", "/spec"));
  CHECK(diff::overlaps("/spec", "/spec/replicas"));
  CHECK(diff::overlaps("", "/spec"));
  CHECK_FALSE(diff::overlaps("/spec/replicas", "/spec/rep"));
}
