#include "apply/rollback_definition.h"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "manifest/definition.h"
#include "manifest/load.h"
#include "render/render.h"

using namespace vsctl;

namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

manifest::Architecture shop(const std::string& env) {
  const std::string dir = std::string(VSCTL_SOURCE_DIR) + "/examples/shop/";
  manifest::LoadRequest req;
  req.source_name = "architecture.yaml";
  req.text = read_text(dir + "architecture.yaml");
  req.read = [dir](const std::string& p) -> util::Result<std::string> { return read_text(dir + p); };
  req.env = env;
  auto l = manifest::load(req);
  REQUIRE(l.ok());
  return *l.view;
}

}  // namespace

TEST_CASE("rollback definition: every service of the example comes back with the same definition and digest") {
  for (const char* env : {"", "staging", "production"}) {
    manifest::Architecture a = shop(env);
    REQUIRE_FALSE(a.services.empty());
    manifest::Architecture back = a;
    for (auto& s : back.services) {
      auto d = manifest::definition(s);
      auto r = apply::service_from_definition(s.name, d);
      REQUIRE_MESSAGE(r, s.name);
      CHECK(manifest::definition(*r) == d);
      CHECK(manifest::digest(*r) == manifest::digest(s));
      CHECK(r->depends_on.size() == s.depends_on.size());
      for (std::size_t i = 0; i < s.depends_on.size(); ++i) CHECK(r->depends_on[i].range.has_value() == s.depends_on[i].range.has_value());
      s = std::move(*r);
    }
    // what the services render to carries the same digests and versions
    auto want = render::render(a), got = render::render(back);
    REQUIRE(want.objects.size() == got.objects.size());
    for (std::size_t i = 0; i < want.objects.size(); ++i) {
      CHECK(want.objects[i].key == got.objects[i].key);
      CHECK(want.objects[i].body["metadata"].value("annotations", manifest::Json::object()) ==
            got.objects[i].body["metadata"].value("annotations", manifest::Json::object()));
    }
  }
}

TEST_CASE("rollback definition: a damaged definition is an error naming the service and the field") {
  manifest::Json d = {{"image", "x"}, {"version", "1.0.0"}, {"instances", {{"min", "two"}, {"max", 2}}}};
  auto r = apply::service_from_definition("web", d);
  REQUIRE_FALSE(r);
  CHECK(r.error().message == "the recorded definition of web: instances.min is not an integer");
  auto none = apply::service_from_definition("web", manifest::Json{{"image", "x"}});
  REQUIRE_FALSE(none);
  CHECK(none.error().message.find("no image or no version") != std::string::npos);
}

TEST_CASE("rollback definition: allow comes back, so a rolled-back service still renders its declared objects") {
  manifest::Service s;
  s.name = "web";
  s.image = "x";
  s.version = "1.0.0";
  s.allow.cluster_objects = {{"ClusterRole", "web-reader"}};
  s.allow.namespaces = {"monitoring"};
  auto d = manifest::definition(s);
  auto r = apply::service_from_definition(s.name, d);
  REQUIRE(r);
  CHECK(r->allow.cluster_objects == s.allow.cluster_objects);
  CHECK(r->allow.namespaces == s.allow.namespaces);
  CHECK(manifest::digest(*r) == manifest::digest(s));
}
