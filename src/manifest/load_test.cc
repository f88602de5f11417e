#include "manifest/load.h"

#include <map>
#include <set>
#include <tuple>

#include <doctest/doctest.h>

#include "manifest/definition.h"
#include "manifest/graph.h"
#include "manifest/reader.h"
#include "manifest/check.h"
#include "manifest/document.h"
#include "manifest/objects.h"
#include "manifest/view.h"

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

TEST_CASE("defaults merge under services, versions stay strings") {
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

TEST_CASE("an environment's view overrides namespace, context and service fields, lists replace") {
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
  req.visit = [&](const std::string& env, const Architecture& view, bool valid, const ViewChange&) {
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

TEST_CASE("allow declares a service's cluster-scoped objects and other namespaces, it is checked as it is read") {
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

// Environments' views built from the base view (the services an environment overrides read,
// loaded and checked again) against every view built, loaded and checked in full, as load() did
// before: the same diagnostics, and each view shown with the same services.
namespace {

struct Shown {
  bool valid = false;
  std::string ns, context;
  std::vector<std::string> services;  // name, digest and objects of each
  bool operator==(const Shown&) const = default;
};

Shown shown(const Architecture& view, bool valid) {
  Shown s{valid, view.ns, view.context, {}};
  for (const auto& svc : view.services) {
    std::string objects;
    for (const auto& f : svc.objects)
      for (const auto& o : f.objects) objects += " " + o.dump();
    s.services.push_back(svc.name + " " + digest(svc) + objects);
  }
  return s;
}

struct Reference {
  std::vector<std::string> messages;
  std::map<std::string, Shown> views;
};

Reference load_in_full(const LoadRequest& req) {
  Reference ref;
  util::Diagnostics diags;
  Document doc = parse_document(req.source_name, req.text, diags);
  SourceTexts texts;
  ObjectFiles files;
  auto view = [&](const std::string& env, util::Diagnostics& d) {
    auto v = build_view(doc, env, d);
    if (v && req.read) load_objects(*v, req.manifest_dir, req.read, req.source_prefix, texts, files, d);
    if (v) check_view(*v, d);
    return v;
  };
  auto base = view("", diags);
  if (base) ref.views[""] = shown(*base, !diags.has_errors());
  std::set<std::tuple<std::string, int, int, std::string>> seen;
  for (const auto& d : diags.items()) seen.insert({d.loc.source, d.loc.line, d.loc.col, d.message});
  for (const auto& re : doc.environments) {
    util::Diagnostics env_diags;
    auto v = view(re.env.name, env_diags);
    if (v) ref.views[re.env.name] = shown(*v, !env_diags.has_errors());
    for (auto d : env_diags.items()) {
      if (seen.count({d.loc.source, d.loc.line, d.loc.col, d.message})) continue;
      d.message = "environment \"" + re.env.name + "\": " + d.message;
      diags.add(std::move(d));
    }
  }
  diags.sort_unique();
  for (const auto& d : diags.items())
    ref.messages.push_back(std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col) + ": " + d.message);
  return ref;
}

// Loads `text` both ways and compares; returns the messages. `from_base`: the environments'
// views are expected to be built from the base view (it names no missing service). With errors
// in the base view, no environment's view built from it is said to be valid.
std::vector<std::string> same_as_in_full(const std::string& text, bool from_base = true) {
  LoadRequest req;
  req.source_name = "architecture.yaml";
  req.text = text;
  req.read = [](const std::string& path) -> util::Result<std::string> {
    if (path == "k8s/extra.yaml") return std::string("apiVersion: v1\nkind: ConfigMap\nmetadata: { name: extra }\n");
    if (path == "k8s/bad.yaml") return std::string("apiVersion: v1\nkind: ConfigMap\n");
    const std::string route = "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: { name: shop-route }\n";
    if (path == "k8s/route.yaml")
      return route + "spec: { rules: [ { backendRefs: [ { name: api-stable, port: 80 }, { name: api-canary, port: 80 } ] } ] }\n";
    if (path == "k8s/half-route.yaml") return route + "spec: { rules: [ { backendRefs: [ { name: api-stable, port: 80 } ] } ] }\n";
    return util::fail(util::ErrorKind::Io, "no such file");
  };
  std::map<std::string, Shown> views;
  std::map<std::string, ViewChange> changes;
  req.visit = [&](const std::string& env, const Architecture& view, bool valid, const ViewChange& change) {
    views[env] = shown(view, valid);
    changes[env] = change;
  };
  auto loaded = load(req);
  Reference ref = load_in_full(req);
  auto m = messages(loaded);
  CHECK(m == ref.messages);
  auto expected = ref.views;
  if (from_base && !expected[""].valid)
    for (auto& [env, view] : expected) view.valid = false;
  CHECK(views == expected);
  for (const auto& [env, change] : changes) {
    CAPTURE(env);
    CHECK(change.all == (env.empty() || !from_base));
  }
  // the view render --env returns is the environment's, whole
  for (const auto& [env, view] : ref.views) {
    if (env.empty()) continue;
    req.visit = {};
    req.env = env;
    auto one = load(req);
    REQUIRE(one.view);
    CHECK(shown(*one.view, view.valid) == view);
    CHECK(messages(one) == ref.messages);
  }
  return m;
}

const char* kEnvBase = R"(apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: shop }
spec:
  namespace: shop
  services:
    web:
      image: example.com/web
      version: 1.2.0
      dependsOn: { api: "^2.1", cache: "^1.0" }
    api:
      image: example.com/api
      version: 2.1.0
      dependsOn: { db: "^16.0" }
    db:
      image: postgres
      version: 16.2.0
      recovery: pet
      storage: [ { name: data, mount: /data, size: 1Gi } ]
    cache:
      image: example.com/cache
      version: 1.0.0
      objects: [ k8s/extra.yaml ]
  environments:
)";

}  // namespace

TEST_CASE("an environment's view built from the base view: a version that breaks other services' ranges") {
  auto m = same_as_in_full(std::string(kEnvBase) + R"(    staging:
      namespace: shop-staging
      context: staging
      services:
        api: { version: 3.0.0 }
        db: { version: 17.0.0, instances: { min: 1, max: 3 } }
    production:
      services:
        api: { version: 2.2.0 }
)");
  REQUIRE(m.size() == 3);
  CHECK(m[0].find("10:25: environment \"staging\": services.web.dependsOn.api") == 0);
  CHECK(m[1].find("14:24: environment \"staging\": services.api.dependsOn.db") == 0);
  CHECK(m[2].find("30:43: environment \"staging\": service \"db\" is a pet (StatefulSet) with an autoscaler") == 0);
}

TEST_CASE("an environment's view built from the base view: dependencies added and removed") {
  auto m = same_as_in_full(std::string(kEnvBase) + R"(    cycle:
      services:
        db: { dependsOn: { web: "^1.0" } }
    unknown:
      services:
        cache: { dependsOn: { sarch: "^1.0", web: "*" } }
    removed:
      services:
        web: { dependsOn: null }
        api: { dependsOn: { db: "^15.0" } }
)");
  REQUIRE(m.size() == 4);
  CHECK(m[0].find("14:20: environment \"cycle\": dependency cycle: api -> db -> web -> api") == 0);
  CHECK(m[1].find("30:31: environment \"unknown\": service \"cache\" depends on \"sarch\"") == 0);
  CHECK(m[2].find("30:46: environment \"unknown\": dependency cycle: cache -> web -> cache") == 0);
  CHECK(m[3].find("34:33: environment \"removed\": services.api.dependsOn.db") == 0);
}

TEST_CASE("an environment's view built from the base view: objects files and patches only in an environment") {
  same_as_in_full(std::string(kEnvBase) + R"(    extra:
      namespace: shop-extra
      services:
        web: { objects: [ k8s/extra.yaml ], patches: [ { target: { kind: Job }, patch: { a: 1 } } ] }
        cache: { objects: [ k8s/bad.yaml, k8s/missing.yaml ] }
    none:
      services:
        cache: { objects: null }
    empty:
)");
}

TEST_CASE("an environment's view built from the base view: a canary's route, another service's object") {
  // the route is checked in every view, whichever service an environment overrides
  std::string text = std::string(kEnvBase) + R"(    noroute:
      services:
        cache: { objects: [ k8s/extra.yaml ] }
    other:
      services:
        api: { rollout: { traffic: { gateway: { route: other } } } }
    partial:
      services:
        cache: { objects: [ k8s/half-route.yaml ] }
    same:
)";
  text.replace(text.find("      version: 2.1.0\n"), 21,
               "      version: 2.1.0\n      ports: [ { port: 80 } ]\n"
               "      rollout: { strategy: canary, traffic: { gateway: { route: shop-route } }, steps: [ { weight: 5 } ] }\n");
  text.replace(text.find("objects: [ k8s/extra.yaml ]"), 27, "objects: [ k8s/route.yaml ]");
  auto m = same_as_in_full(text);
  REQUIRE(m.size() == 3);
  CHECK(m[0].find("15:65: environment \"partial\": services.api.rollout.traffic.gateway.route: HTTPRoute shop-route "
                  "(an object of service cache, k8s/half-route.yaml:1) has no rule whose backendRefs are api-stable and "
                  "api-canary") == 0);
  CHECK(m[1].find("15:65: environment \"noroute\": services.api.rollout.traffic.gateway.route: no service of this "
                  "architecture renders the HTTPRoute shop-route") == 0);
  CHECK(m[2].find("32:56: environment \"other\": services.api.rollout.traffic.gateway.route: no service of this "
                  "architecture renders the HTTPRoute other") == 0);
}

TEST_CASE("with errors in the base view, environments' views are built from it, none said to be valid") {
  // which of the base view's errors an environment's overrides mend is not known there: "mended"
  // is valid in full, but the load has errors anyway (validate renders no view then)
  std::string text = std::string(kEnvBase) + R"(    mended:
      services:
        api: { version: 2.2.0 }
    broken:
      services:
        web: { dependsOn: { sarch: null } }
)";
  text.replace(text.find("version: 2.1.0"), 14, "version: 3.0.0");
  auto m = same_as_in_full(text);
  REQUIRE(m.size() == 2);
  CHECK(m[0].find("10:25: services.web.dependsOn.api") == 0);
  CHECK(m[1].find("30:29: environment \"broken\": service \"web\" depends on \"sarch\"") == 0);
}

