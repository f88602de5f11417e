#include "graph/dot.h"

#include <doctest/doctest.h>

namespace vsctl::graph {

namespace {

manifest::Service service(std::string name, std::string version, std::vector<std::pair<std::string, std::string>> deps = {}) {
  manifest::Service s;
  s.name = std::move(name);
  s.version = std::move(version);
  for (auto& [to, range] : deps) {
    manifest::Dependency d;
    d.service = to;
    d.range_text = range;
    auto r = semver::Range::parse(range);
    if (r) d.range = *r;
    s.depends_on.push_back(std::move(d));
  }
  return s;
}

manifest::Architecture arch(std::vector<manifest::Service> services) {
  manifest::Architecture a;
  a.name = "shop";
  a.services = std::move(services);
  return a;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("graph: a node per service with version, importance and recovery, an edge per range") {
  auto a = arch({service("cart", "2.2.5", {{"redis", ">=7"}}), service("redis", "7.2.4")});
  a.services[1].recovery = manifest::Recovery::Pet;
  a.services[0].importance = manifest::Importance::Critical;
  std::string dot = to_dot(a, {});
  CHECK(dot.rfind("digraph \"shop\" {\n", 0) == 0);
  CHECK(has(dot, "  \"cart\" [label=\"cart\\n2.2.5\\ncritical, cattle\", fillcolor=\"white\", penwidth=3];\n"));
  CHECK(has(dot, "  \"redis\" [label=\"redis\\n7.2.4\\nnormal, pet\", fillcolor=\"white\", penwidth=1, shape=box3d];\n"));
  CHECK(has(dot, "  \"cart\" -> \"redis\" [label=\">=7\"];\n"));
  CHECK(!has(dot, "color=red"));
  CHECK(dot.substr(dot.size() - 2) == "}\n");
}

TEST_CASE("graph: a cycle is red and spelled out in the title") {
  auto a = arch({service("a", "1.0.0", {{"b", "*"}}), service("b", "1.0.0", {{"a", "*"}}), service("c", "1.0.0", {{"a", "*"}})});
  std::string dot = to_dot(a, {"shop @ HEAD", std::nullopt});
  CHECK(has(dot, "label=\"shop @ HEAD\\ncycle: a -> b -> a\""));
  CHECK(has(dot, "\"a\" -> \"b\" [label=\"*\", color=red, fontcolor=red, penwidth=2];"));
  CHECK(has(dot, "\"b\" -> \"a\" [label=\"*\", color=red, fontcolor=red, penwidth=2];"));
  CHECK(has(dot, "\"c\" -> \"a\" [label=\"*\"];"));  // into the cycle, not on it
  CHECK(has(dot, "\"a\" [label=\"a\\n1.0.0\\nnormal, cattle\", fillcolor=\"white\", penwidth=1, color=red, fontcolor=red];"));
  CHECK(!has(dot, "\"c\" [label=\"c\\n1.0.0\\nnormal, cattle\", fillcolor=\"white\", penwidth=1, color=red"));
}

TEST_CASE("graph: an unsatisfied range and a missing service are flagged") {
  auto a = arch({service("api", "3.1.0"), service("web", "1.0.0", {{"api", "^2"}, {"ghost", "1.x"}})});  // sorted by name
  std::string dot = to_dot(a, {});
  CHECK(has(dot, "\"web\" -> \"api\" [label=\"^2\\nnot 3.1.0\", color=orange, fontcolor=orange];"));
  CHECK(has(dot, "\"web\" -> \"ghost\" [label=\"1.x\", color=red, fontcolor=red, style=dashed];"));
  CHECK(has(dot, "\"ghost\" [label=\"ghost\\nno such service\""));
}

TEST_CASE("graph: live states fill the nodes, absent services say so") {
  auto a = arch({service("api", "2.0.0"), service("db", "16.2.0"), service("web", "1.1.0")});
  std::map<std::string, LiveState> live;
  live["web"] = {health::State::Failed, "CrashLoopBackOff", "1.1.0"};
  live["api"] = {health::State::Run, "", "1.9.0"};
  std::string dot = to_dot(a, {"", live});
  CHECK(has(dot, "\"web\" [label=\"web\\n1.1.0\\nnormal, cattle\\nFailed: CrashLoopBackOff\", fillcolor=\"salmon\""));
  CHECK(has(dot, "\"api\" [label=\"api\\n2.0.0\\nnormal, cattle\\nRun\\nlive 1.9.0\", fillcolor=\"palegreen\""));
  CHECK(has(dot, "\"db\" [label=\"db\\n16.2.0\\nnormal, cattle\\nnot deployed\", fillcolor=\"gray95\""));
}

TEST_CASE("graph: a service not in Run shows its reason, and its cause in full as the tooltip") {
  auto a = arch({service("api", "2.0.0"), service("web", "1.1.0")});
  std::map<std::string, LiveState> live;
  live["web"] = {health::State::Scale, "FailedCreate", "1.1.0", "cannot create pods: exceeded quota: q"};
  live["api"] = {health::State::Run, "", "2.0.0"};
  std::string dot = to_dot(a, {"", live});
  CHECK(has(dot, "\"web\" [label=\"web\\n1.1.0\\nnormal, cattle\\nScale: FailedCreate\", fillcolor="));
  CHECK(has(dot, "tooltip=\"cannot create pods: exceeded quota: q\"];"));
  CHECK_FALSE(has(dot, "\"api\" [label=\"api\\n2.0.0\\nnormal, cattle\\nRun\", fillcolor=\"palegreen\", penwidth=1, tooltip"));
}

TEST_CASE("graph: names and ranges are quoted for DOT") {
  CHECK(quote("a\"b\\c\nd") == "\"a\\\"b\\\\c\\nd\"");
  CHECK(std::string(state_color(health::State::Ready)) == "khaki1");
}

}  // namespace vsctl::graph
