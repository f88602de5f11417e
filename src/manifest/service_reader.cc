#include "manifest/service_reader.h"

#include <algorithm>
#include <set>
#include <utility>

#include "k8s/quantity.h"
#include "manifest/rollout_reader.h"
#include "util/strings.h"
#include "yaml/json.h"

namespace vsctl::manifest {

namespace {

const std::vector<std::string> kServiceFields{
    "image", "version", "importance", "recovery", "instances", "autoscale", "command", "args", "resources",
    "env", "envFrom", "ports", "health", "placement", "storage", "dependsOn", "objects", "patches", "allow",
    "hooks", "imagePullSecrets", "rollout"};

constexpr std::size_t kJsonBudget = 200'000;

std::string field(const std::string& service, std::string_view path) {
  return "services." + service + "." + std::string(path);
}

void read_quantity(Reader& r, const yaml::Node* n, const std::string& what, std::string& out, bool memory) {
  auto s = r.str(n, what);
  if (!s) return;
  auto v = k8s::parse_quantity_milli(*s);
  if (!v) {
    r.error(*n, "bad-quantity",
            what + " is not a Kubernetes quantity: " + util::quote(*s) +
                (memory ? " (write bytes with a suffix, e.g. 128Mi or 1Gi)" : " (write cores, e.g. 250m or 1.5)"));
    return;
  }
  if (*v < 0) {
    r.error(*n, "bad-quantity", what + " must not be negative: " + util::quote(*s));
    return;
  }
  out = *s;
}

void read_resources(Reader& r, const std::string& svc, const yaml::Node* n, Resources& res) {
  if (!r.is_map(n, field(svc, "resources"))) return;
  static const std::vector<std::string> known{"cpu", "memory", "limits"};
  r.known_fields(*n, known, field(svc, "resources"));
  read_quantity(r, n->get("cpu"), field(svc, "resources.cpu"), res.cpu, false);
  read_quantity(r, n->get("memory"), field(svc, "resources.memory"), res.memory, true);
  const yaml::Node* lim = n->get("limits");
  if (r.is_map(lim, field(svc, "resources.limits"))) {
    static const std::vector<std::string> lknown{"cpu", "memory"};
    r.known_fields(*lim, lknown, field(svc, "resources.limits"));
    read_quantity(r, lim->get("cpu"), field(svc, "resources.limits.cpu"), res.limit_cpu, false);
    read_quantity(r, lim->get("memory"), field(svc, "resources.limits.memory"), res.limit_memory, true);
    auto over = [&](const std::string& req, const std::string& limit, const char* what) {
      if (req.empty() || limit.empty()) return;
      if (*k8s::parse_quantity_milli(req) > *k8s::parse_quantity_milli(limit))
        r.error(*lim, "limit-below-request",
                field(svc, std::string("resources.limits.") + what) + " (" + limit + ") is below the request (" + req + ")");
    };
    over(res.cpu, res.limit_cpu, "cpu");
    over(res.memory, res.limit_memory, "memory");
  }
}

std::vector<EnvVar> read_env(Reader& r, const std::string& what, const yaml::Node* n) {
  std::vector<EnvVar> out;
  if (!r.is_map(n, what)) return out;
  for (const auto& [k, v] : n->entries) {
    if (!k->is_scalar()) continue;
    EnvVar e;
    e.name = k->value;
    if (!is_env_var_name(e.name)) {
      r.error(*k, "bad-env-name",
              what + ": " + util::quote(e.name) +
                  " is not a valid variable name (letters, digits, '_', '-' and '.', not starting with a digit)");
    }
    if (v->is_map()) {
      static const std::vector<std::string> known{"secret", "configMap", "key", "optional"};
      r.known_fields(*v, known, what + "." + e.name);
      const yaml::Node* sec = v->get("secret");
      const yaml::Node* cm = v->get("configMap");
      if ((sec != nullptr) == (cm != nullptr)) {
        r.error(*v, "bad-env-ref", what + "." + e.name + " must name exactly one of secret or configMap, with a key");
        continue;
      }
      e.source = sec ? EnvVar::Source::Secret : EnvVar::Source::ConfigMap;
      e.ref_name = r.str(sec ? sec : cm, what + "." + e.name + (sec ? ".secret" : ".configMap")).value_or("");
      const yaml::Node* key = v->get("key");
      if (!key || key->resolves_null()) {
        r.error(*v, "bad-env-ref", what + "." + e.name + " needs a key: the key inside the " +
                                       (sec ? "secret" : "config map") + " to read");
      } else {
        e.ref_key = r.str(key, what + "." + e.name + ".key").value_or("");
      }
      e.optional = r.boolean(v->get("optional"), what + "." + e.name + ".optional").value_or(false);
      if (!e.ref_name.empty() && !is_dns1123_subdomain(e.ref_name))
        r.error(*(sec ? sec : cm), "bad-name", util::quote(e.ref_name) + " is not a valid object name");
    } else if (v->is_seq()) {
      r.error(*v, "wrong-type", what + "." + e.name + " must be a string or a {secret|configMap, key} reference, not a list");
      continue;
    } else {
      e.value = v->resolves_null() ? "" : v->value;
    }
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<EnvFrom> read_env_from(Reader& r, const std::string& what, const yaml::Node* n) {
  std::vector<EnvFrom> out;
  if (!r.is_seq(n, what)) return out;
  static const std::vector<std::string> known{"configMap", "secret", "prefix", "optional"};
  for (const yaml::Node* item : n->items) {
    if (!r.is_map(item, what + " items")) continue;
    r.known_fields(*item, known, what + " item");
    const yaml::Node* sec = item->get("secret");
    const yaml::Node* cm = item->get("configMap");
    if ((sec != nullptr) == (cm != nullptr)) {
      r.error(*item, "bad-env-ref", what + " items name exactly one of configMap or secret");
      continue;
    }
    EnvFrom e;
    e.source = sec ? EnvFrom::Source::Secret : EnvFrom::Source::ConfigMap;
    e.name = r.str(sec ? sec : cm, what).value_or("");
    e.prefix = r.str(item->get("prefix"), what + ".prefix").value_or("");
    e.optional = r.boolean(item->get("optional"), what + ".optional").value_or(false);
    out.push_back(std::move(e));
  }
  return out;
}

std::vector<Port> read_ports(Reader& r, const std::string& svc, const yaml::Node* n) {
  std::vector<Port> out;
  const std::string what = field(svc, "ports");
  if (!r.is_seq(n, what)) return out;
  static const std::vector<std::string> known{"name", "port", "target", "protocol"};
  static const std::vector<std::string> protocols{"TCP", "UDP", "SCTP"};
  std::set<std::pair<int, std::string>> numbers;
  std::set<std::string> names;
  for (const yaml::Node* item : n->items) {
    if (!r.is_map(item, what + " items")) continue;
    r.known_fields(*item, known, what + " item");
    r.required_fields(*item, std::vector<std::string>{"port"}, what + " item");
    Port p;
    p.name = r.str(item->get("name"), what + ".name").value_or("");
    if (!p.name.empty() && (p.name.size() > 15 || !is_dns1123_label(p.name)))
      r.error(*item->get("name"), "bad-port-name",
              what + ": port name " + util::quote(p.name) + " must be a lower-case DNS label of at most 15 characters");
    p.port = static_cast<int>(r.integer(item->get("port"), what + ".port", 1, 65535).value_or(0));
    p.target = static_cast<int>(r.integer(item->get("target"), what + ".target", 1, 65535).value_or(p.port));
    p.protocol = r.one_of(item->get("protocol"), what + ".protocol", protocols).value_or("TCP");
    if (p.port && !numbers.emplace(p.port, p.protocol).second)
      r.error(*item, "duplicate-port", what + ": port " + std::to_string(p.port) + " is declared twice");
    if (!p.name.empty() && !names.insert(p.name).second)
      r.error(*item, "duplicate-port", what + ": port name " + util::quote(p.name) + " is used twice");
    out.push_back(std::move(p));
  }
  if (out.size() > 1)
    for (const auto& p : out)
      if (p.name.empty()) {
        r.error(*n, "bad-port-name", what + ": when a service has several ports, each needs a name");
        break;
      }
  return out;
}

std::optional<Probe> read_probe(Reader& r, const std::string& what, const yaml::Node& n, bool require) {
  Probe p;
  const yaml::Node* http = n.get("http");
  const yaml::Node* tcp = n.get("tcp");
  const yaml::Node* exec = n.get("exec");
  int kinds = (http != nullptr) + (tcp != nullptr) + (exec != nullptr);
  if (kinds == 0) {
    if (require) r.error(n, "bad-probe", what + " needs one of http, tcp or exec");
    return std::nullopt;
  }
  if (kinds > 1) {
    r.error(n, "bad-probe", what + " takes only one of http, tcp or exec");
    return std::nullopt;
  }
  if (http) {
    p.kind = Probe::Kind::Http;
    if (r.is_map(http, what + ".http")) {
      static const std::vector<std::string> known{"path", "port"};
      r.known_fields(*http, known, what + ".http");
      r.required_fields(*http, std::vector<std::string>{"port"}, what + ".http");
      p.path = r.str(http->get("path"), what + ".http.path").value_or("/");
      if (p.path.empty() || p.path[0] != '/') r.error(*http, "bad-probe", what + ".http.path must start with /");
      p.port = static_cast<int>(r.integer(http->get("port"), what + ".http.port", 1, 65535).value_or(0));
    }
  } else if (tcp) {
    p.kind = Probe::Kind::Tcp;
    if (r.is_map(tcp, what + ".tcp")) {
      static const std::vector<std::string> known{"port"};
      r.known_fields(*tcp, known, what + ".tcp");
      r.required_fields(*tcp, known, what + ".tcp");
      p.port = static_cast<int>(r.integer(tcp->get("port"), what + ".tcp.port", 1, 65535).value_or(0));
    }
  } else {
    p.kind = Probe::Kind::Exec;
    p.command = r.str_list(exec, what + ".exec");
    if (p.command.empty()) r.error(*exec, "bad-probe", what + ".exec needs a command: [cmd, arg, ...]");
  }
  return p;
}

std::optional<Health> read_health(Reader& r, const std::string& svc, const yaml::Node* n) {
  const std::string what = field(svc, "health");
  if (!r.is_map(n, what)) return std::nullopt;
  static const std::vector<std::string> known{"http", "tcp", "exec", "initialDelay", "period", "timeout",
                                              "failureThreshold", "liveness"};
  r.known_fields(*n, known, what);
  Health h;
  if (auto p = read_probe(r, what, *n, true)) h.readiness = *p;
  h.initial_delay_s = r.seconds(n->get("initialDelay"), what + ".initialDelay").value_or(0);
  h.period_s = std::max(1, r.seconds(n->get("period"), what + ".period").value_or(10));
  h.timeout_s = std::max(1, r.seconds(n->get("timeout"), what + ".timeout").value_or(1));
  h.failure_threshold = static_cast<int>(r.integer(n->get("failureThreshold"), what + ".failureThreshold", 1, 100).value_or(3));
  const yaml::Node* live = n->get("liveness");
  if (r.is_map(live, what + ".liveness")) {
    static const std::vector<std::string> lknown{"http", "tcp", "exec"};
    r.known_fields(*live, lknown, what + ".liveness");
    h.liveness = read_probe(r, what + ".liveness", *live, true);
  }
  return h;
}

Placement read_placement(Reader& r, const std::string& svc, const yaml::Node* n) {
  Placement p;
  const std::string what = field(svc, "placement");
  if (!r.is_map(n, what)) return p;
  static const std::vector<std::string> known{"nodeSelector", "tolerations", "affinity"};
  r.known_fields(*n, known, what);
  p.node_selector = r.str_map(n->get("nodeSelector"), what + ".nodeSelector");
  const yaml::Node* tols = n->get("tolerations");
  if (r.is_seq(tols, what + ".tolerations")) {
    static const std::vector<std::string> tknown{"key", "operator", "value", "effect", "seconds"};
    static const std::vector<std::string> ops{"Equal", "Exists"};
    static const std::vector<std::string> effects{"NoSchedule", "PreferNoSchedule", "NoExecute"};
    for (const yaml::Node* t : tols->items) {
      if (!r.is_map(t, what + ".tolerations items")) continue;
      r.known_fields(*t, tknown, what + ".tolerations item");
      Toleration tol;
      tol.key = r.str(t->get("key"), what + ".tolerations.key").value_or("");
      tol.op = r.one_of(t->get("operator"), what + ".tolerations.operator", ops).value_or(t->get("value") ? "Equal" : "Exists");
      tol.value = r.str(t->get("value"), what + ".tolerations.value").value_or("");
      tol.effect = r.one_of(t->get("effect"), what + ".tolerations.effect", effects).value_or("");
      if (auto s = r.integer(t->get("seconds"), what + ".tolerations.seconds", 0, 86400 * 365)) tol.seconds = *s;
      p.tolerations.push_back(std::move(tol));
    }
  }
  const yaml::Node* aff = n->get("affinity");
  if (r.is_map(aff, what + ".affinity")) {
    std::size_t budget = kJsonBudget;
    auto j = yaml::to_json(*aff, r.source(), budget);
    if (j) p.affinity = std::move(*j);
    else r.diags().add(j.error());
  }
  return p;
}

// A mount path as the container sees it: "/data/", "/data//" and "/data/." are "/data".
std::string normal_mount(std::string_view path) {
  std::vector<std::string_view> parts;
  for (std::size_t i = 0; i <= path.size();) {
    std::size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    auto part = path.substr(i, j - i);
    if (!part.empty() && part != ".") parts.push_back(part);
    i = j + 1;
  }
  std::string out;
  for (auto part : parts) out += "/" + std::string(part);
  return out.empty() ? "/" : out;
}

std::vector<Volume> read_storage(Reader& r, const std::string& svc, const yaml::Node* n) {
  std::vector<Volume> out;
  const std::string what = field(svc, "storage");
  if (!r.is_seq(n, what)) return out;
  static const std::vector<std::string> known{"name", "mount", "size", "storageClass", "readOnly"};
  std::set<std::string> names, mounts;
  for (const yaml::Node* item : n->items) {
    if (!r.is_map(item, what + " items")) continue;
    r.known_fields(*item, known, what + " item");
    r.required_fields(*item, std::vector<std::string>{"name", "mount", "size"}, what + " item");
    Volume v;
    v.name = r.str(item->get("name"), what + ".name").value_or("");
    if (!v.name.empty() && !is_dns1123_label(v.name))
      r.error(*item->get("name"), "bad-name", what + ": volume name " + util::quote(v.name) + " must be a lower-case DNS label");
    v.mount = r.str(item->get("mount"), what + ".mount").value_or("");
    if (!v.mount.empty() && v.mount[0] != '/')
      r.error(*item->get("mount"), "bad-mount", what + ": mount " + util::quote(v.mount) + " must be an absolute path");
    read_quantity(r, item->get("size"), what + ".size", v.size, true);
    if (auto q = k8s::parse_quantity_milli(v.size); !v.size.empty() && q && *q <= 0)
      r.error(*item->get("size"), "bad-quantity", what + ".size must be more than 0: a volume of " + util::quote(v.size) + " holds nothing");
    v.storage_class = r.str(item->get("storageClass"), what + ".storageClass").value_or("");
    v.read_only = r.boolean(item->get("readOnly"), what + ".readOnly").value_or(false);
    if (!v.name.empty() && !names.insert(v.name).second)
      r.error(*item, "duplicate-volume", what + ": volume " + util::quote(v.name) + " is declared twice");
    if (!v.mount.empty() && !mounts.insert(normal_mount(v.mount)).second)
      r.error(*item, "duplicate-volume", what + ": two volumes mount at " + util::quote(v.mount));
    out.push_back(std::move(v));
  }
  return out;
}

std::vector<Dependency> read_depends_on(Reader& r, const std::string& svc, const yaml::Node* n) {
  std::vector<Dependency> out;
  const std::string what = field(svc, "dependsOn");
  if (!r.is_map(n, what)) return out;
  for (const auto& [k, v] : n->entries) {
    if (!k->is_scalar()) continue;
    Dependency d;
    d.service = k->value;
    d.key_loc = r.at(*k);
    d.loc = r.at(*v);
    if (v->resolves_null()) {
      d.range_text = "*";
    } else if (auto s = r.str(v, what + "." + d.service)) {
      d.range_text = *s;
    } else {
      continue;
    }
    auto range = semver::Range::parse(d.range_text);
    if (range) {
      d.range = std::move(*range);
    } else {
      r.error(*v, "bad-range",
              what + "." + d.service + ": " + util::quote(d.range_text) + " is not a version range: " + range.error().message +
                  " (examples: \"^1.2\", \">=2.2.0 <2.3.0\", \"~1.4\", \"*\")");
    }
    out.push_back(std::move(d));
  }
  std::sort(out.begin(), out.end(), [](const Dependency& a, const Dependency& b) { return a.service < b.service; });
  return out;
}

std::vector<ObjectFile> read_objects(Reader& r, const std::string& svc, const yaml::Node* n) {
  std::vector<ObjectFile> out;
  const std::string what = field(svc, "objects");
  if (!r.is_seq(n, what)) return out;
  for (const yaml::Node* item : n->items) {
    auto s = r.str(item, what + " items");
    if (!s) continue;
    ObjectFile f;
    f.path = *s;
    f.loc = r.at(*item);
    out.push_back(std::move(f));
  }
  return out;
}

std::vector<Patch> read_patches(Reader& r, const std::string& svc, const yaml::Node* n) {
  std::vector<Patch> out;
  const std::string what = field(svc, "patches");
  if (!r.is_seq(n, what)) return out;
  static const std::vector<std::string> known{"target", "patch"};
  static const std::vector<std::string> tknown{"kind", "name"};
  for (const yaml::Node* item : n->items) {
    if (!r.is_map(item, what + " items")) continue;
    r.known_fields(*item, known, what + " item");
    r.required_fields(*item, known, what + " item");
    Patch p;
    p.loc = r.at(*item);
    const yaml::Node* target = item->get("target");
    if (r.is_map(target, what + ".target")) {
      r.known_fields(*target, tknown, what + ".target");
      r.required_fields(*target, std::vector<std::string>{"kind"}, what + ".target");
      p.kind = r.str(target->get("kind"), what + ".target.kind").value_or("");
      p.name = r.str(target->get("name"), what + ".target.name").value_or("");
    }
    const yaml::Node* patch = item->get("patch");
    if (r.is_map(patch, what + ".patch")) {
      std::size_t budget = kJsonBudget;
      auto j = yaml::to_json(*patch, r.source(), budget);
      if (j) p.patch = std::move(*j);
      else r.diags().add(j.error());
    }
    out.push_back(std::move(p));
  }
  return out;
}

// allow: { clusterObjects: [ { kind, name } ], namespaces: [ NAME ] }
Allow read_allow(Reader& r, const std::string& svc, const yaml::Node* n) {
  Allow out;
  const std::string what = field(svc, "allow");
  if (!r.is_map(n, what)) return out;
  out.loc = r.at(*n);
  static const std::vector<std::string> known{"clusterObjects", "namespaces"};
  static const std::vector<std::string> oknown{"kind", "name"};
  r.known_fields(*n, known, what);
  const yaml::Node* objs = n->get("clusterObjects");
  if (r.is_seq(objs, what + ".clusterObjects")) {
    for (const yaml::Node* item : objs->items) {
      if (!r.is_map(item, what + ".clusterObjects items")) {
        if (item->resolves_null()) r.error(*item, "wrong-type", what + ".clusterObjects must not contain null items");
        continue;
      }
      r.known_fields(*item, oknown, what + ".clusterObjects item");
      r.required_fields(*item, oknown, what + ".clusterObjects item");
      ClusterObject o;
      o.kind = r.str(item->get("kind"), what + ".clusterObjects.kind").value_or("");
      o.name = r.str(item->get("name"), what + ".clusterObjects.name").value_or("");
      if (o.kind.empty() || o.name.empty()) continue;
      if (std::find(out.cluster_objects.begin(), out.cluster_objects.end(), o) == out.cluster_objects.end())
        out.cluster_objects.push_back(std::move(o));
    }
  }
  const yaml::Node* nss = n->get("namespaces");
  if (r.is_seq(nss, what + ".namespaces")) {
    for (const yaml::Node* item : nss->items) {
      auto ns = r.str(item, what + ".namespaces items");
      if (!ns) {
        if (item->resolves_null()) r.error(*item, "wrong-type", what + ".namespaces must not contain null items");
        continue;
      }
      if (!is_dns1123_label(*ns)) {
        r.error(*item, "bad-namespace", what + ".namespaces: " + util::quote(*ns) + " must be a lower-case DNS label");
        continue;
      }
      if (!out.ns(*ns)) out.namespaces.push_back(*ns);
    }
  }
  return out;
}

bool valid_image(std::string_view s);
bool valid_tag(std::string_view s);

}  // namespace

void check_image_version(Reader& r, const yaml::Node* image_node, const std::string& image, const yaml::Node* version_node,
                         const std::string& version, const std::string& what) {
  if (image_node && !image.empty() && !valid_image(image))
    r.error(*image_node, "bad-image", what + ".image " + util::quote(image) + " is not an image reference");
  if (!version_node) return;
  if (version.empty()) {
    r.error(*version_node, "bad-version",
            what + ".version is empty: it would satisfy every range and render an untagged image (latest); give the version");
    return;
  }
  bool has_tag = image_with_tag(image, version) == image;
  if (!has_tag && !valid_tag(version))
    r.error(*version_node, "bad-version",
            what + ".version " + util::quote(version) + " cannot be an image tag (letters, digits, '_', '.', '-'; at most 128)");
}

namespace {

Hook read_hook(Reader& r, const std::string& what, const yaml::Node* n) {
  Hook h;
  if (!r.is_map(n, what)) return h;
  static const std::vector<std::string> known{"image", "version", "command", "args", "env", "timeout", "backoffLimit"};
  r.known_fields(*n, known, what);
  r.required_fields(*n, std::vector<std::string>{"image"}, what);
  h.set = true;
  h.image = r.str(n->get("image"), what + ".image").value_or("");
  h.version = r.str(n->get("version"), what + ".version").value_or("");
  check_image_version(r, n->get("image"), h.image, n->get("version"), h.version, what);
  h.command = r.str_list(n->get("command"), what + ".command");
  h.args = r.str_list(n->get("args"), what + ".args");
  h.env = read_env(r, what + ".env", n->get("env"));
  h.timeout_s = r.seconds(n->get("timeout"), what + ".timeout").value_or(300);
  h.backoff_limit = static_cast<int>(r.integer(n->get("backoffLimit"), what + ".backoffLimit", 0, 10).value_or(0));
  return h;
}

bool valid_image(std::string_view s) {
  if (s.empty() || s.size() > 512) return false;
  for (char c : s)
    if (std::isspace(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) < 0x20) return false;
  return s.front() != '-' && s.front() != ':' && s.front() != '/';
}

bool valid_tag(std::string_view s) {
  if (s.empty() || s.size() > 128) return false;
  if (!(std::isalnum(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-')) return false;
  return true;
}

}  // namespace

std::span<const std::string> service_field_names() { return kServiceFields; }

Service read_service(Reader& r, const std::string& name, const yaml::Node& n, const yaml::Node& name_node) {
  Service s;
  s.name = name;
  s.loc = r.at(name_node);
  const std::string what = "service " + util::quote(name);
  r.known_fields(n, kServiceFields, what);
  r.required_fields(n, std::vector<std::string>{"image", "version"}, what);

  s.image = r.str(n.get("image"), field(name, "image")).value_or("");
  if (const yaml::Node* v = n.get("version")) {
    s.version_loc = r.at(*v);
    s.version = r.str(v, field(name, "version")).value_or("");
  }
  check_image_version(r, n.get("image"), s.image, n.get("version"), s.version, "services." + name);

  static const std::vector<std::string> importances{"critical", "high", "normal", "low"};
  if (auto i = r.one_of(n.get("importance"), field(name, "importance"), importances)) {
    s.importance = *i == "critical" ? Importance::Critical
                   : *i == "high"   ? Importance::High
                   : *i == "low"    ? Importance::Low
                                    : Importance::Normal;
  }
  static const std::vector<std::string> recoveries{"cattle", "pet"};
  if (auto rc = r.one_of(n.get("recovery"), field(name, "recovery"), recoveries))
    s.recovery = *rc == "pet" ? Recovery::Pet : Recovery::Cattle;

  const yaml::Node* inst = n.get("instances");
  if (inst) s.instances_loc = r.at(*inst);
  if (r.is_map(inst, field(name, "instances"))) {
    static const std::vector<std::string> known{"min", "max"};
    r.known_fields(*inst, known, field(name, "instances"));
    auto mn = r.integer(inst->get("min"), field(name, "instances.min"), 0, 10000);
    auto mx = r.integer(inst->get("max"), field(name, "instances.max"), 0, 10000);
    s.min = static_cast<int>(mn.value_or(mx.value_or(1)));
    s.max = static_cast<int>(mx.value_or(mn.value_or(1)));
    if (s.min > s.max)
      r.error(*inst, "min-above-max",
              field(name, "instances") + ": min (" + std::to_string(s.min) + ") is above max (" + std::to_string(s.max) + ")");
    else if (s.min == 0 && s.max > 0)
      r.error(*inst, "autoscale-min",
              field(name, "instances") + ": an autoscaled service needs min of at least 1 (0/0 scales it to zero)");
  }
  const yaml::Node* as = n.get("autoscale");
  if (r.is_map(as, field(name, "autoscale"))) {
    static const std::vector<std::string> known{"cpu"};
    r.known_fields(*as, known, field(name, "autoscale"));
    if (auto cpu = r.integer(as->get("cpu"), field(name, "autoscale.cpu"), 1, 100)) s.autoscale_cpu = static_cast<int>(*cpu);
    if (s.min == s.max)
      r.error(*as, "autoscale-fixed",
              field(name, "autoscale") + " has no effect when instances.min equals max (" + std::to_string(s.min) +
                  "): set max above min, or remove autoscale");
  }
  if (s.autoscaled() && !s.autoscale_cpu) s.autoscale_cpu = 80;

  s.command = r.str_list(n.get("command"), field(name, "command"));
  s.args = r.str_list(n.get("args"), field(name, "args"));
  read_resources(r, name, n.get("resources"), s.resources);
  s.env = read_env(r, field(name, "env"), n.get("env"));
  s.env_from = read_env_from(r, field(name, "envFrom"), n.get("envFrom"));
  s.ports = read_ports(r, name, n.get("ports"));
  s.health = read_health(r, name, n.get("health"));
  s.placement = read_placement(r, name, n.get("placement"));
  s.storage = read_storage(r, name, n.get("storage"));
  s.depends_on = read_depends_on(r, name, n.get("dependsOn"));
  s.objects = read_objects(r, name, n.get("objects"));
  s.patches = read_patches(r, name, n.get("patches"));
  s.allow = read_allow(r, name, n.get("allow"));
  const yaml::Node* hooks = n.get("hooks");
  if (r.is_map(hooks, field(name, "hooks"))) {
    static const std::vector<std::string> known{"preUpdate", "postUpdate"};
    r.known_fields(*hooks, known, field(name, "hooks"));
    s.pre_update = read_hook(r, field(name, "hooks.preUpdate"), hooks->get("preUpdate"));
    s.post_update = read_hook(r, field(name, "hooks.postUpdate"), hooks->get("postUpdate"));
  }
  s.image_pull_secrets = r.str_list(n.get("imagePullSecrets"), field(name, "imagePullSecrets"));
  s.rollout = read_rollout(r, s, n.get("rollout"));
  return s;
}

}  // namespace vsctl::manifest
