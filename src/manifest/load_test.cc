#include "manifest/load.h"

#include <doctest/doctest.h>

#include "manifest/definition.h"
#include "manifest/graph.h"
#include "manifest/reader.h"
#include "manifest/check.h"

using namespace vsctl;
using namespace vsctl::manifest;

namespace {

const char* kBase = R"(apiVersion: vsctl.dev/v1
kind: Architecture
metadata:
  name: shop
spec:
  namespace: shop
  defaults:
    resources: { cpu: 100m, memory: 64Mi }
    env: { LOG: info, REGION: eu }
    imagePullSecrets: [ creds ]
  services:
    web:
      image: example.com/web
      version: 1.10
      instances: { min: 2, max: 4 }
      env: { LOG: debug }
      dependsOn: { api: "^2.1" }
    api:
      image: example.com/api
      version: 2.1.0
      dependsOn: { db: "*" }
    db:
      image: postgres
      version: "16.2"
      recovery: pet
      storage: [ { name: data, mount: /var/lib/postgresql, size: 1Gi } ]
  environments:
    staging:
      namespace: shop-staging
      context: staging-ctx
      services:
        web: { instances: { min: 1, max: 1 }, imagePullSecrets: [ other ] }
)";

Loaded load_text(const std::string& text, const std::string& env = "") {
  LoadRequest req;
  req.source_name = "architecture.yaml";
  req.text = text;
  req.env = env;
  return load(req);
}

std::vector<std::string> messages(const Loaded& l) {
  std::vector<std::string> out;
  for (const auto& d : l.diags.items())
    out.push_back(std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col) + ": " + d.message);
  return out;
}

}  // namespace

TEST_CASE("defaults merge under services; versions stay strings") {
  auto l = load_text(kBase);
  REQUIRE(l.ok());
  const Service* web = l.view->find("web");
  REQUIRE(web);
  CHECK(web->version == "1.10");
  CHECK(web->image_ref() == "example.com/web:1.10");
  CHECK(web->resources.cpu == "100m");
  REQUIRE(web->env.size() == 2);
  CHECK(web->env[0].name == "LOG");
  CHECK(web->env[0].value == "debug");  // the service wins over defaults
  CHECK(web->env[1].value == "eu");     // maps merge
  CHECK(web->autoscaled());
  CHECK(web->autoscale_cpu == 80);
  CHECK(l.view->find("db")->recovery == Recovery::Pet);
  CHECK(l.view->ns == "shop");
}

TEST_CASE("an environment's view overrides namespace, context and service fields; lists replace") {
  auto l = load_text(kBase, "staging");
  REQUIRE(l.ok());
  CHECK(l.view->ns == "shop-staging");
  CHECK(l.view->context == "staging-ctx");
  const Service* web = l.view->find("web");
  CHECK(web->min == 1);
  CHECK(web->max == 1);
  CHECK(web->image_pull_secrets == std::vector<std::string>{"other"});
  CHECK(l.view->find("api")->image_pull_secrets == std::vector<std::string>{"creds"});
}

TEST_CASE("unknown environment names the ones that exist") {
  auto l = load_text(kBase, "stagign");
  CHECK_FALSE(l.ok());
  CHECK(messages(l).back().find("no environment \"stagign\" (it has: staging) (did you mean \"staging\"?)") !=
        std::string::npos);
}

TEST_CASE("problems in an environment's view are reported with the environment's name") {
  std::string text = kBase;
  text += "    broken:\n      services:\n        api: { version: 3.0.0 }\n";
  auto l = load_text(text);
  auto m = messages(l);
  REQUIRE(m.size() == 1);
  CHECK(m[0].find("environment \"broken\": services.web.dependsOn.api:") != std::string::npos);
  CHECK(m[0].find("has version 3.0.0") != std::string::npos);
}

TEST_CASE("an environment cannot add services") {
  std::string text = kBase;
  text += "        extra: { version: 1.0.0 }\n";
  auto m = messages(load_text(text));
  REQUIRE_FALSE(m.empty());
  CHECK(m[0].find("overrides service \"extra\", which spec.services does not have") != std::string::npos);
}

TEST_CASE("every error is collected in one pass") {
  auto l = load_text(R"(apiVersion: vsctl.dev/v2
kind: Architecture
metadata: { name: Shop }
spec:
  services:
    Web:
      image: a
      version: 1.0.0
      instances: { min: 3, max: 2 }
      ports: [ { port: 70000 } ]
      env: { "1BAD": x }
)");
  auto m = messages(l);
  CHECK(m.size() == 6);
}

