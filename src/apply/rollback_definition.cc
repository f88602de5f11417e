#include "apply/rollback_definition.h"

#include "manifest/definition.h"

namespace vsctl::apply {

namespace {

using manifest::Json;

struct Reader {
  const std::string& service;
  std::string error;

  void bad(const std::string& field, const std::string& why) {
    if (error.empty()) error = "the recorded definition of " + service + ": " + field + " " + why;
  }
  std::string str(const Json& j, const char* key, const std::string& field) {
    if (!j.is_object() || !j.contains(key)) return {};
    if (!j[key].is_string()) {
      bad(field + "." + key, "is not a string");
      return {};
    }
    return j[key].get<std::string>();
  }
  template <class T>
  T num(const Json& j, const char* key, T fallback, const std::string& field) {
    if (!j.is_object() || !j.contains(key)) return fallback;
    if (!j[key].is_number_integer()) {
      bad(field + "." + key, "is not an integer");
      return fallback;
    }
    return j[key].get<T>();
  }
  bool flag(const Json& j, const char* key, const std::string& field) {
    if (!j.is_object() || !j.contains(key)) return false;
    if (!j[key].is_boolean()) {
      bad(field + "." + key, "is not a boolean");
      return false;
    }
    return j[key].get<bool>();
  }
  std::vector<std::string> strings(const Json& j, const char* key, const std::string& field) {
    std::vector<std::string> out;
    if (!j.is_object() || !j.contains(key)) return out;
    if (!j[key].is_array()) {
      bad(field + "." + key, "is not a list");
      return out;
    }
    for (const auto& e : j[key]) {
      if (!e.is_string()) bad(field + "." + key, "holds something other than strings");
      else out.push_back(e.get<std::string>());
    }
    return out;
  }

  std::vector<manifest::EnvVar> env(const Json& j, const std::string& field) {
    std::vector<manifest::EnvVar> out;
    if (j.is_null()) return out;
    if (!j.is_object()) {
      bad(field, "is not a map");
      return out;
    }
    for (const auto& [name, v] : j.items()) {
      manifest::EnvVar e;
      e.name = name;
      if (v.is_string()) {
        e.value = v.get<std::string>();
      } else if (v.is_object() && (v.contains("secret") || v.contains("configMap"))) {
        bool secret = v.contains("secret");
        e.source = secret ? manifest::EnvVar::Source::Secret : manifest::EnvVar::Source::ConfigMap;
        e.ref_name = str(v, secret ? "secret" : "configMap", field + "." + name);
        e.ref_key = str(v, "key", field + "." + name);
        e.optional = flag(v, "optional", field + "." + name);
      } else {
        bad(field + "." + name, "is neither a value nor a reference");
      }
      out.push_back(std::move(e));
    }
    return out;
  }

  manifest::Probe probe(const Json& j, const std::string& field) {
    manifest::Probe p;
    if (!j.is_object()) return p;
    if (j.contains("http")) {
      p.kind = manifest::Probe::Kind::Http;
      p.path = str(j["http"], "path", field + ".http");
      p.port = num(j["http"], "port", 0, field + ".http");
    } else if (j.contains("tcp")) {
      p.kind = manifest::Probe::Kind::Tcp;
      p.port = num(j["tcp"], "port", 0, field + ".tcp");
    } else if (j.contains("exec")) {
      p.kind = manifest::Probe::Kind::Exec;
      p.command = strings(j, "exec", field);
    }
    return p;
  }

  manifest::Hook hook(const Json& j, const std::string& field) {
    manifest::Hook h;
    if (!j.is_object()) return h;
    h.set = true;
    h.image = str(j, "image", field);
    h.version = str(j, "version", field);
    h.command = strings(j, "command", field);
    h.args = strings(j, "args", field);
    h.env = env(j.value("env", Json()), field + ".env");
    h.timeout_s = num(j, "timeout", 300, field);
    h.backoff_limit = num(j, "backoffLimit", 0, field);
    return h;
  }

