#include "render/identity.h"

#include <doctest/doctest.h>

#include "manifest/load.h"
#include "render/render.h"

using namespace vsctl;

namespace {

const char* kArch = R"(apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: shop }
spec:
  services:
    web:
      image: example.com/web
      version: 1.0.0
      ports: [ { name: http, port: 80, target: 8080 } ]
      allow:
        clusterObjects: [ { kind: ClusterRole, name: web-reader }, { kind: ClusterIssuer, name: letsencrypt } ]
        namespaces: [ monitoring, kube-system ]
    db:
      image: postgres
      version: "16.2"
      ports: [ { port: 5432 } ]
)";

manifest::Architecture load(const std::string& text = kArch) {
  manifest::LoadRequest req;
  req.source_name = "a.yaml";
  req.text = text;
  auto l = manifest::load(req);
  REQUIRE(l.ok());
  return *l.view;
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  auto pos = s.find(from);
  REQUIRE(pos != std::string::npos);
  return s.replace(pos, from.size(), to);
}

// The problems of `body`, an objects-file object of service web.
std::vector<render::Problem> file_problems(const manifest::Architecture& a, const render::Json& body) {
  const manifest::Service* web = a.find("web");
  REQUIRE(web);
  auto key = k8s::key_of(body);
  REQUIRE(key);
  return render::identity_problems(a, *web, render::Origin::File, *key, body);
}

render::Json object(const std::string& kind, const std::string& name, const std::string& ns,
                    const std::string& api = "v1") {
  render::Json o = {{"apiVersion", api},
                    {"kind", kind},
                    {"metadata",
                     {{"name", name},
                      {"labels",
                       {{"app.kubernetes.io/name", "web"},
                        {"app.kubernetes.io/part-of", "shop"},
                        {"app.kubernetes.io/managed-by", "vsctl"},
                        {"app.kubernetes.io/version", "1.0.0"}}}}}};
  if (!ns.empty()) o["metadata"]["namespace"] = ns;
  return o;
}

std::string codes(const std::vector<render::Problem>& ps) {
  std::string out;
  for (const auto& p : ps)
    out += (out.empty() ? "" : " ") + p.code + (p.severity == util::Severity::Warning ? "(w)" : "");
  return out;
}

// kArch with service_extra added to web, and without web's allow (comments keep the lines).
render::Rendered render_with(const std::string& service_extra) {
  std::string text = replace(kArch, "    db:\n", service_extra + "    db:\n");
  text = replace(text, "      allow:\n", "      #\n");
  text = replace(text, "        clusterObjects: [", "      # [");
  text = replace(text, "        namespaces: [", "      # [");
  return render::render(load(text));
}

std::string messages(util::Diagnostics d) {
  d.sort_unique();
  std::string out;
  for (const auto& x : d.items())
    out +=
        std::to_string(x.loc.line) + ":" + std::to_string(x.loc.col) + " " + x.code + ": " + x.message + "\n";
  return out;
}

}  // namespace

TEST_CASE("identity: a well-formed object of the service in its namespace has no problems") {
  auto a = load();
  CHECK(codes(file_problems(a, object("ConfigMap", "web-config", "shop"))).empty());
  CHECK(codes(file_problems(a, object("ClusterRole", "web-reader", "", "rbac.authorization.k8s.io/v1")))
            .empty());
  CHECK(codes(file_problems(a, object("ConfigMap", "web-config", "monitoring"))).empty());
  // a custom kind declared cluster-scoped has no namespace
  CHECK(codes(file_problems(a, object("ClusterIssuer", "letsencrypt", "", "cert-manager.io/v1"))).empty());
  // the rendered objects themselves (web declares objects it does not have: those warn)
  auto r = render::render(a);
  CHECK_FALSE(r.diags.has_errors());
}

TEST_CASE("identity: names must be valid Kubernetes names for their kind") {
  CHECK(render::name_problem("ConfigMap", "web.config-1").empty());
  CHECK_FALSE(render::name_problem("ConfigMap", "../../../api/v1/namespaces/kube-system/secrets/x").empty());
  CHECK_FALSE(render::name_problem("ConfigMap", "a/b").empty());
  CHECK_FALSE(render::name_problem("ConfigMap", "Web").empty());
  CHECK_FALSE(render::name_problem("ConfigMap", std::string(254, 'a')).empty());
  CHECK(render::name_problem("Service", "web").empty());
  CHECK_FALSE(render::name_problem("Service", "web.internal").empty());  // a DNS-1035 label
  CHECK_FALSE(render::name_problem("Service", "1web").empty());
  CHECK_FALSE(render::name_problem("Namespace", "a.b").empty());
  CHECK(render::name_problem("ClusterRole", "system:web-reader").empty());  // RBAC: a path segment
  CHECK_FALSE(render::name_problem("ClusterRole", "..").empty());
  CHECK_FALSE(render::name_problem("RoleBinding", "a/b").empty());
  auto a = load();
  CHECK(codes(file_problems(a, object("Secret", "../../../api/v1/namespaces/kube-system/secrets/x",
                                      "shop"))) == "bad-object-name");
}

