#include "render/render.h"

#include <algorithm>
#include <utility>

#include "k8s/labels.h"
#include "k8s/scope.h"
#include "manifest/definition.h"
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

Json service(const Architecture& a, const Service& s, const std::string& digest) {
  Json spec;
  spec["selector"] = selector_for(a, s);
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
                         yaml::field("metadata", metadata(a, s, s.name, digest)), yaml::field("spec", std::move(spec)));
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
  if (!k8s::cluster_scoped_kind(kind) && !meta.contains("namespace")) meta["namespace"] = a.ns;
  return obj;
}

int kind_rank(const std::string& kind) {
  static const char* order[] = {"Namespace", "ServiceAccount", "Secret", "ConfigMap", "PersistentVolumeClaim",
                                "Role", "RoleBinding", "Service", "StatefulSet", "Deployment", "HorizontalPodAutoscaler"};
  for (int i = 0; i < static_cast<int>(std::size(order)); ++i)
    if (kind == order[i]) return i;
  return 100;
}

void apply_patches(const Service& s, std::vector<Object>& objs, std::size_t first, util::Diagnostics& diags) {
  for (const auto& p : s.patches) {
    bool matched = false;
    for (std::size_t i = first; i < objs.size(); ++i) {
      Object& o = objs[i];
      if (o.key.kind != p.kind || (!p.name.empty() && o.key.name != p.name)) continue;
      o.body.merge_patch(p.patch);
      matched = true;
    }
    if (!matched)
      diags.error(p.loc, "patch-no-target",
                  "services." + s.name + ".patches: no rendered object of kind " + util::quote(p.kind) +
                      (p.name.empty() ? "" : " named " + util::quote(p.name)) + " to patch");
  }
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

Rendered render(const Architecture& a, const Options& opts) {
  Rendered out;
  Json ns = {{"apiVersion", "v1"},
             {"kind", "Namespace"},
             {"metadata",
              {{"name", a.ns},
               {"labels", {{std::string(k8s::kLabelPartOf), a.name}, {std::string(k8s::kLabelManagedBy), std::string(k8s::kManagedByValue)}}}}}};
  out.objects.push_back({"", {"", "v1", "Namespace", "", a.ns}, ns});
  for (const Service& s : a.services) {
    const std::string digest = manifest::digest(s);
    std::vector<Json> bodies;
    bodies.push_back(workload(a, s, digest, opts));
    if (!s.ports.empty()) bodies.push_back(service(a, s, digest));
    if (s.autoscaled()) bodies.push_back(autoscaler(a, s, digest));
    for (const auto& f : s.objects)
      for (const auto& obj : f.objects) bodies.push_back(owned(a, s, obj, digest));
    std::size_t first = out.objects.size();
    for (auto& b : bodies) {
      auto key = k8s::key_of(b);
      if (!key) {
        out.diags.error({a.source, s.loc.line, s.loc.col}, "bad-object", "service " + s.name + ": " + key.error().message);
        continue;
      }
      out.objects.push_back({s.name, *key, std::move(b)});
    }
    apply_patches(s, out.objects, first, out.diags);
    std::stable_sort(out.objects.begin() + static_cast<long>(first), out.objects.end(), [](const Object& x, const Object& y) {
      int rx = kind_rank(x.key.kind), ry = kind_rank(y.key.kind);
      return rx != ry ? rx < ry : x.key < y.key;
    });
  }
  // Two services (or a service and an objects file) must not render the same object.
  std::vector<const Object*> sorted;
  for (const auto& o : out.objects) sorted.push_back(&o);
  std::sort(sorted.begin(), sorted.end(), [](const Object* x, const Object* y) { return x->key < y->key; });
  for (std::size_t i = 1; i < sorted.size(); ++i) {
    if (sorted[i]->key == sorted[i - 1]->key) {
      const Service* s = a.find(sorted[i]->service);
      out.diags.error(s ? s->loc : util::SourceLoc{a.source, 0, 0}, "object-collision",
                      k8s::to_string(sorted[i]->key) + " is rendered twice (by " +
                          (sorted[i - 1]->service.empty() ? std::string("the architecture") : "service " + sorted[i - 1]->service) +
                          " and " + (sorted[i]->service.empty() ? std::string("the architecture") : "service " + sorted[i]->service) +
                          "); rename one");
    }
  }
  return out;
}

}  // namespace vsctl::render