TEST_CASE("a base view that depends on a service that does not exist: environments' views are built in full") {
  // did-you-mean is offered for the first few missing names of a view: which ones depends on
  // every service of the view
  std::string text = std::string(kEnvBase) + R"(    mended:
      services:
        web: { dependsOn: { ap: null } }
        cache: { dependsOn: { wbe: "*" } }
)";
  text.replace(text.find("dependsOn: { api: \"^2.1\""), 22, "dependsOn: { ap: \"^2.1\"");
  auto m = same_as_in_full(text, false);
  CHECK_FALSE(m.empty());
}

TEST_CASE("a dependency cycle through many services is named by its first ten, with the count") {
  std::string text = "apiVersion: vsctl.dev/v1\nkind: Architecture\nmetadata: { name: ring }\nspec:\n  services:\n";
  const int n = 40;
  for (int i = 0; i < n; ++i)
    text += "    s" + std::to_string(100 + i) + ": { image: example.com/s, version: 1.0.0, dependsOn: { s" +
            std::to_string(100 + (i + 1) % n) + ": \"^1\" } }\n";
  auto m = messages(load_text(text));
  REQUIRE(m.size() == 1);
  CHECK(m[0].find("dependency cycle through 40 services: s100 -> s101 -> s102 -> s103 -> s104 -> s105 -> s106 -> "
                  "s107 -> s108 -> s109 -> ... (30 more; these services converge together as one group)") !=
        std::string::npos);
  CHECK(m[0].size() < 300);
}