TEST_CASE("graph: waves put dependencies first and cycles form one group") {
  auto l = load_text(R"(apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: g }
spec:
  services:
    a: { image: x, version: 1.0.0, dependsOn: { b: "*" } }
    b: { image: x, version: 1.0.0, dependsOn: { c: "*" } }
    c: { image: x, version: 1.0.0, dependsOn: { b: "*", d: "*" } }
    d: { image: x, version: 1.0.0 }
    e: { image: x, version: 1.0.0 }
)");
  REQUIRE(l.view);
  Graph g = build_graph(*l.view);
  REQUIRE(g.groups.size() == 4);
  CHECK(g.groups[0].services == std::vector<std::string>{"d"});
  CHECK(g.groups[0].wave == 0);
  CHECK(g.groups[1].services == std::vector<std::string>{"e"});
  CHECK(g.groups[2].services == std::vector<std::string>{"b", "c"});
  CHECK(g.groups[2].cyclic);
  CHECK(g.groups[2].wave == 1);
  CHECK(g.groups[3].services == std::vector<std::string>{"a"});
  CHECK(g.groups[3].wave == 2);
  REQUIRE(g.cycles.size() == 1);
  CHECK(g.cycles[0] == std::vector<std::string>{"b", "c", "b"});
  CHECK(dependents_of(*l.view, "d") == std::vector<std::string>{"a", "b", "c"});
}

TEST_CASE("a long dependency chain does not exhaust the stack") {
  std::string text = "apiVersion: vsctl.dev/v1\nkind: Architecture\nmetadata: { name: g }\nspec:\n  services:\n";
  for (int i = 0; i < 5000; ++i) {
    text += "    s" + std::to_string(i) + ": { image: x, version: 1.0.0";
    if (i + 1 < 5000) text += ", dependsOn: { s" + std::to_string(i + 1) + ": \"*\" }";
    text += " }\n";
  }
  auto l = load_text(text);
  REQUIRE(l.ok());
  CHECK(build_graph(*l.view).waves() == 5000);
}

TEST_CASE("the digest changes exactly when the definition does") {
  auto a = load_text(kBase);
  std::string text = kBase;
  auto pos = text.find("version: 2.1.0");
  text.replace(pos, 14, "version: 2.1.1");
  auto b = load_text(text);
  REQUIRE((a.ok() && b.ok()));
  CHECK(digest(*a.view->find("api")) != digest(*b.view->find("api")));
  CHECK(digest(*a.view->find("web")) == digest(*b.view->find("web")));
  CHECK(digest(*a.view->find("api")).size() == 16);
}

TEST_CASE("durations and names") {
  CHECK(parse_duration_s("1h30m") == 5400);
  CHECK(parse_duration_s("250ms") == 1);
  CHECK(parse_duration_s("45") == 45);
  CHECK_FALSE(parse_duration_s("5 minutes"));
  CHECK(is_dns1035_label("cart-2"));
  CHECK_FALSE(is_dns1035_label("2cart"));
  CHECK_FALSE(is_dns1035_label("Cart"));
  CHECK_FALSE(is_dns1035_label(std::string(64, 'a')));
  CHECK(is_env_var_name("MY_VAR.x-y"));
  CHECK_FALSE(is_env_var_name("1VAR"));
  CHECK_FALSE(is_env_var_name("A B"));
}

TEST_CASE("objects paths stay inside the repository") {
  CHECK(resolve_repo_path("deploy", "k8s/x.yaml") == "deploy/k8s/x.yaml");
  CHECK(resolve_repo_path("deploy", "../k8s/x.yaml") == "k8s/x.yaml");
  CHECK_FALSE(resolve_repo_path("deploy", "../../etc/passwd"));
  CHECK_FALSE(resolve_repo_path("", "/etc/passwd"));
  CHECK_FALSE(resolve_repo_path("", ".."));
}

TEST_CASE("objects files are read through the reader and checked") {
  LoadRequest req;
  req.source_name = "deploy/architecture.yaml";
  req.manifest_dir = "deploy";
  req.text = R"(apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: o }
spec:
  services:
    web: { image: x, version: 1.0.0, objects: [ k8s/web.yaml, ../../escape.yaml, missing.yaml ] }
)";
  std::vector<std::string> asked;
  req.read = [&](const std::string& p) -> util::Result<std::string> {
    asked.push_back(p);
    if (p == "deploy/k8s/web.yaml")
      return std::string("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: web }\n---\nkind: Secret\n");
    return util::fail(util::ErrorKind::Io, "no such file");
  };
  auto l = load(req);
  CHECK(asked == std::vector<std::string>{"deploy/k8s/web.yaml", "deploy/missing.yaml"});
  auto m = messages(l);
  REQUIRE(m.size() == 4);
  CHECK(m[0].find("6:63: services.web.objects: \"../../escape.yaml\" must be a relative path") == 0);
  CHECK(m[1].find("6:82: services.web.objects: cannot read \"deploy/missing.yaml\"") == 0);
  CHECK(m[2] == "5:1: this Kubernetes object has no apiVersion");
  CHECK(m[3] == "5:1: this Kubernetes object has no metadata.name");
  REQUIRE(l.view);
  CHECK(l.view->find("web")->objects[0].objects.size() == 2);
}

