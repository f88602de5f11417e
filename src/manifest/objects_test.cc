#include "manifest/objects.h"

#include <doctest/doctest.h>

#include "manifest/load.h"

using namespace vsctl;
using namespace vsctl::manifest;

namespace {

const char* kManifest = R"(apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: shop }
spec:
  services:
    web: { image: example.com/web, version: 1.0.0, objects: [ k8s/web.yaml ] }
    api: { image: example.com/api, version: 1.0.0, objects: [ k8s/api.yaml ] }
  environments:
    staging: { services: { api: { objects: [ k8s/api-staging.yaml ] } } }
    production: {}
)";

std::string config_map(const std::string& name) {
  return "apiVersion: v1\nkind: ConfigMap\nmetadata: { name: " + name + " }\n";
}

}  // namespace

TEST_CASE("objects files are read once for all views, views only checked skip what the base checked") {
  std::map<std::string, int> reads;
  LoadRequest req;
  req.source_name = "architecture.yaml";
  req.text = kManifest;
  req.read = [&](const std::string& path) -> util::Result<std::string> {
    ++reads[path];
    return config_map(path.substr(4, path.size() - 9));
  };
  for (std::string env : {"", "staging", "production"}) {
    reads.clear();
    req.env = env;
    auto l = load(req);
    REQUIRE(l.ok());
    CHECK(reads == std::map<std::string, int>{{"k8s/api-staging.yaml", 1}, {"k8s/api.yaml", 1}, {"k8s/web.yaml", 1}});
    // the view asked for has every object
    const Service* api = l.view->find("api");
    REQUIRE(api->objects.size() == 1);
    REQUIRE(api->objects[0].objects.size() == 1);
    CHECK(api->objects[0].objects[0]["metadata"]["name"] == (env == "staging" ? "api-staging" : "api"));
    CHECK(l.view->find("web")->objects[0].objects.size() == 1);
  }
}

namespace {

// `docs` documents, each with an alias bomb of 10 * 4^levels nodes.
std::string bombs(int docs, int levels) {
  std::string out;
  for (int d = 0; d < docs; ++d) {
    out += "---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: c" + std::to_string(d) + " }\ndata:\n";
    out += "  a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n";
    for (int i = 1; i <= levels; ++i) {
      std::string prev = "*a" + std::to_string(i - 1);
      out += "  a" + std::to_string(i) + ": &a" + std::to_string(i) + " [" + prev + ", " + prev + ", " + prev + ", " + prev + "]\n";
    }
  }
  return out;
}

std::vector<std::string> codes(const std::string& file, int listed) {
  std::string list;
  for (int i = 0; i < listed; ++i) list += std::string(i ? ", " : "") + "k8s/big.yaml";
  LoadRequest req;
  req.source_name = "architecture.yaml";
  req.text = "apiVersion: vsctl.dev/v1\nkind: Architecture\nmetadata: { name: shop }\nspec:\n  services:\n"
             "    web: { image: a, version: \"1\", objects: [ " + list + " ] }\n";
  int reads = 0;
  req.read = [&](const std::string&) -> util::Result<std::string> {
    ++reads;
    return file;
  };
  auto l = load(req);
  CHECK(reads == 1);
  std::vector<std::string> out;
  for (const auto& d : l.diags.items()) out.push_back(d.code);
  return out;
}

}  // namespace

TEST_CASE("the objects files of a view are bounded, a file counted each time it is listed") {
  const std::string medium = bombs(4, 6);  // 4 * 40,960 leaves: fine once
  CHECK(codes(medium, 1).empty());
  CHECK(codes(medium, 30) == std::vector<std::string>{"too-many-objects"});
  // documents used to get a budget each; the file now shares one
  CHECK(codes(bombs(8, 7), 1) == std::vector<std::string>{"yaml-limit"});
}
