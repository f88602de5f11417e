#include "k8s/secret.h"

#include <doctest/doctest.h>

using namespace vsctl;
using k8s::Json;

TEST_CASE("Secret values are masked as kubectl does, with a digest where they changed") {
  k8s::ObjectKey key{"", "v1", "Secret", "shop", "creds"};
  Json before = Json::parse(R"({"kind": "Secret", "data": {"same": "YQ==", "changed": "Yg==", "gone": "Yw=="}})");
  Json after = Json::parse(R"({"kind": "Secret", "data": {"same": "YQ==", "changed": "Yw==", "new": "ZA=="}})");
  k8s::mask_secret(key, before, after);
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
  k8s::mask_secret(key, before2, after2);
  CHECK(after2["data"]["changed"] == a);
  CHECK(a.find("Yw==") == std::string::npos);
  // Other kinds are left alone; null sides are fine.
  Json cm = Json::parse(R"({"data": {"k": "v"}})"), none;
  k8s::mask_secret({"", "v1", "ConfigMap", "shop", "c"}, cm, none);
  CHECK(cm["data"]["k"] == "v");
  Json added = Json::parse(R"({"stringData": {"k": "v"}})");
  k8s::mask_secret(key, none, added);
  CHECK(added["stringData"]["k"] == "***");
}
