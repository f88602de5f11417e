#include "render/render.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "k8s/labels.h"
#include "k8s/scope.h"
#include "manifest/definition.h"
#include "render/identity.h"
#include "render/pod.h"
#include "util/hash.h"
#include "util/strings.h"
#include "yaml/json.h"

namespace vsctl::render {

namespace {

using manifest::Architecture;
using manifest::Service;

// Fields set straight into the object's map: no initializer-list arrays built and taken apart.
Json::object_t& fields(Json& j) {
  if (!j.is_object()) j = Json::object();
  return j.get_ref<Json::object_t&>();
}

Json metadata(const Architecture& a, const Service& s, const std::string& name, const std::string& digest) {
  Json meta = Json::object();
  auto& m = fields(meta);
  m.emplace("name", name);
  m.emplace("namespace", a.ns);
  m.emplace("labels", labels_for(a, s));
  Json annotations = Json::object();
  fields(annotations).emplace(std::string(k8s::kAnnotationDefinitionDigest), digest);
  m.emplace("annotations", std::move(annotations));
  return meta;
}

Json workload(const Architecture& a, const Service& s, const std::string& digest, const Options& o) {
  bool pet = s.recovery == manifest::Recovery::Pet;
  Json spec;
  spec["selector"]["matchLabels"] = selector_for(a, s);
  spec["template"] = pod_template(a, s);
  if (!s.autoscaled()) spec["replicas"] = s.min;  // autoscaled: the autoscaler owns replicas
  if (pet) {
    spec["serviceName"] = s.name;
    for (const auto& v : s.storage) {
      Json claim = {{"metadata", {{"name", v.name}, {"labels", selector_for(a, s)}}},
                    {"spec",
                     {{"accessModes", {"ReadWriteOnce"}}, {"resources", {{"requests", {{"storage", v.size}}}}}}}};
      if (!v.storage_class.empty()) claim["spec"]["storageClassName"] = v.storage_class;
      spec["volumeClaimTemplates"].push_back(std::move(claim));
    }
  } else {
    spec["progressDeadlineSeconds"] = o.progress_deadline_s;
  }
  return yaml::object_of(yaml::field("apiVersion", "apps/v1"), yaml::field("kind", pet ? "StatefulSet" : "Deployment"),
                         yaml::field("metadata", metadata(a, s, s.name, digest)), yaml::field("spec", std::move(spec)));
}

// A Service of service `s` named `name`; with `track`, selecting the pods of that track of a
// progressive rollout only.
Json service(const Architecture& a, const Service& s, const std::string& digest, const std::string& name,
             const std::string& track) {
  Json spec;
  spec["selector"] = selector_for(a, s);
  if (!track.empty()) spec["selector"][std::string(k8s::kLabelTrack)] = track;
  for (const auto& p : s.ports) {
    Json port = yaml::object_of(yaml::field("port", p.port), yaml::field("targetPort", p.target),
                                yaml::field("protocol", p.protocol));
    if (!p.name.empty()) port["name"] = p.name;
    spec["ports"].push_back(std::move(port));
  }
  if (s.recovery == manifest::Recovery::Pet) {
    spec["clusterIP"] = "None";  // headless: stable DNS names for each instance
    spec["publishNotReadyAddresses"] = false;
  }
  return yaml::object_of(yaml::field("apiVersion", "v1"), yaml::field("kind", "Service"),
                         yaml::field("metadata", metadata(a, s, name, digest)),
                         yaml::field("spec", std::move(spec)));
}

Json autoscaler(const Architecture& a, const Service& s, const std::string& digest) {
  Json spec = {
      {"scaleTargetRef", {{"apiVersion", "apps/v1"}, {"kind", s.recovery == manifest::Recovery::Pet ? "StatefulSet" : "Deployment"}, {"name", s.name}}},
      {"minReplicas", s.min},
      {"maxReplicas", s.max},
      {"metrics",
       {{{"type", "Resource"},
         {"resource", {{"name", "cpu"}, {"target", {{"type", "Utilization"}, {"averageUtilization", s.autoscale_cpu.value_or(80)}}}}}}}}};
  return {{"apiVersion", "autoscaling/v2"},
          {"kind", "HorizontalPodAutoscaler"},
          {"metadata", metadata(a, s, s.name, digest)},
          {"spec", std::move(spec)}};
}

// An objects-file object, owned by the service: labels and digest merged in, namespace filled.
Json owned(const Architecture& a, const Service& s, Json obj, const std::string& digest) {
  Json& meta = obj["metadata"];
  const Json labels = labels_for(a, s);  // named: items() of a temporary dangles in a range-for
  for (const auto& [k, v] : labels.items()) meta["labels"][k] = v;
  meta["annotations"][std::string(k8s::kAnnotationDefinitionDigest)] = digest;
  const std::string kind = obj.value("kind", "");
  if (!cluster_scoped(s, kind) && !meta.contains("namespace")) meta["namespace"] = a.ns;
  return obj;
}

int kind_rank(const std::string& kind) {
  static const char* order[] = {"Namespace", "ServiceAccount", "Secret", "ConfigMap", "PersistentVolumeClaim",
                                "Role", "RoleBinding", "Service", "StatefulSet", "Deployment", "HorizontalPodAutoscaler"};
  for (int i = 0; i < static_cast<int>(std::size(order)); ++i)
    if (kind == order[i]) return i;
  return 100;
}

// One object of a service while it is rendered: where it comes from, and where each of its
// identity problems (and its key) came from, so that a diagnostic points at the patch or the
// objects file that caused it.
struct Pending {
  Object obj;
  Origin origin = Origin::File;
  k8s::ObjectKey original;  // before patches: what patch targets and messages name
  util::SourceLoc loc;      // where it was written: its objects file, else the service
  // where its fields are written in its objects file (null when not from one)
  std::shared_ptr<const std::vector<manifest::FieldLoc>> fields;
  bool from_patch = false;  // its key was last changed by a patch (then key_loc is that patch)
  util::SourceLoc key_loc;
  struct Found {
    Problem problem;
    util::SourceLoc loc;  // the patch that caused it, or loc
    bool from_patch = false;
  };
  std::vector<Found> problems;
};

// Where `field` (a JSON pointer) of a pending object is written: the key itself when its
// objects file has it, else the nearest enclosing key it has, else where the object starts.
util::SourceLoc field_loc(const Pending& p, const std::string& field) {
  if (!p.fields || field.empty()) return p.loc;
  std::string_view f = field;
  while (!f.empty()) {
    for (const auto& fl : *p.fields)
      if (fl.pointer == f) return {p.loc.source, fl.line, fl.col};
    f = f.substr(0, f.rfind('/'));
  }
  return p.loc;
}

void check(const Architecture& a, const Service& s, Pending& p, const util::SourceLoc* patch) {
  std::vector<Pending::Found> now;
  for (auto& pr : identity_problems(a, s, p.origin, p.original, p.obj.body)) {
    auto it = std::find_if(p.problems.begin(), p.problems.end(), [&](const auto& x) { return x.problem == pr; });
    if (it != p.problems.end()) {  // there before this patch: it keeps its origin
      now.push_back(std::move(*it));
    } else {
      util::SourceLoc at = patch ? *patch : field_loc(p, pr.field);
      now.push_back({std::move(pr), std::move(at), patch != nullptr});
    }
  }
  p.problems = std::move(now);
  if (auto key = k8s::key_of(p.obj.body); key && !(*key == p.obj.key)) {
    p.obj.key = std::move(*key);
    if (patch) {
      p.from_patch = true;
      p.key_loc = *patch;
    }
  }
}

void apply_patches(const Architecture& a, const Service& s, std::vector<Pending>& objs, util::Diagnostics& diags) {
  for (const auto& p : s.patches) {
    bool matched = false;
    for (Pending& o : objs) {
      if (o.original.kind != p.kind || (!p.name.empty() && o.original.name != p.name)) continue;
      o.obj.body.merge_patch(p.patch);
      check(a, s, o, &p.loc);
      matched = true;
    }
    if (!matched)
      diags.error(p.loc, "patch-no-target",
                  "services." + s.name + ".patches: no rendered object of kind " + util::quote(p.kind) +
                      (p.name.empty() ? "" : " named " + util::quote(p.name)) + " to patch");
  }
}

void report(const Service& s, const Pending& p, util::Diagnostics& diags) {
  for (const auto& f : p.problems) {
    std::string subject = f.from_patch               ? "services." + s.name + ".patches"
                          : p.origin == Origin::File ? "services." + s.name + ".objects"
                                                     : "service " + s.name;
    diags.add({f.problem.severity, f.loc, subject + ": " + f.problem.message, f.problem.code});
  }
}

// A declaration that no object uses is a hole: a later change could add that object, or objects
// in that namespace, and nothing would say so.
void unused_allow(const Service& s, const std::vector<Pending>& objs, util::Diagnostics& diags) {
  const std::string what = "services." + s.name + ".allow";
  for (const auto& c : s.allow.cluster_objects) {
    bool used = std::any_of(objs.begin(), objs.end(), [&](const Pending& p) {
      return p.obj.key.kind == c.kind && p.obj.key.name == c.name;
    });
    if (!used)
      diags.warning(s.allow.loc, "unused-allow",
                    what + ".clusterObjects declares " + plain(c.kind) + " " + util::quote(c.name) + ", which service " +
                        s.name + " does not render: remove it, so that it cannot let that object in unnoticed later");
  }
  for (const auto& ns : s.allow.namespaces) {
    bool used = std::any_of(objs.begin(), objs.end(), [&](const Pending& p) { return p.obj.key.namespace_ == ns; });
    if (!used)
      diags.warning(s.allow.loc, "unused-allow",
                    what + ".namespaces declares " + util::quote(ns) + ", where service " + s.name +
                        " renders no object: remove it, so that it cannot let objects in there unnoticed later");
  }
}

std::string owner(const std::string& service) {
  return service.empty() ? std::string("the architecture") : "service " + service;
}

}  // namespace

std::string label_value(std::string_view v) {
  std::string out;
  for (char c : v) out += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.') ? c : '_';
  if (out.size() > 63) out.resize(63);
  while (!out.empty() && !std::isalnum(static_cast<unsigned char>(out.back()))) out.pop_back();
  while (!out.empty() && !std::isalnum(static_cast<unsigned char>(out.front()))) out.erase(out.begin());
  return out;
}

Json selector_for(const Architecture& a, const Service& s) {
  Json l = Json::object();
  auto& m = fields(l);
  m.emplace(std::string(k8s::kLabelName), s.name);
  m.emplace(std::string(k8s::kLabelPartOf), a.name);
  return l;
}

Json labels_for(const Architecture& a, const Service& s) {
  Json l = selector_for(a, s);
  auto& m = fields(l);
  m.insert_or_assign(std::string(k8s::kLabelVersion), label_value(s.version));
  m.insert_or_assign(std::string(k8s::kLabelManagedBy), std::string(k8s::kManagedByValue));
  return l;
}

Json hook_job(const Architecture& a, const Service& s, const manifest::Hook& h, std::string_view phase) {
  Json c = {{"name", "hook"}, {"image", manifest::image_with_tag(h.image, h.version)}};
  if (!h.command.empty()) c["command"] = h.command;
  if (!h.args.empty()) c["args"] = h.args;
  if (!h.env.empty()) c["env"] = container_env(h.env);
  std::string suffix = manifest::digest(s).substr(0, 8);
  Json labels = labels_for(a, s);
  labels["vsctl.dev/hook"] = std::string(phase);
  Json pod = {{"metadata", {{"labels", labels}}},
              {"spec", {{"restartPolicy", "Never"}, {"containers", Json::array({c})}}}};
  for (const auto& name : s.image_pull_secrets) pod["spec"]["imagePullSecrets"].push_back({{"name", name}});
  std::string p(phase);
  std::transform(p.begin(), p.end(), p.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return {{"apiVersion", "batch/v1"},
          {"kind", "Job"},
          {"metadata", {{"name", s.name + "-" + p + "-" + suffix}, {"namespace", a.ns}, {"labels", labels}}},
          {"spec",
           {{"backoffLimit", h.backoff_limit}, {"activeDeadlineSeconds", h.timeout_s}, {"ttlSecondsAfterFinished", 3600}, {"template", pod}}}};
}

Object namespace_object(const Architecture& a) {
  Json ns = {{"apiVersion", "v1"},
             {"kind", "Namespace"},
             {"metadata",
              {{"name", a.ns},
               {"labels", {{std::string(k8s::kLabelPartOf), a.name}, {std::string(k8s::kLabelManagedBy), std::string(k8s::kManagedByValue)}}}}}};
  return {"", {"", "v1", "Namespace", "", a.ns}, std::move(ns)};
}

void render_service(const Architecture& a, const Service& s, const Options& opts, std::vector<Object>& objects,
                    std::vector<KeyOrigin>& origins, util::Diagnostics& diags) {
  const std::string digest = manifest::digest(s);
  std::vector<Pending> objs;
  auto add = [&](Json body, Origin origin, util::SourceLoc loc,
                 std::shared_ptr<const std::vector<manifest::FieldLoc>> fields = nullptr) {
    auto key = k8s::key_of(body);
    if (!key) {
      diags.error(loc, "bad-object", "service " + s.name + ": " + key.error().message);
      return;
    }
    Pending p;
    p.origin = origin;
    p.original = *key;
    p.loc = p.key_loc = std::move(loc);
    p.fields = std::move(fields);
    p.obj = {s.name, std::move(*key), std::move(body)};
    check(a, s, p, nullptr);
    objs.push_back(std::move(p));
  };
  add(workload(a, s, digest, opts), Origin::Workload, s.loc);
  if (!s.ports.empty()) {
    using manifest::Rollout;
    const Rollout& r = s.rollout;
    // blue-green: the service's Service selects the stable track; it switches at promotion
    const bool blue_green = r.strategy == Rollout::Strategy::BlueGreen;
    add(service(a, s, digest, s.name, blue_green ? "stable" : ""), Origin::Service, s.loc);
    if (r.strategy == Rollout::Strategy::Canary && r.traffic == Rollout::Traffic::Gateway)
      for (const char* track : {"stable", "canary"}) add(service(a, s, digest, s.name + "-" + track, track), Origin::Service, s.loc);
    if (blue_green) add(service(a, s, digest, s.name + "-preview", "preview"), Origin::Service, s.loc);
  }
  if (s.autoscaled()) add(autoscaler(a, s, digest), Origin::Autoscaler, s.loc);
  for (const auto& f : s.objects)
    for (std::size_t i = 0; i < f.objects.size(); ++i)
      add(owned(a, s, f.objects[i], digest), Origin::File, i < f.locs.size() ? f.locs[i] : s.loc,
          i < f.fields.size() ? f.fields[i] : nullptr);
  apply_patches(a, s, objs, diags);
  std::stable_sort(objs.begin(), objs.end(), [](const Pending& x, const Pending& y) {
    int rx = kind_rank(x.obj.key.kind), ry = kind_rank(y.obj.key.kind);
    return rx != ry ? rx < ry : x.obj.key < y.obj.key;
  });
  unused_allow(s, objs, diags);
  for (auto& p : objs) {
    report(s, p, diags);
    origins.push_back({p.key_loc,
                       p.from_patch               ? "services." + s.name + ".patches: "
                       : p.origin == Origin::File ? "services." + s.name + ".objects: "
                                                  : std::string(),
                       p.from_patch});
    objects.push_back(std::move(p.obj));
  }
}

void check_collisions(const std::vector<Placed>& placed, util::Diagnostics& diags) {
  // (kind, namespace, name) is one object whatever its apiVersion: two services (or a service
  // and an objects file, or a patch that renames) must not render the same one.
  using Id = std::tuple<std::string_view, std::string_view, std::string_view>;
  auto id = [&](std::size_t i) { return Id{placed[i].kind, placed[i].ns, placed[i].name}; };
  std::vector<std::size_t> order(placed.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return id(x) < id(y); });
  for (std::size_t i = 1; i < order.size(); ++i) {
    std::size_t first = order[i - 1], second = order[i];
    if (id(first) != id(second)) continue;
    if (placed[first].origin->from_patch && !placed[second].origin->from_patch) std::swap(first, second);  // point at the patch
    const Placed& o = placed[second];
    std::string what = plain(o.kind) + " " + (o.ns.empty() ? "" : plain(o.ns) + "/") + plain(o.name);
    diags.error(o.origin->loc, "object-collision",
                o.origin->subject + what + " is rendered twice: by " + owner(std::string(placed[first].service)) +
                    " and by " + owner(std::string(o.service)) +
                    (o.origin->from_patch ? " (this patch renames one of its objects to it)" : std::string()) +
                    "; an object belongs to one service: rename one");
  }
}

Rendered render(const Architecture& a, const Options& opts) {
  Rendered out;
  out.objects.push_back(namespace_object(a));
  // per object: where its key comes from, and what that place is called in messages
  std::vector<KeyOrigin> origins{{{a.source, 0, 0}, "", false}};
  for (const Service& s : a.services) render_service(a, s, opts, out.objects, origins, out.diags);
  std::vector<Placed> placed;
  placed.reserve(out.objects.size());
  for (std::size_t i = 0; i < out.objects.size(); ++i) {
    const Object& o = out.objects[i];
    placed.push_back({o.key.kind, o.key.namespace_, o.key.name, o.service, &origins[i]});
  }
  check_collisions(placed, out.diags);
  return out;
}

}  // namespace vsctl::render
