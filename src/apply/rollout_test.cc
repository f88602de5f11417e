#include "apply/rollout.h"

#include <doctest/doctest.h>

#include "apply/analysis.h"

using namespace vsctl;
using manifest::Analysis;
using manifest::Rollout;
using Verdict = apply::rollout::AnalysisResult::Verdict;

namespace {

k8s::Json route() {
  return k8s::Json::parse(R"({"spec":{"rules":[
    {"backendRefs":[{"name":"cart-stable","port":80,"weight":100},{"name":"cart-canary","port":80,"weight":0}]},
    {"backendRefs":[{"name":"other","port":80}]},
    {"backendRefs":[{"name":"cart-stable","port":80},{"name":"cart-canary","port":80}]}]}})");
}

Analysis prometheus(std::optional<double> below, std::optional<double> above = std::nullopt) {
  Analysis a;
  a.kind = Analysis::Kind::Prometheus;
  a.address = "http://prom:9090/";
  a.query = "sum(rate(x{code=~\"5..\"}[1m]))";
  a.below = below;
  a.above = above;
  return a;
}

util::Result<kube::HttpAnswer> answer(long status, std::string body) { return kube::HttpAnswer{status, std::move(body)}; }

}  // namespace

TEST_CASE("a weight sets every stable and canary backend of the route, and reads back") {
  auto r = route();
  auto [s, c] = apply::rollout::set_weights(r, "cart-stable", "cart-canary", 20);
  CHECK(s == 2);
  CHECK(c == 2);
  CHECK(r["spec"]["rules"][0]["backendRefs"][0]["weight"] == 80);
  CHECK(r["spec"]["rules"][0]["backendRefs"][1]["weight"] == 20);
  CHECK(r["spec"]["rules"][2]["backendRefs"][1]["weight"] == 20);
  CHECK_FALSE(r["spec"]["rules"][1]["backendRefs"][0].contains("weight"));  // another service's backend is left alone
  CHECK(apply::rollout::route_weight(r, "cart-stable", "cart-canary") == 20);
  CHECK(apply::rollout::route_weight(route(), "cart-stable", "cart-canary") == 0);
  auto none = apply::rollout::set_weights(r, "web-stable", "web-canary", 50);
  CHECK(none == std::pair<int, int>{0, 0});
}

TEST_CASE("canary instances: at least one behind a route, the nearest share by instance counts") {
  using T = Rollout::Traffic;
  CHECK(apply::rollout::canary_instances(4, 0, T::Gateway) == 1);
  CHECK(apply::rollout::canary_instances(4, 10, T::Gateway) == 1);
  CHECK(apply::rollout::canary_instances(4, 50, T::Gateway) == 2);
  CHECK(apply::rollout::canary_instances(4, 100, T::Gateway) == 4);
  CHECK(apply::rollout::canary_instances(4, 0, T::Replicas) == 0);
  CHECK(apply::rollout::canary_instances(4, 10, T::Replicas) == 1);  // 0.4 rounds to 0, but a weight above 0 gets one
  CHECK(apply::rollout::canary_instances(10, 25, T::Replicas) == 3);
  CHECK(apply::rollout::canary_instances(3, 100, T::Replicas) == 3);
  CHECK(apply::rollout::instance_share(1, 3) == 25);
  CHECK(apply::rollout::instance_share(0, 0) == 0);
}

TEST_CASE("the second workload selects its own track only") {
  k8s::Json d = k8s::Json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"cart","namespace":"shop"},
    "spec":{"replicas":4,"selector":{"matchLabels":{"app.kubernetes.io/name":"cart"}},
    "template":{"metadata":{"labels":{"app.kubernetes.io/name":"cart","vsctl.dev/track":"stable"}}}}})");
  auto c = apply::rollout::track_workload(d, "cart", "canary", 1);
  CHECK(c["metadata"]["name"] == "cart-canary");
  CHECK(c["spec"]["replicas"] == 1);
  CHECK(c["spec"]["selector"]["matchLabels"]["vsctl.dev/track"] == "canary");
  CHECK(c["spec"]["template"]["metadata"]["labels"]["vsctl.dev/track"] == "canary");
  CHECK(d["spec"]["template"]["metadata"]["labels"]["vsctl.dev/track"] == "stable");  // the original is untouched
}

TEST_CASE("progress survives its annotation, and reads as the status line says") {
  apply::rollout::Progress p;
  p.strategy = "canary";
  p.traffic = "gateway cart-route";
  p.route = "cart-route";
  p.from = "1.0.0";
  p.to = "1.1.0";
  p.step = 2;
  p.steps = 5;
  p.weight = 10;
  p.phase = "Paused";
  apply::rollout::AnalysisResult r;
  r.step = 3;
  r.kind = "prometheus";
  r.verdict = Verdict::Failed;
  r.value = 0.2;
  r.message = "0.2 is not below 0.01";
  p.analyses.push_back(r);
  auto back = apply::rollout::progress_from_json(k8s::Json::parse(apply::rollout::to_json(p).dump()));
  REQUIRE(back);
  CHECK(back->route == "cart-route");
  CHECK(back->analyses.size() == 1);
  CHECK(back->analyses[0].verdict == Verdict::Failed);
  CHECK(back->analyses[0].value == doctest::Approx(0.2));
  CHECK(apply::rollout::summary(*back) == "canary 10% (step 2/5)");
  CHECK_FALSE(apply::rollout::progress_from_json(k8s::Json::parse("{}")));
}

