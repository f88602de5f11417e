#include "manifest/definition.h"

#include "util/hash.h"
#include "yaml/json.h"

namespace vsctl::manifest {

namespace {

using yaml::field;
using yaml::object_of;

Json env_json(const std::vector<EnvVar>& env) {
  Json out = Json::object();
  for (const auto& e : env) {
    switch (e.source) {
      case EnvVar::Source::Value: out[e.name] = e.value; break;
      case EnvVar::Source::Secret:
        out[e.name] = {{"secret", e.ref_name}, {"key", e.ref_key}, {"optional", e.optional}};
        break;
      case EnvVar::Source::ConfigMap:
        out[e.name] = {{"configMap", e.ref_name}, {"key", e.ref_key}, {"optional", e.optional}};
        break;
    }
  }
  return out;
}

Json probe_json(const Probe& p) {
  switch (p.kind) {
    case Probe::Kind::Http: return object_of(field("http", object_of(field("path", p.path), field("port", p.port))));
    case Probe::Kind::Tcp: return {{"tcp", {{"port", p.port}}}};
    case Probe::Kind::Exec: return {{"exec", p.command}};
    case Probe::Kind::None: break;
  }
  return nullptr;
}

Json hook_json(const Hook& h) {
  if (!h.set) return nullptr;
  return {{"image", h.image}, {"version", h.version}, {"command", h.command}, {"args", h.args},
          {"env", env_json(h.env)}, {"timeout", h.timeout_s}, {"backoffLimit", h.backoff_limit}};
}

Json analysis_json(const Analysis& a) {
  Json check = Json::object();
  switch (a.kind) {
    case Analysis::Kind::Prometheus:
      check = object_of(field("address", a.address), field("query", a.query));
      break;
    case Analysis::Kind::Http:
      check = object_of(field("url", a.url), field("pointer", a.pointer));
      if (!a.equals.is_null()) check["equals"] = a.equals;
      break;
    case Analysis::Kind::Job:
      check = {{"image", a.image}, {"version", a.version}, {"command", a.command}, {"args", a.args}, {"timeout", a.timeout_s}};
      break;
  }
  if (a.below) check["below"] = *a.below;
  if (a.above) check["above"] = *a.above;
  const char* kind = a.kind == Analysis::Kind::Prometheus ? "prometheus" : a.kind == Analysis::Kind::Http ? "http" : "job";
  Json out = object_of(field("tries", a.tries), field("interval", a.interval_s));
  out[kind] = std::move(check);
  return out;
}

Json rollout_json(const Rollout& r) {
  Json out = object_of(field("strategy", to_string(r.strategy)));
  if (r.traffic == Rollout::Traffic::Gateway) out["traffic"] = {{"gateway", {{"route", r.route}}}};
  else out["traffic"] = "replicas";
  out["steps"] = Json::array();
  for (const auto& st : r.steps) {
    switch (st.kind) {
      case RolloutStep::Kind::Weight: out["steps"].push_back(object_of(field("weight", st.weight))); break;
      case RolloutStep::Kind::Pause:  // {} waits until promoted
        out["steps"].push_back(object_of(field("pause", st.pause_s ? Json(*st.pause_s) : Json::object())));
        break;
      case RolloutStep::Kind::Analysis:
        out["steps"].push_back(object_of(field("analysis", analysis_json(st.analysis))));
        break;
    }
  }
  return out;
}

}  // namespace

Json definition(const Service& s) {
  Json d;
  d["image"] = s.image;
  d["version"] = s.version;
  d["importance"] = to_string(s.importance);
  d["recovery"] = to_string(s.recovery);
  d["instances"] = object_of(field("min", s.min), field("max", s.max));
  if (s.autoscale_cpu) d["autoscale"] = {{"cpu", *s.autoscale_cpu}};
  if (!s.command.empty()) d["command"] = s.command;
  if (!s.args.empty()) d["args"] = s.args;
  Json res = Json::object();
  if (!s.resources.cpu.empty()) res["cpu"] = s.resources.cpu;
  if (!s.resources.memory.empty()) res["memory"] = s.resources.memory;
  if (!s.resources.limit_cpu.empty()) res["limits"]["cpu"] = s.resources.limit_cpu;
  if (!s.resources.limit_memory.empty()) res["limits"]["memory"] = s.resources.limit_memory;
  if (!res.empty()) d["resources"] = res;
  if (!s.env.empty()) d["env"] = env_json(s.env);
  for (const auto& e : s.env_from) {
    d["envFrom"].push_back(object_of(field(e.source == EnvFrom::Source::Secret ? "secret" : "configMap", e.name),
                                     field("prefix", e.prefix), field("optional", e.optional)));
  }
  for (const auto& p : s.ports)
    d["ports"].push_back(object_of(field("name", p.name), field("port", p.port), field("target", p.target),
                                   field("protocol", p.protocol)));
  if (s.health) {
    Json h = probe_json(s.health->readiness);
    if (h.is_null()) h = Json::object();
    h["initialDelay"] = s.health->initial_delay_s;
    h["period"] = s.health->period_s;
    h["timeout"] = s.health->timeout_s;
    h["failureThreshold"] = s.health->failure_threshold;
    if (s.health->liveness) h["liveness"] = probe_json(*s.health->liveness);
    d["health"] = h;
  }
  Json pl = Json::object();
  if (!s.placement.node_selector.empty()) pl["nodeSelector"] = s.placement.node_selector;
  for (const auto& t : s.placement.tolerations) {
    Json tj = {{"key", t.key}, {"operator", t.op}, {"value", t.value}, {"effect", t.effect}};
    if (t.seconds) tj["seconds"] = *t.seconds;
    pl["tolerations"].push_back(tj);
  }
  if (!s.placement.affinity.is_null()) pl["affinity"] = s.placement.affinity;
  if (!pl.empty()) d["placement"] = pl;
  for (const auto& v : s.storage)
    d["storage"].push_back(object_of(field("name", v.name), field("mount", v.mount), field("size", v.size),
                                     field("storageClass", v.storage_class), field("readOnly", v.read_only)));
  for (const auto& dep : s.depends_on) d["dependsOn"][dep.service] = dep.range_text;
  for (const auto& o : s.objects) d["objects"].push_back({{"path", o.path}, {"content", o.objects}});
  for (const auto& p : s.patches)
    d["patches"].push_back(object_of(field("target", object_of(field("kind", p.kind), field("name", p.name))),
                                     field("patch", p.patch)));
  // only when written, so that the digests of services without it do not change
  for (const auto& o : s.allow.cluster_objects)
    d["allow"]["clusterObjects"].push_back(object_of(field("kind", o.kind), field("name", o.name)));
  if (!s.allow.namespaces.empty()) d["allow"]["namespaces"] = s.allow.namespaces;
  if (s.pre_update.set) d["hooks"]["preUpdate"] = hook_json(s.pre_update);
  if (s.post_update.set) d["hooks"]["postUpdate"] = hook_json(s.post_update);
  if (!s.image_pull_secrets.empty()) d["imagePullSecrets"] = s.image_pull_secrets;
  // only when progressive: a rolling update is what a service without it does, so its digest
  // stays as it was, and rollout_from_definition gives the same definition back
  if (s.rollout.progressive()) d["rollout"] = rollout_json(s.rollout);
  return d;
}

namespace {

std::optional<double> bound(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

int int_or(const Json& j, const char* key, int fallback) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_integer() ? it->get<int>() : fallback;
}

std::string str_or(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<std::string> strings(const Json& j, const char* key) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& x : *it)
    if (x.is_string()) out.push_back(x.get<std::string>());
  return out;
}

Analysis analysis_from_json(const Json& j) {
  Analysis a;
  a.tries = int_or(j, "tries", 3);
  a.interval_s = int_or(j, "interval", 5);
  const Json* check = nullptr;
  if (auto p = j.find("prometheus"); p != j.end() && p->is_object()) {
    a.kind = Analysis::Kind::Prometheus;
    check = &*p;
    a.address = str_or(*p, "address");
    a.query = str_or(*p, "query");
  } else if (auto h = j.find("http"); h != j.end() && h->is_object()) {
    a.kind = Analysis::Kind::Http;
    check = &*h;
    a.url = str_or(*h, "url");
    a.pointer = str_or(*h, "pointer");
    if (auto e = h->find("equals"); e != h->end()) a.equals = *e;
  } else if (auto b = j.find("job"); b != j.end() && b->is_object()) {
    a.kind = Analysis::Kind::Job;
    check = &*b;
    a.image = str_or(*b, "image");
    a.version = str_or(*b, "version");
    a.command = strings(*b, "command");
    a.args = strings(*b, "args");
    a.timeout_s = int_or(*b, "timeout", 120);
  }
  if (check) {
    a.below = bound(*check, "below");
    a.above = bound(*check, "above");
  }
  return a;
}

}  // namespace