  void placement(const Json& j, manifest::Placement& pl) {
    if (!j.is_object()) return;
    if (j.contains("nodeSelector") && j["nodeSelector"].is_object())
      for (const auto& [k, v] : j["nodeSelector"].items()) pl.node_selector[k] = v.is_string() ? v.get<std::string>() : v.dump();
    if (j.contains("tolerations"))
      for (const auto& t : j["tolerations"]) {
        manifest::Toleration tol{str(t, "key", "placement.tolerations"), str(t, "operator", "placement.tolerations"),
                                 str(t, "value", "placement.tolerations"), str(t, "effect", "placement.tolerations"),
                                 std::nullopt};
        if (t.contains("seconds")) tol.seconds = num<long long>(t, "seconds", 0, "placement.tolerations");
        pl.tolerations.push_back(std::move(tol));
      }
    if (j.contains("affinity")) pl.affinity = j["affinity"];
  }
};

}  // namespace

util::Result<manifest::Service> service_from_definition(const std::string& name, const Json& d) {
  Reader r{name, {}};
  manifest::Service s;
  s.name = name;
  if (!d.is_object()) return util::fail(util::ErrorKind::Cluster, "the recorded definition of " + name + " is not an object");
  s.image = r.str(d, "image", "");
  s.version = r.str(d, "version", "");
  std::string imp = r.str(d, "importance", "");
  s.importance = imp == "critical" ? manifest::Importance::Critical
                 : imp == "high"   ? manifest::Importance::High
                 : imp == "low"    ? manifest::Importance::Low
                                   : manifest::Importance::Normal;
  s.recovery = r.str(d, "recovery", "") == "pet" ? manifest::Recovery::Pet : manifest::Recovery::Cattle;
  if (d.contains("instances")) {
    s.min = r.num(d["instances"], "min", 1, "instances");
    s.max = r.num(d["instances"], "max", 1, "instances");
  }
  if (d.contains("autoscale")) s.autoscale_cpu = r.num(d["autoscale"], "cpu", 0, "autoscale");
  s.command = r.strings(d, "command", "");
  s.args = r.strings(d, "args", "");
  if (d.contains("resources")) {
    const Json& res = d["resources"];
    s.resources.cpu = r.str(res, "cpu", "resources");
    s.resources.memory = r.str(res, "memory", "resources");
    if (res.contains("limits")) {
      s.resources.limit_cpu = r.str(res["limits"], "cpu", "resources.limits");
      s.resources.limit_memory = r.str(res["limits"], "memory", "resources.limits");
    }
  }
  s.env = r.env(d.value("env", Json()), "env");
  if (d.contains("envFrom"))
    for (const auto& e : d["envFrom"]) {
      manifest::EnvFrom f;
      bool secret = e.contains("secret");
      f.source = secret ? manifest::EnvFrom::Source::Secret : manifest::EnvFrom::Source::ConfigMap;
      f.name = r.str(e, secret ? "secret" : "configMap", "envFrom");
      f.prefix = r.str(e, "prefix", "envFrom");
      f.optional = r.flag(e, "optional", "envFrom");
      s.env_from.push_back(std::move(f));
    }
  if (d.contains("ports"))
    for (const auto& p : d["ports"])
      s.ports.push_back({r.str(p, "name", "ports"), r.num(p, "port", 0, "ports"), r.num(p, "target", 0, "ports"),
                         r.str(p, "protocol", "ports")});
  if (d.contains("health") && d["health"].is_object()) {
    const Json& h = d["health"];
    manifest::Health health;
    health.readiness = r.probe(h, "health");
    if (h.contains("liveness")) health.liveness = r.probe(h["liveness"], "health.liveness");
    health.initial_delay_s = r.num(h, "initialDelay", 0, "health");
    health.period_s = r.num(h, "period", 10, "health");
    health.timeout_s = r.num(h, "timeout", 1, "health");
    health.failure_threshold = r.num(h, "failureThreshold", 3, "health");
    s.health = std::move(health);
  }
  r.placement(d.value("placement", Json()), s.placement);
  if (d.contains("storage"))
    for (const auto& v : d["storage"])
      s.storage.push_back({r.str(v, "name", "storage"), r.str(v, "mount", "storage"), r.str(v, "size", "storage"),
                           r.str(v, "storageClass", "storage"), r.flag(v, "readOnly", "storage")});
  if (d.contains("dependsOn") && d["dependsOn"].is_object())
    for (const auto& [dep, range] : d["dependsOn"].items()) {
      manifest::Dependency dependency;
      dependency.service = dep;
      dependency.range_text = range.is_string() ? range.get<std::string>() : "";
      if (auto parsed = semver::Range::parse(dependency.range_text)) dependency.range = std::move(*parsed);
      s.depends_on.push_back(std::move(dependency));
    }
  if (d.contains("objects"))
    for (const auto& o : d["objects"]) {
      manifest::ObjectFile f;
      f.path = r.str(o, "path", "objects");
      if (o.contains("content") && o["content"].is_array())
        for (const auto& x : o["content"]) f.objects.push_back(x);
      s.objects.push_back(std::move(f));
    }
  if (d.contains("patches"))
    for (const auto& p : d["patches"]) {
      manifest::Patch patch;
      if (p.contains("target")) {
        patch.kind = r.str(p["target"], "kind", "patches.target");
        patch.name = r.str(p["target"], "name", "patches.target");
      }
      patch.patch = p.value("patch", Json());
      s.patches.push_back(std::move(patch));
    }
  if (d.contains("allow") && d["allow"].is_object()) {
    const Json& al = d["allow"];
    if (al.contains("clusterObjects"))
      for (const auto& o : al["clusterObjects"])
        s.allow.cluster_objects.push_back({r.str(o, "kind", "allow.clusterObjects"), r.str(o, "name", "allow.clusterObjects")});
    s.allow.namespaces = r.strings(al, "namespaces", "allow");
  }
  if (d.contains("hooks")) {
    s.pre_update = r.hook(d["hooks"].value("preUpdate", Json()), "hooks.preUpdate");
    s.post_update = r.hook(d["hooks"].value("postUpdate", Json()), "hooks.postUpdate");
  }
  s.image_pull_secrets = r.strings(d, "imagePullSecrets", "");
  if (d.contains("rollout")) s.rollout = manifest::rollout_from_definition(d["rollout"]);
  if (!r.error.empty()) return util::fail(util::ErrorKind::Cluster, r.error);
  if (s.image.empty() || s.version.empty())
    return util::fail(util::ErrorKind::Cluster, "the recorded definition of " + name + " has no image or no version");
  return s;
}

}  // namespace vsctl::apply
