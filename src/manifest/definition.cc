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
  return d;
}

std::string digest(const Service& s) { return util::sha256_hex(definition(s).dump()).substr(0, 16); }

}  // namespace vsctl::manifest
