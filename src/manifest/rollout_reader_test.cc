#include "manifest/rollout_reader.h"

#include <doctest/doctest.h>

#include "manifest/definition.h"
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

// "line:col: code: message", warnings marked.
std::vector<std::string> messages(const Loaded& l) {
  std::vector<std::string> out;
  for (const auto& d : l.diags.items())
    out.push_back(std::to_string(d.loc.line) + ":" + std::to_string(d.loc.col) + ": " +
                  (d.severity == util::Severity::Warning ? "warning " : "") + d.code + ": " + d.message);
  return out;
}

// A manifest with one service `cart` (ports, unless `ports` is false) whose body ends with
// `rollout`, indented under the service.
std::string with_cart(const std::string& rollout, const std::string& name = "cart",
                      const std::string& extra = "") {
  return R"(apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: shop }
spec:
  services:
    )" + name +
         R"(:
      image: example.com/cart
      version: 2.3.0
)" + extra +
         rollout;
}

const std::string kPorts = "      ports: [ { port: 80 } ]\n";

}  // namespace

TEST_CASE("rollout: every field is read, with its defaults, and kept where it is written") {
  auto l = load_text(with_cart(R"(      rollout:
        strategy: canary
        traffic: { gateway: { route: shop-route } }
        steps:
          - weight: 10
          - pause: 2m
          - pause: {}
          - analysis:
              prometheus: { address: http://prometheus:9090, query: 'sum(rate(x[1m]))', below: 0.01 }
          - analysis:
              http: { url: https://status.example/health, pointer: /status, equals: ok, above: 1 }
              tries: 20
              interval: 10m
          - analysis: { job: { image: registry.example.com/smoke, version: 1.0.0, command: [sh, -c, 'true'], args: [] } }
          - analysis: { http: { url: http://status.example/ready, equals: true } }
          - weight: 100
)",
                               "cart", kPorts));
  // the route is no service's object here: vsctl will weigh someone else's
  REQUIRE(messages(l).size() == 1);
  CHECK(l.diags.items()[0].code == "rollout-route-unowned");
  REQUIRE(l.ok());
  const Rollout& r = l.view->find("cart")->rollout;
  CHECK(r.strategy == Rollout::Strategy::Canary);
  CHECK(r.progressive());
  CHECK(r.traffic == Rollout::Traffic::Gateway);
  CHECK(r.route == "shop-route");
  CHECK((r.loc.line == 11 && r.loc.col == 9));  // the map, at its first key
  CHECK((r.route_loc.line == 12 && r.route_loc.col == 38));
  REQUIRE(r.steps.size() == 8);
  CHECK(r.steps[0].kind == RolloutStep::Kind::Weight);
  CHECK(r.steps[0].weight == 10);
  CHECK((r.steps[0].loc.line == 14 && r.steps[0].loc.col == 13));
  CHECK(r.steps[1].kind == RolloutStep::Kind::Pause);
  CHECK(r.steps[1].pause_s == 120);
  CHECK(r.steps[2].kind == RolloutStep::Kind::Pause);
  CHECK_FALSE(r.steps[2].pause_s);  // until promoted
  const Analysis& p = r.steps[3].analysis;
  CHECK(r.steps[3].kind == RolloutStep::Kind::Analysis);
  CHECK(p.kind == Analysis::Kind::Prometheus);
  CHECK(p.address == "http://prometheus:9090");
  CHECK(p.query == "sum(rate(x[1m]))");
  CHECK(p.below == 0.01);
  CHECK_FALSE(p.above);
  CHECK(p.tries == 3);
  CHECK(p.interval_s == 5);
  CHECK((p.loc.line == 18 && p.loc.col == 15));
  const Analysis& h = r.steps[4].analysis;
  CHECK(h.kind == Analysis::Kind::Http);
  CHECK(h.url == "https://status.example/health");
  CHECK(h.pointer == "/status");
  CHECK(h.equals == Json("ok"));
  CHECK(h.above == 1.0);
  CHECK(h.tries == 20);
  CHECK(h.interval_s == 600);
  const Analysis& j = r.steps[5].analysis;
  CHECK(j.kind == Analysis::Kind::Job);
  CHECK(j.image == "registry.example.com/smoke");
  CHECK(j.version == "1.0.0");
  CHECK(j.command == std::vector<std::string>{"sh", "-c", "true"});
  CHECK(j.args.empty());
  CHECK(j.timeout_s == 120);
  CHECK(r.steps[6].analysis.pointer.empty());  // the whole answer
  CHECK(r.steps[6].analysis.equals == Json(true));
  CHECK(r.steps[7].weight == 100);
}

TEST_CASE("rollout: none written is a rolling update, and traffic by instance counts") {
  auto l = load_text(with_cart(""));
  REQUIRE(l.ok());
  const Rollout& r = l.view->find("cart")->rollout;
  CHECK(r.strategy == Rollout::Strategy::Rolling);
  CHECK_FALSE(r.progressive());
  CHECK(r.traffic == Rollout::Traffic::Replicas);
  CHECK(r.steps.empty());
  CHECK(r.loc.line == 0);
  CHECK_FALSE(definition(*l.view->find("cart")).contains("rollout"));
}

TEST_CASE("rollout: spec.defaults gives every service its rollout, which a service may change or drop") {
  auto l = load_text(R"(apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: shop }
spec:
  defaults:
    ports: [ { port: 80 } ]
    rollout:
      strategy: canary
      steps: [ { weight: 20 }, { pause: 1m } ]
  services:
    a: { image: example.com/a, version: 1.0.0 }
    b: { image: example.com/b, version: 1.0.0, rollout: { steps: [ { weight: 50 } ] } }
    c: { image: example.com/c, version: 1.0.0, rollout: null }
    d: { image: example.com/d, version: 1.0.0, rollout: { strategy: blueGreen, steps: [ { pause: {} } ] } }
)");
  CHECK(messages(l).empty());
  REQUIRE(l.ok());
  const Rollout& a = l.view->find("a")->rollout;
  CHECK(a.strategy == Rollout::Strategy::Canary);
  REQUIRE(a.steps.size() == 2);
  CHECK(a.steps[0].weight == 20);
  CHECK(a.steps[1].pause_s == 60);
  CHECK(a.loc.line == 8);  // where spec.defaults writes it
  const Rollout& b = l.view->find("b")->rollout;
  CHECK(b.strategy == Rollout::Strategy::Canary);  // merged: the defaults' strategy, b's steps
  REQUIRE(b.steps.size() == 1);
  CHECK(b.steps[0].weight == 50);
  CHECK(l.view->find("c")->rollout.strategy == Rollout::Strategy::Rolling);
  const Rollout& d = l.view->find("d")->rollout;
  CHECK(d.strategy == Rollout::Strategy::BlueGreen);
  REQUIRE(d.steps.size() == 1);
  CHECK_FALSE(d.steps[0].pause_s);
}

TEST_CASE("rollout: a check of spec.defaults' rollout is reported for each service it does not fit") {
  auto l = load_text(R"(apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: shop }
spec:
  defaults:
    rollout: { strategy: canary, steps: [ { weight: 20 } ] }
  services:
    db: { image: postgres, version: 16.2.0, recovery: pet, storage: [ { name: data, mount: /data, size: 1Gi } ] }
    cache: { image: redis, version: 7.2.0, recovery: pet, storage: [ { name: data, mount: /data, size: 1Gi } ], rollout: null }
    web: { image: example.com/web, version: 1.0.0 }
)");
  auto m = messages(l);
  REQUIRE(m.size() == 1);
  CHECK(m[0].find("6:14: rollout-pet: services.db.rollout: service db is a pet") == 0);
}

TEST_CASE("rollout: a rolling update with steps or traffic is an error: nothing would use them") {
  auto l = load_text(with_cart(R"(      rollout:
        strategy: rolling
        traffic: replicas
        steps: [ { weight: 10 } ]
)",
                               "cart", kPorts) +
                     R"(    web:
      image: example.com/web
      version: 1.0.0
      rollout: { traffic: { gateway: { route: r } }, steps: [] }
)");
  auto m = messages(l);
  REQUIRE(m.size() == 3);
  CHECK(m[0] ==
        "12:18: rollout-unused: services.cart.rollout.traffic: a rolling update moves traffic by its own "
        "instance counts, "
        "nothing would use this; set strategy: canary or blueGreen, or remove it (rollout: null drops what "
        "spec.defaults sets)");
  CHECK(m[1] ==
        "13:16: rollout-unused: services.cart.rollout.steps: a rolling update has no steps, nothing would "
        "run them; set "
        "strategy: canary or blueGreen, or remove it (rollout: null drops what spec.defaults sets)");
  CHECK(m[2].find("17:27: rollout-unused: services.web.rollout.traffic: a rolling update") == 0);
}

TEST_CASE("rollout: a canary's weights are 0..100 and never go down, and without one it warns") {
  auto l = load_text(with_cart(R"(      rollout:
        strategy: canary
        steps: [ { weight: 10 }, { weight: 50 }, { weight: 20 }, { weight: 101 }, { weight: -1 }, { weight: 50 }, { weight: ~ } ]
)",
                               "cart", kPorts) +
                     R"(    web:
      image: example.com/web
      version: 1.0.0
      rollout: { strategy: canary, steps: [ { pause: 1m } ] }
)");
  auto m = messages(l);
  REQUIRE(m.size() == 5);
  CHECK(m[0] ==
        "12:50: rollout-weight: services.cart.rollout.steps[2].weight 20 is below the weight before it (50): "
        "a canary's "
        "weights only go up; to go back, abort the rollout (vsctl rollout abort)");
  CHECK(m[1] ==
        "12:76: out-of-range: services.cart.rollout.steps[3].weight must be between 0 and 100, not 101");
  CHECK(m[2] ==
        "12:93: out-of-range: services.cart.rollout.steps[4].weight must be between 0 and 100, not -1");
  CHECK(m[3] ==
        "12:125: rollout-step: services.cart.rollout.steps[6].weight is empty: give the new version's share "
        "of requests, 0 to 100");
  CHECK(m[4] ==
        "16:16: warning rollout-no-weight: services.web.rollout: a canary with no weight step gets 0% of the "
        "requests until "
        "it completes, so its steps check a version nobody uses; add a weight step (- weight: 10)");
  // the steps that could be read are kept, in order (an invalid weight is left out)
  const auto& steps = l.view->find("cart")->rollout.steps;
  REQUIRE(steps.size() == 4);
  CHECK(steps[3].weight == 50);
}

TEST_CASE("rollout: blue-green has no weights, no route, and needs the Service it switches") {
  auto l = load_text(with_cart(R"(      rollout:
        strategy: blueGreen
        traffic: { gateway: { route: shop-route } }
        steps: [ { pause: {} }, { weight: 50 } ]
)"));
  auto m = messages(l);
  REQUIRE(m.size() == 3);
  CHECK(m[0] ==
        "10:9: rollout-ports: services.cart.rollout: a blue-green rollout switches the Service cart, and "
        "cart has no ports, "
        "so no Service; add ports, or use strategy: canary");
  CHECK(m[1] ==
        "11:18: rollout-traffic: services.cart.rollout.traffic: a blue-green rollout switches the selector "
        "of the Service "
        "cart from the old version to the new all at once, it does not weigh a route; remove traffic, or use "
        "strategy: canary");
  CHECK(m[2] ==
        "12:33: rollout-weight: services.cart.rollout.steps[1].weight: a blue-green rollout has no weights, "
        "all requests "
        "switch at once at its end; use pauses and analyses, or strategy: canary");
}

TEST_CASE("rollout: a pet cannot roll out by canary or blue-green") {
  for (const char* strategy : {"canary", "blueGreen"}) {
    CAPTURE(strategy);
    auto l = load_text(
        with_cart(std::string("      rollout: { strategy: ") + strategy + ", steps: [ { pause: 1m } ] }\n",
                  "cart", kPorts + "      recovery: pet\n"));
    auto m = messages(l);
    REQUIRE(!m.empty());
    CHECK(m[0] ==
          "11:16: rollout-pet: services.cart.rollout: service cart is a pet (a StatefulSet, whose instances "
          "keep "
          "their identity and volumes), and a " +
              std::string(strategy) +
              " rollout runs a second Deployment of the new version beside the first; use strategy: rolling "
              "for it");
  }
  auto rolling = load_text(
      with_cart("      rollout: { strategy: rolling }\n", "cart", kPorts + "      recovery: pet\n"));
  CHECK(rolling.ok());
}

TEST_CASE("rollout: <service>-canary, -stable and -preview must be Service names of at most 63 characters") {
  const std::string n56(56, 'c'), n57(57, 'c'), n55(55, 'b');
  CHECK(load_text(with_cart("      rollout: { strategy: canary, steps: [ { weight: 5 } ] }\n", n56, kPorts))
            .ok());
  auto canary =
      load_text(with_cart("      rollout: { strategy: canary, steps: [ { weight: 5 } ] }\n", n57, kPorts));
  auto m = messages(canary);
  REQUIRE(m.size() == 1);
  CHECK(
      m[0] ==
      "10:16: rollout-name: services." + n57 + ".rollout: a canary rollout of " + n57 +
          " adds objects named " + n57 + "-canary and " + n57 +
          "-stable, longer than the 63 characters a Service name may have: shorten the service's name to at "
          "most 56 characters, or use strategy: rolling");
  CHECK(load_text(with_cart("      rollout: { strategy: blueGreen }\n", n55, kPorts)).ok());
  auto blue_green = load_text(with_cart("      rollout: { strategy: blueGreen }\n", n56, kPorts));
  m = messages(blue_green);
  REQUIRE(m.size() == 1);
  CHECK(m[0].find("rollout-name: services." + n56 + ".rollout: a blueGreen rollout of " + n56 +
                  " adds objects named " + n56 + "-preview, longer") != std::string::npos);
  CHECK(m[0].find("at most 55 characters") != std::string::npos);
  CHECK(load_text(with_cart("", std::string(63, 'a'))).ok());  // a rolling update adds no suffix
}

TEST_CASE("rollout: traffic through a route needs ports and a route name") {
  auto l = load_text(with_cart(R"(      rollout:
        strategy: canary
        traffic: { gateway: { route: Shop_Route } }
        steps: [ { weight: 5 } ]
)") + R"(    web:
      image: example.com/web
      version: 1.0.0
      ports: [ { port: 80 } ]
      rollout: { strategy: canary, traffic: { gateway: {} }, steps: [ { weight: 5 } ] }
    api:
      image: example.com/api
      version: 1.0.0
      rollout: { strategy: canary, traffic: gateway, steps: [ { weight: 5 } ] }
)");
  auto m = messages(l);
  REQUIRE(m.size() == 4);
  CHECK(m[0] ==
        "11:18: rollout-ports: services.cart.rollout.traffic.gateway: the route's backends cart-stable and "
        "cart-canary are "
        "Services, and cart has no ports to give them; add ports, or use traffic: replicas");
  CHECK(m[1] ==
        "11:38: rollout-route: services.cart.rollout.traffic.gateway.route \"Shop_Route\" is not an object "
        "name: name the "
        "HTTPRoute (lower-case letters, digits, '-' and '.', at most 253)");
  CHECK(m[2] == "17:56: missing-field: services.web.rollout.traffic.gateway needs the field \"route\"");
  CHECK(m[3] ==
        "21:45: rollout-traffic: services.api.rollout.traffic: gateway needs the HTTPRoute to weigh: write { "
        "gateway: { "
        "route: NAME } }");
}

TEST_CASE("rollout: analyses check their own fields") {
  auto l = load_text(with_cart(R"y(      rollout:
        strategy: canary
        steps:
          - weight: 5
          - analysis: { prometheus: { address: prometheus:9090, query: '', below: 1, above: 1 } }
          - analysis: { prometheus: { address: 'https://', query: up } }
          - analysis: { http: { url: ftp://x, pointer: status, equals: [ a ] }, tries: 0, interval: 11m }
          - analysis: { http: { url: http://x } }
          - analysis: { job: { version: "" }, interval: 0s }
          - analysis: { job: { image: "-x", version: "$(id)", timeout: 0 } }
          - analysis: { prometheus: { address: http://p, query: up, below: 1 }, http: { url: http://x, equals: 1 } }
          - analysis: { tries: 2 }
          - analysis: { prometheus: ~ }
          - analysis: { prometheus: { address: http://p, query: up, below: low } }
)y",
                               "cart", kPorts));
  auto m = messages(l);
  // an equals or a bound written, even when wrong, answers "needs equals, below or above"
  std::vector<std::string> expected{
      "14:48: rollout-url: services.cart.rollout.steps[1].analysis.prometheus.address \"prometheus:9090\" is "
      "not an "
      "http:// or https:// URL: give the Prometheus server's address, e.g. http://prometheus:9090",
      "14:72: rollout-query: services.cart.rollout.steps[1].analysis.prometheus.query is empty: give the "
      "PromQL query "
      "whose value is checked",
      "14:93: rollout-bounds: services.cart.rollout.steps[1].analysis.prometheus: above (1) is not less than "
      "below (1), so "
      "no value could pass: the value must be above `above` and below `below`",
      "15:37: rollout-bounds: services.cart.rollout.steps[2].analysis.prometheus needs below and/or above: "
      "the bounds the "
      "query's value must stay within",
      "15:48: rollout-url: services.cart.rollout.steps[2].analysis.prometheus.address \"https://\" is not an "
      "http:// or "
      "https:// URL: give the Prometheus server's address, e.g. http://prometheus:9090",
      "16:38: rollout-url: services.cart.rollout.steps[3].analysis.http.url \"ftp://x\" is not an http:// or "
      "https:// URL: "
      "give the address to GET",
      "16:56: rollout-pointer: services.cart.rollout.steps[3].analysis.http.pointer \"status\" is not a JSON "
      "pointer: write "
      "it from the answer's root (\"/status\"), or \"\" for the whole answer",
      "16:72: wrong-type: services.cart.rollout.steps[3].analysis.http.equals must be a string, a number or "
      "a boolean, not "
      "a list",
      "16:88: out-of-range: services.cart.rollout.steps[3].analysis.tries must be between 1 and 20, not 0",
      "16:101: rollout-interval: services.cart.rollout.steps[3].analysis.interval must be between 1s and "
      "10m: the wait "
      "between tries of an inconclusive answer",
      "17:31: rollout-bounds: services.cart.rollout.steps[4].analysis.http needs equals, below or above: "
      "what the value at "
      "the pointer must be",
      "18:30: missing-field: services.cart.rollout.steps[5].analysis.job needs the field \"image\"",
      "18:41: bad-version: services.cart.rollout.steps[5].analysis.job.version is empty: it would satisfy "
      "every range and "
      "render an untagged image (latest); give the version",
      "18:57: rollout-interval: services.cart.rollout.steps[5].analysis.interval must be between 1s and 10m: "
      "the wait "
      "between tries of an inconclusive answer",
      "19:39: bad-image: services.cart.rollout.steps[6].analysis.job.image \"-x\" is not an image reference",
      "19:54: bad-version: services.cart.rollout.steps[6].analysis.job.version \"$(id)\" cannot be an image "
      "tag (letters, "
      "digits, '_', '.', '-'; at most 128)",
      "19:72: rollout-timeout: services.cart.rollout.steps[6].analysis.job.timeout must be at least 1s: the "
      "Job's deadline",
      "20:23: rollout-analysis: services.cart.rollout.steps[7].analysis has prometheus and http: an analysis "
      "checks one "
      "thing; give each its own step",
      "21:23: rollout-analysis: services.cart.rollout.steps[8].analysis needs one of prometheus, http or "
      "job: what to check",
      "22:37: rollout-analysis: services.cart.rollout.steps[9].analysis.prometheus is empty: give its fields",
      "23:76: wrong-type: services.cart.rollout.steps[10].analysis.prometheus.below must be a number, not "
      "\"low\"",
  };
  CHECK(m == expected);
}

TEST_CASE("rollout: a step does one thing") {
  auto l = load_text(with_cart(R"(      rollout:
        strategy: canary
        steps:
          - { weight: 5, pause: 1m }
          - {}
          - ~
          - wait: 1m
          - pause: forever
          - pause: { duration: 1m }
          - pause: ~
          - weight: 5
)",
                               "cart", kPorts));
  auto m = messages(l);
  std::vector<std::string> expected{
      "13:13: rollout-step: services.cart.rollout.steps[0] has weight and pause: a step does one thing; give "
      "each its own "
      "step",
      "14:13: rollout-step: services.cart.rollout.steps[1] is empty: a step is one of weight, pause or "
      "analysis",
      "15:13: rollout-step: services.cart.rollout.steps[2] is empty: a step is one of weight, pause or "
      "analysis",
      "16:13: unknown-field: unknown field \"wait\" in services.cart.rollout.steps[3]",
      "17:20: bad-duration: services.cart.rollout.steps[4].pause must be a duration such as 30s, 5m or 1h30m "
      "(at most a "
      "week), not \"forever\"",
      "18:20: rollout-step: services.cart.rollout.steps[5].pause must be a duration (2m), or {} to wait "
      "until `vsctl "
      "rollout promote`, not a map",
      "19:20: rollout-step: services.cart.rollout.steps[6].pause must be a duration (2m), or {} to wait "
      "until `vsctl "
      "rollout promote`, not null",
  };
  CHECK(m == expected);
  REQUIRE(l.view);
  CHECK(l.view->find("cart")->rollout.steps.size() == 1);
}

TEST_CASE("rollout: unknown fields and strategies get a did-you-mean") {
  auto l = load_text(with_cart(R"(      rollout:
        strategy: bluegreen
        stepz: []
)",
                               "cart", kPorts));
  auto m = messages(l);
  REQUIRE(m.size() == 2);
  CHECK(m[0] ==
        "11:19: bad-value: services.cart.rollout.strategy must be one of rolling, canary, blueGreen, not "
        "\"bluegreen\" "
        "(did you mean \"blueGreen\"?)");
  CHECK(m[1] ==
        "12:9: unknown-field: unknown field \"stepz\" in services.cart.rollout (did you mean \"steps\"?)");
}

TEST_CASE("rollout: an environment may set it, and its checks then name the environment") {
  auto l = load_text(with_cart("", "cart", kPorts + "      recovery: pet\n") + R"(  environments:
    production:
      services:
        cart: { rollout: { strategy: canary, steps: [ { weight: 10 } ] } }
)");
  auto m = messages(l);
  REQUIRE(m.size() == 1);
  CHECK(m[0].find(
            "14:26: rollout-pet: environment \"production\": services.cart.rollout: service cart is a pet") ==
        0);
}

TEST_CASE("rollout: part of the definition when progressive, so the digest follows it") {
  auto plain = load_text(with_cart("", "cart", kPorts));
  auto rolling = load_text(with_cart("      rollout: { strategy: rolling }\n", "cart", kPorts));
  auto canary = load_text(with_cart(R"(      rollout:
        strategy: canary
        steps:
          - weight: 10
          - pause: {}
          - pause: 90s
          - analysis: { prometheus: { address: http://p:9090, query: up, above: 0.5 }, tries: 4 }
          - analysis: { http: { url: http://s/h, equals: ok, below: 3 } }
          - analysis: { job: { image: smoke, version: 1.0.0, command: [ run ], timeout: 30s } }
)",
                                    "cart", kPorts));
  auto moved = load_text(with_cart(R"(      rollout:
        strategy: canary
        steps:
          - weight: 20
          - pause: {}
          - pause: 90s
          - analysis: { prometheus: { address: http://p:9090, query: up, above: 0.5 }, tries: 4 }
          - analysis: { http: { url: http://s/h, equals: ok, below: 3 } }
          - analysis: { job: { image: smoke, version: 1.0.0, command: [ run ], timeout: 30s } }
)",
                                   "cart", kPorts));
  REQUIRE(plain.ok());
  REQUIRE(rolling.ok());
  REQUIRE(canary.ok());
  REQUIRE(moved.ok());
  const Service& c = *canary.view->find("cart");
  // a rolling update written is what none written is: the same definition, the same digest
  CHECK_FALSE(definition(*rolling.view->find("cart")).contains("rollout"));
  CHECK(digest(*rolling.view->find("cart")) == digest(*plain.view->find("cart")));
  CHECK(definition(c)["rollout"] == Json::parse(R"({
    "strategy": "canary",
    "traffic": "replicas",
    "steps": [
      {"weight": 10},
      {"pause": {}},
      {"pause": 90},
      {"analysis": {"prometheus": {"address": "http://p:9090", "query": "up", "above": 0.5}, "tries": 4, "interval": 5}},
      {"analysis": {"http": {"url": "http://s/h", "pointer": "", "equals": "ok", "below": 3.0}, "tries": 3, "interval": 5}},
      {"analysis": {"job": {"image": "smoke", "version": "1.0.0", "command": ["run"], "args": [], "timeout": 30},
                    "tries": 3, "interval": 5}}
    ]})"));
  CHECK(digest(*plain.view->find("cart")) != digest(c));
  CHECK(digest(c) != digest(*moved.view->find("cart")));
  auto gateway = load_text(with_cart(
      "      rollout: { strategy: canary, traffic: { gateway: { route: r } }, steps: [ { weight: 1 } ] }\n",
      "cart", kPorts));
  CHECK(definition(*gateway.view->find("cart"))["rollout"]["traffic"] ==
        Json::parse(R"({"gateway": {"route": "r"}})"));
  // and back: a service rebuilt from a recorded definition keeps its digest
  for (const Service* s : std::vector<const Service*>{&c, gateway.view->find("cart")}) {
    Service back = *s;
    back.rollout = rollout_from_definition(definition(*s)["rollout"]);
    CHECK(definition(back) == definition(*s));
  }
  CHECK_FALSE(rollout_from_definition(Json()).progressive());
}
