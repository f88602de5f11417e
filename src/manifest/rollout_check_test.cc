#include "manifest/rollout_check.h"

#include <doctest/doctest.h>

#include <map>

#include "manifest/load.h"

using namespace vsctl;
using namespace vsctl::manifest;

namespace {

// cart rolls out through the HTTPRoute `route`; web's objects file k8s/route.yaml is `route_file`.
Loaded load_route(const std::string& route, const std::string& route_file, bool read = true) {
  LoadRequest req;
  req.source_name = "architecture.yaml";
  req.text = R"(apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: shop }
spec:
  services:
    cart:
      image: example.com/cart
      version: 2.3.0
      ports: [ { port: 8080 } ]
      rollout: { strategy: canary, traffic: { gateway: { route: )" +
             route + R"( } }, steps: [ { weight: 10 } ] }
    web:
      image: example.com/web
      version: 1.0.0
      objects: [ k8s/route.yaml ]
)";
  if (read)
    req.read = [route_file](const std::string& path) -> util::Result<std::string> {
      if (path == "k8s/route.yaml") return route_file;
      return util::fail(util::ErrorKind::Io, "no such file");
    };
  return load(req);
}

std::vector<std::string> messages(const Loaded& l) {
  std::vector<std::string> out;
  for (const auto& d : l.diags.items())
    out.push_back(std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col) + ": " +
                  (d.severity == util::Severity::Warning ? "warning " : "") + d.code + ": " + d.message);
  return out;
}

std::string route(const std::string& name, const std::string& rules) {
  return "apiVersion: gateway.networking.k8s.io/v1\nkind: HTTPRoute\nmetadata: { name: " + name +
         " }\nspec:\n  parentRefs: [ { name: shop-gateway } ]\n  rules:\n" + rules;
}

const std::string kBoth =
    "    - backendRefs: [ { name: cart-stable, port: 8080, weight: 100 }, { name: cart-canary, port: 8080, "
    "weight: 0 } ]\n";

}  // namespace

TEST_CASE("rollout routes: a route the architecture renders, with both backends, passes") {
  auto l = load_route("shop-route",
                      route("shop-route", kBoth + "    - backendRefs: [ { name: web, port: 80 } ]\n"));
  CHECK(messages(l).empty());
  CHECK(l.ok());
}

TEST_CASE("rollout routes: a rendered route without cart-stable and cart-canary in one rule is an error") {
  auto l = load_route("shop-route", route("shop-route",
                                          "    - backendRefs: [ { name: cart, port: 8080 } ]\n"
                                          "    - backendRefs: [ { name: cart-canary, port: 8080 } ]\n"));
  auto m = messages(l);
  REQUIRE(m.size() == 1);
  CHECK(m[0] ==
        "10:65: rollout-route-backends: services.cart.rollout.traffic.gateway.route: HTTPRoute shop-route "
        "(an object of "
        "service web, k8s/route.yaml:1) has no rule whose backendRefs are cart-stable and cart-canary: vsctl "
        "writes those "
        "two backends' weights as the canary goes on; add both to the rule that takes cart's requests: "
        "backendRefs: [ { "
        "name: cart-stable, port: 8080 }, { name: cart-canary, port: 8080, weight: 0 } ]");
  // a backend of another kind, group or namespace is not the Service
  l = load_route("shop-route", route("shop-route",
                                     "    - backendRefs: [ { name: cart-stable, kind: ServiceImport }, "
                                     "{ name: cart-canary, namespace: other } ]\n"));
  m = messages(l);
  REQUIRE(m.size() == 1);
  CHECK(m[0].find("has no rule whose backendRefs are cart-stable and cart-canary") != std::string::npos);
  // nor is an HTTPRoute of another namespace, or another API
  l = load_route(
      "shop-route",
      route("shop-route", kBoth)
          .replace(0, 0,
                   "apiVersion: example.com/v1\nkind: HTTPRoute\nmetadata: { name: shop-route }\n---\n"));
  CHECK(messages(l).empty());
}

TEST_CASE("rollout routes: a rule with one of the two backends is an error") {
  auto l =
      load_route("shop-route",
                 route("shop-route", kBoth + "    - backendRefs: [ { name: cart-stable, port: 8080 } ]\n"));
  auto m = messages(l);
  REQUIRE(m.size() == 1);
  CHECK(m[0] ==
        "10:65: rollout-route-backends: services.cart.rollout.traffic.gateway.route: HTTPRoute shop-route "
        "(an object of "
        "service web, k8s/route.yaml:1): spec.rules[1] names cart-stable but not cart-canary: vsctl writes "
        "the weights of "
        "both in every rule, and a rule with one of them would not share its requests by the canary's "
        "weight; add the "
        "other beside it, or route that rule elsewhere");
}

TEST_CASE(
    "rollout routes: a route no service renders is a warning, unless the objects files were not all read") {
  auto l = load_route("other-route", route("shop-route", kBoth));
  auto m = messages(l);
  REQUIRE(m.size() == 1);
  CHECK(
      m[0] ==
      "10:65: warning rollout-route-unowned: services.cart.rollout.traffic.gateway.route: no service of this "
      "architecture renders the HTTPRoute other-route, so vsctl will write the weights of cart-stable and "
      "cart-canary "
      "in a route it does not own: it must exist in the architecture's namespace, with those two backends, "
      "when the "
      "rollout runs; add it to a service's objects to have it checked here");
  CHECK(l.ok());  // a warning only
  // without its objects files, a view cannot say that no service renders the route
  CHECK(messages(load_route("other-route", "", false)).empty());
}

TEST_CASE("rollout routes: checked on the views given, whatever the services asked") {
  // check_view with `only` (an environment's view built from the base view) checks the routes
  // of every service: the route is one service's object and another's rollout
  auto l = load_route("shop-route", route("shop-route", kBoth));
  REQUIRE(l.view);
  Architecture a = *l.view;
  a.find("web")->objects.front().objects.front()["spec"]["rules"] = Json::array();
  util::Diagnostics d;
  check_rollout_routes(a, d);
  REQUIRE(d.items().size() == 1);
  CHECK(d.items()[0].code == "rollout-route-backends");
  // blue-green and rolling services weigh no route
  a.find("cart")->rollout.strategy = Rollout::Strategy::BlueGreen;
  util::Diagnostics none;
  check_rollout_routes(a, none);
  CHECK(none.empty());
}