TEST_CASE("identity: cluster-scoped and foreign-namespace objects need a declaration") {
  auto a = load();
  CHECK(codes(file_problems(a, object("ClusterRole", "admin-all", "", "rbac.authorization.k8s.io/v1"))) ==
        "cluster-object");
  CHECK(codes(file_problems(a, object("Namespace", "kube-system", ""))) == "cluster-object");
  CHECK(codes(file_problems(a, object("ClusterRole", "web-reader", "shop",
                                      "rbac.authorization.k8s.io/v1"))) == "object-namespace");
  CHECK(codes(file_problems(a, object("ConfigMap", "x", "payments"))) == "foreign-namespace");
  // declared, and still loud: a namespace Kubernetes itself uses
  CHECK(codes(file_problems(a, object("ConfigMap", "x", "kube-system"))) == "system-namespace(w)");
  // unknown kinds are namespaced unless declared
  CHECK(codes(file_problems(a, object("Certificate", "web-tls", "shop", "cert-manager.io/v1"))).empty());
  CHECK(codes(file_problems(a, object("Certificate", "web-tls", "", "cert-manager.io/v1"))) ==
        "object-namespace");
}

TEST_CASE("identity: binding cluster-admin always warns") {
  auto a = replace(kArch, "{ kind: ClusterRole, name: web-reader }",
                   "{ kind: ClusterRoleBinding, name: web-admin }");
  auto arch = load(a);
  auto crb = object("ClusterRoleBinding", "web-admin", "", "rbac.authorization.k8s.io/v1");
  crb["roleRef"] = {
      {"apiGroup", "rbac.authorization.k8s.io"}, {"kind", "ClusterRole"}, {"name", "cluster-admin"}};
  CHECK(codes(file_problems(arch, crb)) == "cluster-admin(w)");
  auto rb = object("RoleBinding", "web-admin", "shop", "rbac.authorization.k8s.io/v1");
  rb["roleRef"] = crb["roleRef"];
  CHECK(codes(file_problems(arch, rb)) == "cluster-admin(w)");
  crb["metadata"]["name"] = "other";
  CHECK(codes(file_problems(arch, crb)) == "cluster-object cluster-admin(w)");
}

TEST_CASE("identity: vsctl's labels keep vsctl's values") {
  auto a = load();
  auto o = object("ConfigMap", "web-config", "shop");
  o["metadata"]["labels"].erase("app.kubernetes.io/managed-by");
  o["metadata"]["labels"]["app.kubernetes.io/part-of"] = "payments";
  auto ps = file_problems(a, o);
  REQUIRE(ps.size() == 2);
  CHECK(
      ps[1].message ==
      "ConfigMap \"web-config\": the label app.kubernetes.io/part-of is \"payments\", not \"shop\": vsctl's "
      "labels say which architecture and service own the object; a patch must not change them");
  CHECK(ps[0].message.find("app.kubernetes.io/managed-by is removed; vsctl sets it to \"vsctl\"") !=
        std::string::npos);
  o["metadata"].erase("labels");
  CHECK(codes(file_problems(a, o)) == "object-labels");
}

TEST_CASE("identity: pods and selectors stay the service's own") {
  auto a = load();
  auto d = object("Deployment", "web-worker", "shop", "apps/v1");
  d["spec"]["template"]["metadata"]["labels"] = {{"app.kubernetes.io/name", "db"},
                                                 {"app.kubernetes.io/part-of", "shop"}};
  auto ps = file_problems(a, d);
  REQUIRE(ps.size() == 1);
  CHECK(
      ps[0].message.find(
          "its pods would carry app.kubernetes.io/name: \"db\", so service db's Service would select them") !=
      std::string::npos);
  auto svc = object("Service", "web-admin", "shop");
  svc["spec"]["selector"] = {{"app.kubernetes.io/name", "db"}};
  CHECK(codes(file_problems(a, svc)) == "object-selector");
}

TEST_CASE("identity: render checks every object after patches and points at the patch") {
  auto r = render_with(R"(      patches:
        - target: { kind: Deployment }
          patch: { metadata: { namespace: kube-system, labels: { app.kubernetes.io/managed-by: null } } }
        - target: { kind: Service }
          patch: { metadata: { name: db }, spec: { selector: { app.kubernetes.io/name: db } } }
)");
  CHECK(messages(r.diags) ==
        "14:11 object-namespace: services.web.patches: Deployment \"web\" is moved to namespace "
        "\"kube-system\": the "
        "objects vsctl renders for service web stay in the view's namespace \"shop\"\n"
        "14:11 object-labels: services.web.patches: Deployment \"web\": the label "
        "app.kubernetes.io/managed-by is removed; "
        "vsctl sets it to \"vsctl\": vsctl's labels say which architecture and service own the object; a "
        "patch must not "
        "change them\n"
        "16:11 object-identity: services.web.patches: Service \"web\" is renamed \"db\": the objects vsctl "
        "renders for "
        "service web keep its name, which other services and its autoscaler use; rename the service instead\n"
        "16:11 object-selector: services.web.patches: Service \"web\": spec.selector must stay vsctl's { "
        "app.kubernetes.io/name: web, app.kubernetes.io/part-of: shop }: it decides which pods receive "
        "service web's "
        "traffic\n"
        "16:11 object-collision: services.web.patches: Service shop/db is rendered twice: by service db and "
        "by service web "
        "(this patch renames one of its objects to it); an object belongs to one service: rename one\n");
}

