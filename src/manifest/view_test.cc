#include "manifest/view.h"

#include <doctest/doctest.h>

#include "manifest/load.h"

using namespace vsctl;
using namespace vsctl::manifest;

namespace {

Loaded load_text(const std::string& text, const std::string& env = "") {
  LoadRequest req;
  req.source_name = "architecture.yaml";
  req.text = text;
  req.env = env;
  return load(req);
}

const char* kAlternatives = R"(apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: shop }
spec:
  defaults:
    health: { tcp: { port: 8080 }, period: 15s }
    env:
      TOKEN: { secret: tokens, key: web }
      MODE: { configMap: modes, key: default }
  services:
    web:
      image: example.com/web
      version: 1.0.0
      health: { http: { path: /ready, port: 8080 }, liveness: { exec: [ /bin/live ] } }
      env:
        TOKEN: { configMap: public-tokens }
    api:
      image: example.com/api
      version: 1.0.0
      hooks:
        preUpdate: { image: example.com/migrate, env: { DB: { secret: db, key: url } } }
  environments:
    staging:
      services:
        web:
          health: { liveness: { tcp: { port: 8080 } } }
          env: { MODE: { secret: staging-modes } }
        api:
          health: { exec: [ /bin/ready ] }
          hooks: { preUpdate: { env: { DB: { configMap: staging-db } } } }
)";

}  // namespace

TEST_CASE("a probe or a variable's source named over another replaces it") {
  auto base = load_text(kAlternatives);
  REQUIRE(base.ok());
  const Service* web = base.view->find("web");
  REQUIRE(web->health);
  CHECK(web->health->readiness.kind == Probe::Kind::Http);  // not also the defaults' tcp
  CHECK(web->health->period_s == 15);                       // the rest still merges
  REQUIRE(web->env.size() == 2);
  CHECK(web->env[0].name == "TOKEN");
  CHECK(web->env[0].source == EnvVar::Source::ConfigMap);
  CHECK(web->env[0].ref_name == "public-tokens");
  CHECK(web->env[0].ref_key == "web");  // the key merges like any field
  CHECK(base.view->find("api")->health->readiness.kind == Probe::Kind::Tcp);

  auto staging = load_text(kAlternatives, "staging");
  REQUIRE(staging.ok());
  web = staging.view->find("web");
  CHECK(web->health->readiness.kind == Probe::Kind::Http);
  REQUIRE(web->health->liveness);
  CHECK(web->health->liveness->kind == Probe::Kind::Tcp);
  CHECK(web->env[1].source == EnvVar::Source::Secret);
  CHECK(web->env[1].ref_name == "staging-modes");
  const Service* api = staging.view->find("api");
  CHECK(api->health->readiness.kind == Probe::Kind::Exec);
  REQUIRE(api->pre_update.env.size() == 1);
  CHECK(api->pre_update.env[0].source == EnvVar::Source::ConfigMap);
}

TEST_CASE("keys named like alternatives elsewhere merge as usual") {
  auto l = load_text(R"(apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: shop }
spec:
  defaults:
    env: { http: "1", tcp: "2" }
    placement: { nodeSelector: { secret: "a" } }
  services:
    web:
      image: example.com/web
      version: 1.0.0
      env: { exec: "3" }
      placement: { nodeSelector: { configMap: "b" } }
)");
  REQUIRE(l.ok());
  const Service* web = l.view->find("web");
  CHECK(web->env.size() == 3);
  CHECK(web->placement.node_selector.size() == 2);
}

TEST_CASE("merge_nodes: maps merge, other kinds are replaced, null deletes") {
  yaml::Parsed p = yaml::parse("t", "a: { x: 1, y: [1, 2] }\nb: { x: 2, y: [3], z: ~ }\n");
  REQUIRE(p.ok());
  yaml::Arena arena;
  const yaml::Node* m = merge_nodes(arena, p.documents[0]->get("a"), p.documents[0]->get("b"));
  REQUIRE(m->is_map());
  CHECK(m->get("x")->value == "2");
  CHECK(m->get("y")->items.size() == 1);
  CHECK(m->get("z")->resolves_null());
}

TEST_CASE("the number of services and of environments is bounded") {
  std::string text = "apiVersion: vsctl.dev/v1\nkind: Architecture\nmetadata: { name: shop }\nspec:\n  services:\n";
  for (std::size_t i = 0; i <= kMaxServices; ++i) text += "    s" + std::to_string(i) + ": { image: a, version: \"1\" }\n";
  text += "  environments:\n";
  for (std::size_t i = 0; i <= kMaxEnvironments; ++i) text += "    e" + std::to_string(i) + ":\n";
  auto l = load_text(text);
  CHECK_FALSE(l.ok());
  REQUIRE(l.diags.items().size() == 2);
  CHECK(l.diags.items()[0].message == "spec.services has 10001 services, more than the limit of 10000");
  CHECK(l.diags.items()[1].message == "spec.environments has 101 environments, more than the limit of 100");
}