Rollout rollout_from_definition(const Json& j) {
  Rollout r;
  if (!j.is_object()) return r;
  const std::string strategy = str_or(j, "strategy");
  r.strategy = strategy == "canary"      ? Rollout::Strategy::Canary
               : strategy == "blueGreen" ? Rollout::Strategy::BlueGreen
                                         : Rollout::Strategy::Rolling;
  if (auto t = j.find("traffic"); t != j.end() && t->is_object() && t->contains("gateway")) {
    r.traffic = Rollout::Traffic::Gateway;
    if ((*t)["gateway"].is_object()) r.route = str_or((*t)["gateway"], "route");
  }
  auto steps = j.find("steps");
  if (steps == j.end() || !steps->is_array()) return r;
  for (const auto& sj : *steps) {
    if (!sj.is_object()) continue;
    RolloutStep st;
    if (auto w = sj.find("weight"); w != sj.end()) {
      st.kind = RolloutStep::Kind::Weight;
      st.weight = w->is_number_integer() ? w->get<int>() : 0;
    } else if (auto p = sj.find("pause"); p != sj.end()) {
      st.kind = RolloutStep::Kind::Pause;
      if (p->is_number_integer()) st.pause_s = p->get<int>();
    } else if (auto a = sj.find("analysis"); a != sj.end() && a->is_object()) {
      st.kind = RolloutStep::Kind::Analysis;
      st.analysis = analysis_from_json(*a);
    } else {
      continue;
    }
    r.steps.push_back(std::move(st));
  }
  return r;
}

std::string digest(const Service& s) { return util::sha256_hex(definition(s).dump()).substr(0, 16); }

}  // namespace vsctl::manifest