TEST_CASE("a Prometheus answer: one sample judged against the bounds, anything else is inconclusive") {
  auto vec = [](const std::string& v) {
    return R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{},"value":[1700000000.1,")" + v + R"("]}]}})";
  };
  CHECK(apply::judge(prometheus(0.01), answer(200, vec("0"))).verdict == Verdict::Passed);
  auto bad = apply::judge(prometheus(0.01), answer(200, vec("0.2")));
  CHECK(bad.verdict == Verdict::Failed);
  CHECK(bad.message == "0.2 is not below 0.01");
  CHECK(apply::judge(prometheus(std::nullopt, 5), answer(200, vec("4"))).verdict == Verdict::Failed);
  CHECK(apply::judge(prometheus(0.01), answer(200, vec("NaN"))).verdict == Verdict::Inconclusive);
  CHECK(apply::judge(prometheus(0.01), answer(200, R"({"status":"success","data":{"resultType":"vector","result":[]}})")).verdict ==
        Verdict::Inconclusive);
  CHECK(apply::judge(prometheus(0.01), answer(200, R"({"status":"success","data":{"resultType":"scalar","result":[1,"0.001"]}})")).verdict ==
        Verdict::Passed);
  auto two = apply::judge(prometheus(0.01), answer(200, R"({"status":"success","data":{"resultType":"vector","result":[
      {"metric":{"a":"1"},"value":[1,"0"]},{"metric":{"a":"2"},"value":[1,"0"]}]}})"));
  CHECK(two.verdict == Verdict::Inconclusive);
  CHECK(two.message.find("2 series") != std::string::npos);
  auto refused = apply::judge(prometheus(0.01), util::fail(util::ErrorKind::Io, "Couldn't connect to server"));
  CHECK(refused.verdict == Verdict::Inconclusive);
  CHECK(refused.message == "Prometheus did not answer: Couldn't connect to server");
  CHECK(apply::judge(prometheus(0.01), answer(400, R"({"status":"error","error":"parse error"})")).message ==
        "Prometheus answered HTTP 400: parse error");
  CHECK(apply::analysis_url(prometheus(0.01)) == "http://prom:9090/api/v1/query?query=sum%28rate%28x%7Bcode%3D~%225..%22%7D%5B1m%5D%29%29");
}

TEST_CASE("an http answer: the value at the pointer equals, or is within the bounds") {
  Analysis a;
  a.kind = Analysis::Kind::Http;
  a.url = "http://status/health?token=secret";
  a.pointer = "/status";
  a.equals = "ok";
  CHECK(apply::judge(a, answer(200, R"({"status":"ok"})")).verdict == Verdict::Passed);
  CHECK(apply::judge(a, answer(200, R"({"status":"degraded"})")).verdict == Verdict::Failed);
  CHECK(apply::judge(a, answer(200, R"({"other":1})")).verdict == Verdict::Inconclusive);
  CHECK(apply::judge(a, answer(503, "")).verdict == Verdict::Inconclusive);
  CHECK(apply::judge(a, answer(200, "not json")).verdict == Verdict::Inconclusive);
  CHECK(apply::analysis_what(a) == "http http://status/health");  // the query string (a token?) is not shown
  a.equals = nullptr;
  a.pointer = "/errors";
  a.below = 3;
  CHECK(apply::judge(a, answer(200, R"({"errors":2})")).verdict == Verdict::Passed);
  CHECK(apply::judge(a, answer(200, R"({"errors":"7"})")).verdict == Verdict::Failed);
}

TEST_CASE("a query gate asks again while the answer says nothing, then fails, a bound not met fails at once") {
  Analysis a = prometheus(0.01);
  a.tries = 3;
  a.interval_s = 1;
  int asked = 0, heard = 0;
  auto nothing = [&](const std::string&) -> util::Result<kube::HttpAnswer> {
    ++asked;
    return util::fail(util::ErrorKind::Io, "Couldn't connect to server");
  };
  auto r = apply::run_query_gate(a, nothing, [] { return false; }, [&](const apply::rollout::AnalysisResult&) { ++heard; });
  CHECK(asked == 3);
  CHECK(heard == 2);
  CHECK(r.verdict == Verdict::Failed);
  CHECK(r.tries == 3);
  CHECK(r.message == "inconclusive after 3 tries: Prometheus did not answer: Couldn't connect to server");
  asked = 0;
  auto high = [&](const std::string&) -> util::Result<kube::HttpAnswer> {
    ++asked;
    return kube::HttpAnswer{200, R"({"status":"success","data":{"resultType":"scalar","result":[1,"0.5"]}})"};
  };
  r = apply::run_query_gate(a, high, [] { return false; }, [](const apply::rollout::AnalysisResult&) {});
  CHECK(asked == 1);
  CHECK(r.verdict == Verdict::Failed);
  asked = 0;
  r = apply::run_query_gate(a, nothing, [] { return true; }, [](const apply::rollout::AnalysisResult&) {});
  CHECK(asked == 1);
  CHECK(r.verdict == Verdict::Inconclusive);  // stopped: neither passed nor failed
}
