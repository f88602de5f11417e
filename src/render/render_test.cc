#include "render/render.h"

#include <doctest/doctest.h>

#include "manifest/load.h"

using namespace vsctl;

namespace {

const char* kArch = R"(apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: shop }
spec:
  namespace: shop
  services:
    web:
      image: example.com/web
      version: 1.0.0
      instances: { min: 2, max: 5 }
      ports: [ { name: http, port: 80, target: 8080 } ]
      health: { http: { path: /healthz, port: 8080 }, period: 5s }
      env: { KEY: { secret: web-secrets, key: k }, PLAIN: "1" }
      storage: [ { name: cache, mount: /cache, size: 1Gi } ]
      patches:
        - target: { kind: Deployment }
          patch: { spec: { template: { spec: { serviceAccountName: web } } } }
    api:
      image: example.com/api:pinned
      version: 2.0.0+build.7
      instances: { min: 3, max: 3 }
    db:
      image: postgres
      version: "16.2"
      recovery: pet
      ports: [ { port: 5432 } ]
      storage: [ { name: data, mount: /data, size: 5Gi, storageClass: fast } ]
)";

render::Rendered render_text(const std::string& text) {
  manifest::LoadRequest req;
  req.source_name = "a.yaml";
  req.text = text;
  auto l = manifest::load(req);
  REQUIRE(l.ok());
  return render::render(*l.view);
}

const render::Json* find(const render::Rendered& r, const std::string& kind, const std::string& name) {
  for (const auto& o : r.objects)
    if (o.key.kind == kind && o.key.name == name) return &o.body;
  return nullptr;
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  auto pos = s.find(from);
  REQUIRE(pos != std::string::npos);
  return s.replace(pos, from.size(), to);
}

}  // namespace

TEST_CASE("objects per recovery mode, ports and instances") {
  auto r = render_text(kArch);
  CHECK(r.diags.empty());
  std::vector<std::string> kinds;
  for (const auto& o : r.objects) kinds.push_back(o.key.kind + "/" + o.key.name);
  CHECK(kinds == std::vector<std::string>{"Namespace/shop", "Deployment/api", "Service/db", "StatefulSet/db",
                                          "Service/web", "Deployment/web", "HorizontalPodAutoscaler/web"});
  const auto* web = find(r, "Deployment", "web");
  CHECK_FALSE(web->at("spec").contains("replicas"));  // the autoscaler owns it
  CHECK(web->at("spec").at("progressDeadlineSeconds") == 300);
  const auto& pod = web->at("spec").at("template").at("spec");
  CHECK(pod.at("serviceAccountName") == "web");  // the patch
  CHECK(pod.at("volumes")[0].at("emptyDir").at("sizeLimit") == "1Gi");
  const auto& c = pod.at("containers")[0];
  CHECK(c.at("image") == "example.com/web:1.0.0");
  CHECK(c.at("readinessProbe").at("httpGet").at("path") == "/healthz");
  CHECK(c.at("readinessProbe").at("periodSeconds") == 5);
  CHECK(c.at("env")[0].at("valueFrom").at("secretKeyRef").at("name") == "web-secrets");
  const auto* hpa = find(r, "HorizontalPodAutoscaler", "web");
  CHECK(hpa->at("spec").at("minReplicas") == 2);
  CHECK(hpa->at("spec").at("maxReplicas") == 5);
  const auto* api = find(r, "Deployment", "api");
  CHECK(api->at("spec").at("replicas") == 3);
  CHECK(api->at("spec").at("template").at("spec").at("containers")[0].at("image") == "example.com/api:pinned");
  CHECK(api->at("metadata").at("labels").at("app.kubernetes.io/version") == "2.0.0_build.7");
  const auto* db = find(r, "StatefulSet", "db");
  CHECK(db->at("spec").at("serviceName") == "db");
  CHECK(db->at("spec").at("volumeClaimTemplates")[0].at("spec").at("storageClassName") == "fast");
  CHECK(find(r, "Service", "db")->at("spec").at("clusterIP") == "None");
}

TEST_CASE("every object carries the labels and the definition digest") {
  auto r = render_text(kArch);
  for (const auto& o : r.objects) {
    const auto& labels = o.body.at("metadata").at("labels");
    CHECK(labels.at("app.kubernetes.io/part-of") == "shop");
    CHECK(labels.at("app.kubernetes.io/managed-by") == "vsctl");
    if (o.service.empty()) continue;
    CHECK(labels.at("app.kubernetes.io/name") == o.service);
    CHECK(o.body.at("metadata").at("annotations").at("vsctl.dev/definition-digest").get<std::string>().size() == 16);
    CHECK(o.body.at("metadata").at("namespace") == "shop");
  }
}

TEST_CASE("a change to one service changes only its objects, instances never touch the pod template") {
  auto before = render_text(kArch);
  auto after = render_text(replace(kArch, "instances: { min: 3, max: 3 }", "instances: { min: 4, max: 4 }"));
  REQUIRE(before.objects.size() == after.objects.size());
  for (std::size_t i = 0; i < before.objects.size(); ++i) {
    const auto& b = before.objects[i];
    const auto& a = after.objects[i];
    if (b.service != "api") {
      CHECK(b.body == a.body);
      continue;
    }
    CHECK(b.body.at("spec").at("template") == a.body.at("spec").at("template"));
    CHECK(b.body.at("spec").at("replicas") == 3);
    CHECK(a.body.at("spec").at("replicas") == 4);
  }
}

TEST_CASE("a patch that matches nothing is an error") {
  auto r = render_text(replace(kArch, "target: { kind: Deployment }", "target: { kind: Deployment, name: nope }"));
  REQUIRE(r.diags.error_count() == 1);
  CHECK(r.diags.items()[0].message.find("no rendered object of kind \"Deployment\" named \"nope\"") != std::string::npos);
}

TEST_CASE("label values are made valid") {
  CHECK(render::label_value("1.2.3+build") == "1.2.3_build");
  CHECK(render::label_value("-x-") == "x");
  CHECK(render::label_value(std::string(80, 'a')).size() == 63);
}