TEST_CASE("one load shows every view to a visitor, each with its objects, once") {
  // validate's render checks look at every environment's view through this, instead of loading
  // the manifest once more per environment (which made 100 environments cost 100 loads each)
  std::string text = kBase;
  text.replace(text.find("      storage: [ { name: data"), 0, "      objects: [ k8s/extra.yaml ]\n");
  text += "    production: { namespace: shop-prod }\n";
  LoadRequest req;
  req.source_name = "architecture.yaml";
  req.text = text;
  int reads = 0;
  req.read = [&](const std::string&) -> util::Result<std::string> {
    ++reads;
    return std::string("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: extra }\n");
  };
  std::vector<std::pair<std::string, std::string>> seen;  // (environment, namespace)
  std::size_t objects = 0;
  req.visit = [&](const std::string& env, const Architecture& view, bool valid) {
    CHECK(valid);
    seen.emplace_back(env, view.ns);
    for (const auto& s : view.services)
      for (const auto& f : s.objects) objects += f.objects.size();
  };
  auto loaded = load(req);
  REQUIRE(loaded.ok());
  CHECK(seen == std::vector<std::pair<std::string, std::string>>{{"", "shop"}, {"staging", "shop-staging"}, {"production", "shop-prod"}});
  CHECK(objects == 3);  // every view has the objects file's object
  CHECK(reads == 1);    // read once for all views
}

TEST_CASE("allow declares a service's cluster-scoped objects and other namespaces; it is checked as it is read") {
  auto l = load_text(R"(apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: o }
spec:
  services:
    web:
      image: x
      version: 1.0.0
      allow:
        clusterObjects: [ { kind: ClusterRole, name: web-reader }, { kind: ClusterRole, name: web-reader }, { kind: Node } ]
        namespaces: [ monitoring, Bad_NS ]
        nodes: [ a ]
)");
  auto m = messages(l);
  REQUIRE(m.size() == 3);
  CHECK(m[0].find("10:109: services.web.allow.clusterObjects item needs the field \"name\"") == 0);
  CHECK(m[1].find("11:35: services.web.allow.namespaces: \"Bad_NS\" must be a lower-case DNS label") == 0);
  CHECK(m[2].find("12:9: unknown field \"nodes\" in services.web.allow") == 0);
  REQUIRE(l.view);
  const Service& web = *l.view->find("web");
  CHECK(web.allow.cluster_objects == std::vector<ClusterObject>{{"ClusterRole", "web-reader"}});
  CHECK(web.allow.namespaces == std::vector<std::string>{"monitoring"});
  CHECK(web.allow.cluster_object("ClusterRole", "web-reader"));
  CHECK_FALSE(web.allow.cluster_object("ClusterRole", "other"));
  CHECK(web.allow.cluster_kind("ClusterRole"));
  CHECK(web.allow.ns("monitoring"));
}

TEST_CASE("allow is part of the definition only when written: other services' digests do not change") {
  auto a = load_text(kBase);
  REQUIRE(a.ok());
  CHECK_FALSE(definition(*a.view->find("web")).contains("allow"));
  std::string text = kBase;
  auto pos = text.find("version: 2.1.0");
  text.replace(pos, 14, "version: 2.1.0\n      allow: { namespaces: [ monitoring ] }");
  auto b = load_text(text);
  REQUIRE(b.ok());
  CHECK(digest(*a.view->find("api")) != digest(*b.view->find("api")));
  CHECK(definition(*b.view->find("api"))["allow"] == Json{{"namespaces", {"monitoring"}}});
}

TEST_CASE("each object of an objects file keeps where it starts, for diagnostics after rendering") {
  LoadRequest req;
  req.source_name = "architecture.yaml";
  req.text = R"(apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: o }
spec:
  services:
    web: { image: x, version: 1.0.0, objects: [ k8s/web.yaml ] }
)";
  req.read = [](const std::string&) -> util::Result<std::string> {
    return std::string("# two\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: a }\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: { name: b }\n");
  };
  auto l = load(req);
  REQUIRE(l.ok());
  const auto& f = l.view->find("web")->objects[0];
  REQUIRE(f.locs.size() == 2);
  CHECK(f.locs[0].source == "k8s/web.yaml");
  CHECK((f.locs[0].line == 2 && f.locs[0].col == 1));
  CHECK((f.locs[1].line == 6 && f.locs[1].col == 1));
}
