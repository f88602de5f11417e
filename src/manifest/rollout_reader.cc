#include "manifest/rollout_reader.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>

#include "manifest/service_reader.h"
#include "util/strings.h"
#include "yaml/json.h"

namespace vsctl::manifest {

namespace {

// The longest suffix vsctl puts after a progressive service's name, by strategy: "-canary" and
// "-stable" (7), "-preview" (8). Service names are DNS-1035 labels, at most 63 characters.
constexpr std::size_t kMaxServiceName = 63;

std::string step_path(const std::string& what, std::size_t i) {
  return what + ".steps[" + std::to_string(i) + "]";
}

bool written(const yaml::Node* n) {
  return n && !n->resolves_null();
}

std::optional<double> number(Reader& r, const yaml::Node* n, const std::string& what) {
  if (!n || n->resolves_null()) return std::nullopt;
  if (!n->is_scalar()) {
    r.error(*n, "wrong-type", what + " must be a number, not " + yaml::describe(*n));
    return std::nullopt;
  }
  const char* begin = n->value.c_str();
  char* end = nullptr;
  double v = std::strtod(begin, &end);
  if (n->value.empty() || std::isspace(static_cast<unsigned char>(n->value.front())) ||
      end != begin + n->value.size() || !std::isfinite(v)) {
    r.error(*n, "wrong-type", what + " must be a number, not " + util::quote(n->value));
    return std::nullopt;
  }
  return v;
}

// http://HOST... or https://HOST..., without whitespace or control characters.
bool http_url(const std::string& u) {
  std::string_view rest = u;
  if (rest.rfind("http://", 0) == 0)
    rest.remove_prefix(7);
  else if (rest.rfind("https://", 0) == 0)
    rest.remove_prefix(8);
  else
    return false;
  return !rest.empty() && rest.front() != '/' && std::none_of(u.begin(), u.end(), [](char c) {
    return std::isspace(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
}

// below / above of a prometheus or http analysis; above < below when both are given.
void read_bounds(Reader& r, const yaml::Node& n, Analysis& a, const std::string& what) {
  a.below = number(r, n.get("below"), what + ".below");
  a.above = number(r, n.get("above"), what + ".above");
  if (a.below && a.above && !(*a.above < *a.below))
    r.error(*n.get("above"), "rollout-bounds",
            what + ": above (" + n.get("above")->value + ") is not less than below (" +
                n.get("below")->value +
                "), so no value could pass: the value must be above `above` and below `below`");
}

void read_prometheus(Reader& r, const yaml::Node& p, Analysis& a, const std::string& w) {
  a.kind = Analysis::Kind::Prometheus;
  static const std::vector<std::string> known{"address", "query", "below", "above"};
  r.known_fields(p, known, w);
  r.required_fields(p, std::vector<std::string>{"address", "query"}, w);
  a.address = r.str(p.get("address"), w + ".address").value_or("");
  a.query = r.str(p.get("query"), w + ".query").value_or("");
  if (const yaml::Node* addr = p.get("address"); addr && addr->is_scalar() && !http_url(a.address))
    r.error(*addr, "rollout-url",
            w + ".address " + util::quote(a.address) +
                " is not an http:// or https:// URL: give the Prometheus server's address, e.g. "
                "http://prometheus:9090");
  if (const yaml::Node* q = p.get("query");
      q && q->is_scalar() && !q->resolves_null() && util::trim(a.query).empty())
    r.error(*q, "rollout-query", w + ".query is empty: give the PromQL query whose value is checked");
  read_bounds(r, p, a, w);
  if (!written(p.get("below")) && !written(p.get("above")))
    r.error(p, "rollout-bounds",
            w + " needs below and/or above: the bounds the query's value must stay within");
}

void read_http(Reader& r, const yaml::Node& h, Analysis& a, const std::string& w) {
  a.kind = Analysis::Kind::Http;
  static const std::vector<std::string> known{"url", "pointer", "equals", "below", "above"};
  r.known_fields(h, known, w);
  r.required_fields(h, std::vector<std::string>{"url"}, w);
  a.url = r.str(h.get("url"), w + ".url").value_or("");
  if (const yaml::Node* u = h.get("url"); u && u->is_scalar() && !http_url(a.url))
    r.error(*u, "rollout-url",
            w + ".url " + util::quote(a.url) + " is not an http:// or https:// URL: give the address to GET");
  a.pointer = r.str(h.get("pointer"), w + ".pointer").value_or("");
  if (!a.pointer.empty() && a.pointer.front() != '/')
    r.error(*h.get("pointer"), "rollout-pointer",
            w + ".pointer " + util::quote(a.pointer) +
                " is not a JSON pointer: write it from the answer's root (\"/status\"), or \"\" for the "
                "whole answer");
  if (const yaml::Node* e = h.get("equals"); e && !e->resolves_null()) {
    if (e->is_scalar())
      a.equals = yaml::resolve_scalar(*e);
    else
      r.error(*e, "wrong-type",
              w + ".equals must be a string, a number or a boolean, not " + yaml::describe(*e));
  }
  read_bounds(r, h, a, w);
  if (!written(h.get("equals")) && !written(h.get("below")) && !written(h.get("above")))
    r.error(h, "rollout-bounds", w + " needs equals, below or above: what the value at the pointer must be");
}

void read_job(Reader& r, const yaml::Node& j, Analysis& a, const std::string& w) {
  a.kind = Analysis::Kind::Job;
  static const std::vector<std::string> known{"image", "version", "command", "args", "timeout"};
  r.known_fields(j, known, w);
  r.required_fields(j, std::vector<std::string>{"image"}, w);
  a.image = r.str(j.get("image"), w + ".image").value_or("");
  a.version = r.str(j.get("version"), w + ".version").value_or("");
  check_image_version(r, j.get("image"), a.image, j.get("version"), a.version, w);
  a.command = r.str_list(j.get("command"), w + ".command");
  a.args = r.str_list(j.get("args"), w + ".args");
  a.timeout_s = r.seconds(j.get("timeout"), w + ".timeout").value_or(120);
  if (a.timeout_s < 1) {
    r.error(*j.get("timeout"), "rollout-timeout", w + ".timeout must be at least 1s: the Job's deadline");
    a.timeout_s = 1;
  }
}

Analysis read_analysis(Reader& r, const std::string& what, const yaml::Node& n) {
  Analysis a;
  a.loc = r.at(n);
  static const std::vector<std::string> known{"prometheus", "http", "job", "tries", "interval"};
  r.known_fields(n, known, what);
  a.tries = static_cast<int>(r.integer(n.get("tries"), what + ".tries", 1, 20).value_or(3));
  if (auto iv = r.seconds(n.get("interval"), what + ".interval")) {
    if (*iv < 1 || *iv > 600)
      r.error(
          *n.get("interval"), "rollout-interval",
          what + ".interval must be between 1s and 10m: the wait between tries of an inconclusive answer");
    else
      a.interval_s = *iv;
  }
  static const std::vector<std::string> kinds{"prometheus", "http", "job"};
  std::vector<std::string> written;
  for (const auto& k : kinds)
    if (n.get(k)) written.push_back(k);
  if (written.size() != 1) {
    r.error(n, "rollout-analysis",
            what + (written.empty() ? std::string(" needs one of prometheus, http or job: what to check")
                                    : " has " + util::join(written, " and ") +
                                          ": an analysis checks one thing; give each its own step"));
    return a;
  }
  const std::string w = what + "." + written.front();
  const yaml::Node* body = n.get(written.front());
  if (body->resolves_null()) {
    r.error(*body, "rollout-analysis", w + " is empty: give its fields");
    return a;
  }
  if (!r.is_map(body, w)) return a;
  if (written.front() == "prometheus")
    read_prometheus(r, *body, a, w);
  else if (written.front() == "http")
    read_http(r, *body, a, w);
  else
    read_job(r, *body, a, w);
  return a;
}

// One step; nullopt when it is not usable (the problem is reported).
std::optional<RolloutStep> read_step(Reader& r, const std::string& w, const yaml::Node& sn) {
  if (sn.resolves_null()) {
    r.error(sn, "rollout-step", w + " is empty: a step is one of weight, pause or analysis");
    return std::nullopt;
  }
  if (!r.is_map(&sn, w)) return std::nullopt;
  RolloutStep st;
  st.loc = r.at(sn);
  static const std::vector<std::string> known{"weight", "pause", "analysis"};
  r.known_fields(sn, known, w);
  std::vector<std::string> written;
  for (const auto& k : known)
    if (sn.get(k)) written.push_back(k);
  if (written.size() > 1) {
    r.error(sn, "rollout-step",
            w + " has " + util::join(written, " and ") + ": a step does one thing; give each its own step");
    return std::nullopt;
  }
  if (written.empty()) {
    if (sn.entries.empty())
      r.error(sn, "rollout-step", w + " is empty: a step is one of weight, pause or analysis");
    return std::nullopt;  // an unknown field, reported
  }
  if (const yaml::Node* wt = sn.get("weight")) {
    st.kind = RolloutStep::Kind::Weight;
    if (wt->resolves_null()) {
      r.error(*wt, "rollout-step",
              w + ".weight is empty: give the new version's share of requests, 0 to 100");
      return std::nullopt;
    }
    auto v = r.integer(wt, w + ".weight", 0, 100);
    if (!v) return std::nullopt;
    st.weight = static_cast<int>(*v);
  } else if (const yaml::Node* p = sn.get("pause")) {
    st.kind = RolloutStep::Kind::Pause;
    if (p->is_map() && p->entries.empty()) {
      st.pause_s = std::nullopt;  // until `vsctl rollout promote`
    } else if (p->is_scalar() && !p->resolves_null()) {
      auto s = r.seconds(p, w + ".pause");
      if (!s) return std::nullopt;
      st.pause_s = *s;
    } else {
      r.error(*p, "rollout-step",
              w + ".pause must be a duration (2m), or {} to wait until `vsctl rollout promote`, not " +
                  yaml::describe(*p));
      return std::nullopt;
    }
  } else {
    const yaml::Node* a = sn.get("analysis");
    st.kind = RolloutStep::Kind::Analysis;
    if (a->resolves_null()) {
      r.error(*a, "rollout-analysis", w + ".analysis is empty: give one of prometheus, http or job");
      return std::nullopt;
    }
    if (!r.is_map(a, w + ".analysis")) return std::nullopt;
    st.analysis = read_analysis(r, w + ".analysis", *a);
  }
  return st;
}

// False when it is not one of the two forms (reported).
bool read_traffic(Reader& r, const std::string& what, const yaml::Node& t, Rollout& ro) {
  if (t.is_scalar()) {
    if (t.value == "gateway")
      r.error(t, "rollout-traffic",
              what + ": gateway needs the HTTPRoute to weigh: write { gateway: { route: NAME } }");
    else if (t.value != "replicas")
      r.error(t, "rollout-traffic",
              what + " must be replicas or { gateway: { route: NAME } }, not " + util::quote(t.value) +
                  util::did_you_mean(t.value, std::vector<std::string>{"replicas"}));
    return t.value == "replicas";
  }
  if (!t.is_map()) {
    r.error(t, "rollout-traffic",
            what + " must be replicas or { gateway: { route: NAME } }, not " + yaml::describe(t));
    return false;
  }
  static const std::vector<std::string> known{"gateway"};
  r.known_fields(t, known, what);
  r.required_fields(t, known, what);
  const yaml::Node* gw = t.get("gateway");
  if (!r.is_map(gw, what + ".gateway")) return false;
  static const std::vector<std::string> gknown{"route"};
  r.known_fields(*gw, gknown, what + ".gateway");
  r.required_fields(*gw, gknown, what + ".gateway");
  ro.traffic = Rollout::Traffic::Gateway;
  const yaml::Node* route = gw->get("route");
  if (!route || route->resolves_null()) return true;
  ro.route_loc = r.at(*route);
  ro.route = r.str(route, what + ".gateway.route").value_or("");
  if (route->is_scalar() && !is_dns1123_subdomain(ro.route))
    r.error(*route, "rollout-route",
            what + ".gateway.route " + util::quote(ro.route) +
                " is not an object name: name the HTTPRoute (lower-case letters, digits, '-' and '.', at "
                "most 253)");
  return true;
}

// What the strategy allows of the rest, and of the service. `index[i]`: where ro.steps[i] is in
// the list as written (steps that could not be read are left out of ro.steps). `traffic_read`:
// traffic is written, in one of its forms.
void check_strategy(Reader& r, const Service& s, const std::string& what, const yaml::Node& n,
                    const Rollout& ro, const std::vector<std::size_t>& index, bool traffic_read) {
  const yaml::Node* traffic = n.get("traffic");
  if (!ro.progressive()) {
    const std::string how =
        "; set strategy: canary or blueGreen, or remove it (rollout: null drops what spec.defaults sets)";
    if (!ro.steps.empty())
      r.error(*n.get("steps"), "rollout-unused",
              what + ".steps: a rolling update has no steps, nothing would run them" + how);
    if (traffic_read)
      r.error(
          *traffic, "rollout-unused",
          what +
              ".traffic: a rolling update moves traffic by its own instance counts, nothing would use this" +
              how);
    return;
  }
  const char* strategy = to_string(ro.strategy);
  if (s.recovery == Recovery::Pet)
    r.error(n, "rollout-pet",
            what + ": service " + s.name +
                " is a pet (a StatefulSet, whose instances keep their identity and volumes), and a " +
                strategy +
                " rollout runs a second Deployment of the new version beside the first; use strategy: "
                "rolling for it");
  const bool blue_green = ro.strategy == Rollout::Strategy::BlueGreen;
  const std::size_t suffix = blue_green ? 8 : 7;
  if (s.name.size() + suffix > kMaxServiceName)
    r.error(n, "rollout-name",
            what + ": a " + strategy + " rollout of " + s.name + " adds objects named " +
                (blue_green ? s.name + "-preview" : s.name + "-canary and " + s.name + "-stable") +
                ", longer than the 63 characters a Service name may have: shorten the service's name to at "
                "most " +
                std::to_string(kMaxServiceName - suffix) + " characters, or use strategy: rolling");
  if (blue_green) {
    if (ro.traffic == Rollout::Traffic::Gateway)
      r.error(*traffic, "rollout-traffic",
              what + ".traffic: a blue-green rollout switches the selector of the Service " + s.name +
                  " from the old version to the new all at once, it does not weigh a route; remove traffic, "
                  "or use strategy: canary");
    for (std::size_t i = 0; i < ro.steps.size(); ++i)
      if (ro.steps[i].kind == RolloutStep::Kind::Weight)
        r.diags().error(ro.steps[i].loc, "rollout-weight",
                        step_path(what, index[i]) +
                            ".weight: a blue-green rollout has no weights, all requests switch at once at "
                            "its end; use pauses and analyses, or strategy: canary");
    if (s.ports.empty())
      r.error(n, "rollout-ports",
              what + ": a blue-green rollout switches the Service " + s.name + ", and " + s.name +
                  " has no ports, so no Service; add ports, or use strategy: canary");
    return;
  }
  if (ro.traffic == Rollout::Traffic::Gateway && s.ports.empty())
    r.error(*traffic, "rollout-ports",
            what + ".traffic.gateway: the route's backends " + s.name + "-stable and " + s.name +
                "-canary are Services, and " + s.name +
                " has no ports to give them; add ports, or use traffic: replicas");
  int last = 0;
  bool any_weight = false;
  for (std::size_t i = 0; i < ro.steps.size(); ++i) {
    const RolloutStep& st = ro.steps[i];
    if (st.kind != RolloutStep::Kind::Weight) continue;
    any_weight = true;
    if (st.weight < last)
      r.diags().error(
          st.loc, "rollout-weight",
          step_path(what, index[i]) + ".weight " + std::to_string(st.weight) +
              " is below the weight before it (" + std::to_string(last) +
              "): a canary's weights only go up; to go back, abort the rollout (vsctl rollout abort)");
    last = std::max(last, st.weight);
  }
  if (!any_weight)
    r.warning(
        n, "rollout-no-weight",
        what +
            ": a canary with no weight step gets 0% of the requests until it completes, so its steps check a "
            "version nobody uses; add a weight step (- weight: 10)");
}

}  // namespace

Rollout read_rollout(Reader& r, const Service& s, const yaml::Node* n) {
  Rollout ro;
  const std::string what = "services." + s.name + ".rollout";
  if (!r.is_map(n, what)) return ro;
  ro.loc = r.at(*n);
  static const std::vector<std::string> known{"strategy", "traffic", "steps"};
  r.known_fields(*n, known, what);
  static const std::vector<std::string> strategies{"rolling", "canary", "blueGreen"};
  auto strategy = r.one_of(n->get("strategy"), what + ".strategy", strategies);
  if (strategy)
    ro.strategy = *strategy == "canary"      ? Rollout::Strategy::Canary
                  : *strategy == "blueGreen" ? Rollout::Strategy::BlueGreen
                                             : Rollout::Strategy::Rolling;
  bool traffic_read = false;
  if (const yaml::Node* t = n->get("traffic"); written(t))
    traffic_read = read_traffic(r, what + ".traffic", *t, ro);
  const yaml::Node* steps = n->get("steps");
  std::vector<std::size_t> index;
  if (r.is_seq(steps, what + ".steps"))
    for (std::size_t i = 0; i < steps->items.size(); ++i)
      if (auto st = read_step(r, step_path(what, i), *steps->items[i])) {
        ro.steps.push_back(std::move(*st));
        index.push_back(i);
      }
  // a strategy that is not one of the three (reported) cannot say what the rest may be
  if (strategy || !written(n->get("strategy"))) check_strategy(r, s, what, *n, ro, index, traffic_read);
  return ro;
}

}  // namespace vsctl::manifest
