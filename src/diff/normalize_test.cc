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

TEST_CASE("Secret values are masked as kubectl does, with a digest where they changed") {
  k8s::ObjectKey key{"", "v1", "Secret", "shop", "creds"};
  Json before = Json::parse(R"({"kind": "Secret", "data": {"same": "YQ==", "changed": "Yg==", "gone": "Yw=="}})");
  Json after = Json::parse(R"({"kind": "Secret", "data": {"same": "YQ==", "changed": "Yw==", "new": "ZA=="}})");
  diff::mask_secret(key, before, after);
  CHECK(before["data"]["same"] == "***");
  CHECK(after["data"]["same"] == "***");
  CHECK(before["data"]["gone"] == "***");
  CHECK(after["data"]["new"] == "***");
  std::string b = before["data"]["changed"], a = after["data"]["changed"];
  CHECK(b.rfind("*** (before) ", 0) == 0);
  CHECK(a.rfind("*** (after) ", 0) == 0);
  CHECK(b.size() == std::string("*** (before) ").size() + 8);
  CHECK(b.substr(13) != a.substr(12));  // the digests tell the values apart
  // The same change masks the same way each time; the value never shows.
  Json before2 = Json::parse(R"({"data": {"changed": "Yg=="}})"), after2 = Json::parse(R"({"data": {"changed": "Yw=="}})");
  diff::mask_secret(key, before2, after2);
  CHECK(after2["data"]["changed"] == a);
  CHECK(a.find("Yw==") == std::string::npos);
  // Other kinds are left alone; null sides are fine.
  Json cm = Json::parse(R"({"data": {"k": "v"}})"), none;
  diff::mask_secret({"", "v1", "ConfigMap", "shop", "c"}, cm, none);
  CHECK(cm["data"]["k"] == "v");
  Json added = Json::parse(R"({"stringData": {"k": "v"}})");
  diff::mask_secret(key, none, added);
  CHECK(added["stringData"]["k"] == "***");
}
