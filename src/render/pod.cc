#include "render/pod.h"

#include "k8s/labels.h"

#include <utility>

#include "yaml/json.h"

namespace vsctl::render {

namespace {

Json probe(const manifest::Probe& p, const manifest::Health& h) {
  Json out;
  switch (p.kind) {
    case manifest::Probe::Kind::Http: out["httpGet"] = {{"path", p.path}, {"port", p.port}}; break;
    case manifest::Probe::Kind::Tcp: out["tcpSocket"] = {{"port", p.port}}; break;
    case manifest::Probe::Kind::Exec: out["exec"] = {{"command", p.command}}; break;
    case manifest::Probe::Kind::None: return nullptr;
  }
  out["initialDelaySeconds"] = h.initial_delay_s;
  out["periodSeconds"] = h.period_s;
  out["timeoutSeconds"] = h.timeout_s;
  out["failureThreshold"] = h.failure_threshold;
  return out;
}

Json resources(const manifest::Resources& r) {
  Json out = Json::object();
  if (!r.cpu.empty()) out["requests"]["cpu"] = r.cpu;
  if (!r.memory.empty()) out["requests"]["memory"] = r.memory;
  if (!r.limit_cpu.empty()) out["limits"]["cpu"] = r.limit_cpu;
  if (!r.limit_memory.empty()) out["limits"]["memory"] = r.limit_memory;
  return out;
}

}  // namespace

Json container_env(const std::vector<manifest::EnvVar>& env) {
  Json out = Json::array();
  for (const auto& e : env) {
    Json v = {{"name", e.name}};
    switch (e.source) {
      case manifest::EnvVar::Source::Value: v["value"] = e.value; break;
      case manifest::EnvVar::Source::Secret:
        v["valueFrom"]["secretKeyRef"] = {{"name", e.ref_name}, {"key", e.ref_key}};
        if (e.optional) v["valueFrom"]["secretKeyRef"]["optional"] = true;
        break;
      case manifest::EnvVar::Source::ConfigMap:
        v["valueFrom"]["configMapKeyRef"] = {{"name", e.ref_name}, {"key", e.ref_key}};
        if (e.optional) v["valueFrom"]["configMapKeyRef"]["optional"] = true;
        break;
    }
    out.push_back(std::move(v));
  }
  return out;
}

Json pod_template(const manifest::Architecture& a, const manifest::Service& s) {
  Json c;
  c["name"] = s.name;
  c["image"] = s.image_ref();
  if (!s.command.empty()) c["command"] = s.command;
  if (!s.args.empty()) c["args"] = s.args;
  if (!s.env.empty()) c["env"] = container_env(s.env);
  for (const auto& e : s.env_from) {
    Json ref = {{"name", e.name}};
    if (e.optional) ref["optional"] = true;
    Json item = {{e.source == manifest::EnvFrom::Source::Secret ? "secretRef" : "configMapRef", std::move(ref)}};
    if (!e.prefix.empty()) item["prefix"] = e.prefix;
    c["envFrom"].push_back(std::move(item));
  }
  for (const auto& p : s.ports) {
    Json port = yaml::object_of(yaml::field("containerPort", p.target), yaml::field("protocol", p.protocol));
    if (!p.name.empty()) port["name"] = p.name;
    c["ports"].push_back(std::move(port));
  }
  if (Json r = resources(s.resources); !r.empty()) c["resources"] = std::move(r);
  if (s.health) {
    if (Json p = probe(s.health->readiness, *s.health); !p.is_null()) c["readinessProbe"] = std::move(p);
    if (s.health->liveness)
      if (Json p = probe(*s.health->liveness, *s.health); !p.is_null()) c["livenessProbe"] = std::move(p);
  }
  Json spec;
  for (const auto& v : s.storage) {
    Json m = yaml::object_of(yaml::field("name", v.name), yaml::field("mountPath", v.mount));
    if (v.read_only) m["readOnly"] = true;
    c["volumeMounts"].push_back(std::move(m));
    if (s.recovery == manifest::Recovery::Cattle)
      spec["volumes"].push_back({{"name", v.name}, {"emptyDir", {{"sizeLimit", v.size}}}});
  }
  spec["containers"] = Json::array({std::move(c)});
  for (const auto& name : s.image_pull_secrets) spec["imagePullSecrets"].push_back({{"name", name}});
  if (!s.placement.node_selector.empty()) spec["nodeSelector"] = s.placement.node_selector;
  for (const auto& t : s.placement.tolerations) {
    Json tj = {{"operator", t.op}};
    if (!t.key.empty()) tj["key"] = t.key;
    if (!t.value.empty()) tj["value"] = t.value;
    if (!t.effect.empty()) tj["effect"] = t.effect;
    if (t.seconds) tj["tolerationSeconds"] = *t.seconds;
    spec["tolerations"].push_back(std::move(tj));
  }
  if (!s.placement.affinity.is_null()) spec["affinity"] = s.placement.affinity;
  Json labels = labels_for(a, s);
  if (s.rollout.progressive()) labels[std::string(k8s::kLabelTrack)] = "stable";
  return yaml::object_of(yaml::field("metadata", yaml::object_of(yaml::field("labels", std::move(labels)))),
                         yaml::field("spec", std::move(spec)));
}

}  // namespace vsctl::render