TEST_CASE("identity: a patch must not remove what identifies an object") {
  auto r = render_with(R"(      patches:
        - target: { kind: Service }
          patch: { apiVersion: null, kind: null }
        - target: { kind: Deployment }
          patch: { metadata: null }
)");
  std::string m = messages(r.diags);
  CHECK(m.find("14:11 object-identity: services.web.patches: Service \"web\" has no apiVersion") !=
        std::string::npos);
  CHECK(m.find("14:11 object-identity: services.web.patches: Service \"web\" has no kind") !=
        std::string::npos);
  CHECK(m.find("16:11 object-identity: services.web.patches: Deployment \"web\" has no metadata") !=
        std::string::npos);
}

TEST_CASE(
    "identity: a problem a later patch undoes is not reported, one an earlier patch caused points there") {
  auto r = render_with(R"(      patches:
        - target: { kind: Deployment }
          patch: { metadata: { labels: { app.kubernetes.io/part-of: other } } }
        - target: { kind: Deployment }
          patch: { spec: { paused: true } }
        - target: { kind: Service }
          patch: { metadata: { namespace: elsewhere } }
        - target: { kind: Service }
          patch: { metadata: { namespace: shop } }
)");
  CHECK(messages(r.diags) ==
        "14:11 object-labels: services.web.patches: Deployment \"web\": the label app.kubernetes.io/part-of "
        "is \"other\", "
        "not \"shop\": vsctl's labels say which architecture and service own the object; a patch must not "
        "change them\n");
}

TEST_CASE("identity: kinds and names from objects files are printed safely") {
  CHECK(render::plain("ClusterRole") == "ClusterRole");
  CHECK(render::plain("system:web-reader") == "system:web-reader");
  CHECK(render::plain("Evil\x1b[31mKind") == "\"Evil\\x1b[31mKind\"");
  CHECK(render::plain("") == "\"\"");
  auto a = load();
  auto o = object("Bad\nKind", "x", "payments");
  auto ps = file_problems(a, o);
  REQUIRE_FALSE(ps.empty());
  for (const auto& p : ps) CHECK(p.message.find('\n') == std::string::npos);
}

TEST_CASE("identity: a declaration no object uses warns") {
  auto r = render::render(load());
  CHECK(messages(r.diags) ==
        "11:9 unused-allow: services.web.allow.clusterObjects declares ClusterIssuer \"letsencrypt\", which "
        "service web "
        "does not render: remove it, so that it cannot let that object in unnoticed later\n"
        "11:9 unused-allow: services.web.allow.clusterObjects declares ClusterRole \"web-reader\", which "
        "service web does "
        "not render: remove it, so that it cannot let that object in unnoticed later\n"
        "11:9 unused-allow: services.web.allow.namespaces declares \"kube-system\", where service web "
        "renders no object: "
        "remove it, so that it cannot let objects in there unnoticed later\n"
        "11:9 unused-allow: services.web.allow.namespaces declares \"monitoring\", where service web renders "
        "no object: "
        "remove it, so that it cannot let objects in there unnoticed later\n");
}

TEST_CASE("identity: the autoscaler scales only its own service's workload") {
  auto r = render_with(R"(      instances: { min: 2, max: 4 }
      patches:
        - target: { kind: HorizontalPodAutoscaler }
          patch: { spec: { scaleTargetRef: { name: db } } }
)");
  CHECK(messages(r.diags) ==
        "15:11 object-selector: services.web.patches: HorizontalPodAutoscaler \"web\": spec.scaleTargetRef must stay "
        "vsctl's, the Deployment \"web\": an autoscaler of service web scales only its pods\n");
}

TEST_CASE("identity: the workload's pod template keeps the labels its selector selects") {
  auto r = render_with(R"(      patches:
        - target: { kind: Deployment }
          patch: { spec: { template: { metadata: { labels: { app.kubernetes.io/part-of: null } } } } }
)");
  CHECK(messages(r.diags) ==
        "14:11 object-selector: services.web.patches: Deployment \"web\": its pod template must keep the label "
        "app.kubernetes.io/part-of: shop, which its selector and service web's Service select\n");
}
