#include "render/identity.h"

#include <array>
#include <cctype>

#include "k8s/json.h"
#include "k8s/labels.h"
#include "k8s/scope.h"
#include "manifest/reader.h"
#include "render/render.h"
#include "util/strings.h"

namespace vsctl::render {

namespace {

using manifest::Architecture;
using manifest::Service;
using util::quote;

// Namespaces Kubernetes itself uses: owning them, or objects in them, is worth a warning even
// when declared.
bool system_namespace(std::string_view ns) {
  return ns == "kube-system" || ns == "kube-public" || ns == "kube-node-lease" || ns == "default";
}

std::string describe(const Json& v) {
  if (v.is_null()) return "null";
  if (v.is_object()) return "a map";
  if (v.is_array()) return "a list";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number()) return "a number";
  return "a string";
}

// `labels` (vsctl's own) as "k: v, k: v", for messages.
std::string label_list(const Json& labels) {
  std::string out;
  for (const auto& [k, v] : labels.items()) {
    if (!out.empty()) out += ", ";
    out += k + ": " + (v.is_string() ? v.get<std::string>() : v.dump());
  }
  return out;
}

class Checker {
 public:
  Checker(const Architecture& a, const Service& s, Origin origin, const k8s::ObjectKey& original,
          const Json& body)
      : a_(a),
        s_(s),
        origin_(origin),
        original_(original),
        body_(body),
        what_(plain(original.kind) + " " + quote(original.name)) {}

  std::vector<Problem> run() {
    if (!body_.is_object()) {
      error("object-identity", what_ + " is not a map");
      return std::move(out_);
    }
    bool whole = field_string("apiVersion");
    whole = field_string("kind") && whole;
    const Json* meta = body_.contains("metadata") ? &body_["metadata"] : nullptr;
    if (!meta || !meta->is_object()) {
      error("object-identity",
            what_ +
                (meta && !meta->is_null() ? " has metadata that is " + describe(*meta) + ", not a map"
                                          : " has no metadata") +
                ": an object needs apiVersion, kind and metadata.name, and a patch must not remove them",
            "/metadata");
      return std::move(out_);
    }
    const Json* name = meta->contains("name") ? &(*meta)["name"] : nullptr;
    if (!name || !name->is_string() || name->get_ref<const std::string&>().empty()) {
      error("object-identity",
            what_ +
                (name && !name->is_null() ? ": metadata.name must be a string, not " + describe(*name)
                                          : " has no metadata.name") +
                ": an object needs apiVersion, kind and metadata.name, and a patch must not remove them",
            "/metadata/name");
      whole = false;
    }
    if (!whole) return std::move(out_);
    kind_ = body_["kind"].get<std::string>();
    name_ = name->get<std::string>();
    if (kind_ != original_.kind) {
      error("object-identity",
            what_ + " becomes a " + quote(kind_) +
                ": a patch must not change an object's kind (render it from an objects file instead)",
            "/kind");
      return std::move(out_);
    }
    check_name();
    check_namespace(*meta);
    check_labels(*meta);
    check_selection();
    check_bindings();
    return std::move(out_);
  }

 private:
  void error(std::string code, std::string msg, std::string field = {}) {
    out_.push_back({util::Severity::Error, std::move(code), std::move(msg), std::move(field)});
  }
  void warning(std::string code, std::string msg, std::string field = {}) {
    out_.push_back({util::Severity::Warning, std::move(code), std::move(msg), std::move(field)});
  }
  bool generated() const { return origin_ != Origin::File; }

  bool field_string(const char* f) {
    const Json* v = body_.contains(f) ? &body_[f] : nullptr;
    if (v && v->is_string() && !v->get_ref<const std::string&>().empty()) return true;
    if (v && !v->is_null() && !v->is_string())
      error("object-identity", what_ + ": " + f + " must be a string, not " + describe(*v), std::string("/") + f);
    else
      error("object-identity",
            what_ + " has no " + f +
                ": an object needs apiVersion, kind and metadata.name, and a patch must not remove them");
    return false;
  }

  void check_name() {
    if (auto why = name_problem(kind_, name_); !why.empty()) {
      error("bad-object-name", what_ + ": the name " + quote(name_) + " is not " + why, "/metadata/name");
      return;
    }
    if (generated() && name_ != original_.name)
      error("object-identity",
            what_ + " is renamed " + quote(name_) + ": the objects vsctl renders for service " + s_.name +
                " keep its name, which other services and its autoscaler use; rename the service instead",
            "/metadata/name");
  }

  void check_namespace(const Json& meta) {
    const Json* nsj = meta.contains("namespace") ? &meta["namespace"] : nullptr;
    if (nsj && !nsj->is_null() && !nsj->is_string()) {
      error("object-namespace", what_ + ": metadata.namespace must be a string, not " + describe(*nsj),
            "/metadata/namespace");
      return;
    }
    const std::string ns = nsj && nsj->is_string() ? nsj->get<std::string>() : "";
    if (cluster_scoped(s_, kind_)) {
      if (!ns.empty())
        error("object-namespace",
              what_ + " is cluster-scoped, so it has no namespace: remove its metadata.namespace (" +
                  quote(ns) + ")",
              "/metadata/namespace");
      if (!s_.allow.cluster_object(kind_, name_)) {
        error("cluster-object", what_ +
                                    " is cluster-scoped: a service owns cluster-scoped objects only when it "
                                    "declares them; if service " +
                                    s_.name + " must own it, add { kind: " + plain(kind_) + ", name: " +
                                    plain(name_) + " } to services." + s_.name + ".allow.clusterObjects",
              "/kind");
      } else if (kind_ == "Namespace" && system_namespace(name_)) {
        warning("system-namespace",
                what_ + " is a namespace Kubernetes itself uses: vsctl labels it as service " + s_.name +
                    "'s, and destroying the service or dropping the object deletes it with everything in it",
                "/metadata/name");
      }
      return;
    }
    if (ns.empty()) {
      error("object-namespace", what_ + " has no namespace: a namespaced object of service " + s_.name +
                                    " stays in the view's namespace " + quote(a_.ns) +
                                    "; a patch must not remove it",
            "/metadata/namespace");
      return;
    }
    if (ns == a_.ns) return;
    if (generated()) {
      error("object-namespace", what_ + " is moved to namespace " + quote(ns) +
                                    ": the objects vsctl renders for service " + s_.name +
                                    " stay in the view's namespace " + quote(a_.ns),
            "/metadata/namespace");
    } else if (!s_.allow.ns(ns)) {
      error("foreign-namespace", what_ + " is in namespace " + quote(ns) + ", not the view's namespace " +
                                     quote(a_.ns) +
                                     ": leave metadata.namespace out to have the view's, or, if service " +
                                     s_.name + " must own objects in " + quote(ns) + ", add it to services." +
                                     s_.name + ".allow.namespaces",
            "/metadata/namespace");
    } else if (system_namespace(ns)) {
      warning("system-namespace", what_ + " is in namespace " + quote(ns) +
                                      ", which Kubernetes itself uses: service " + s_.name +
                                      " owns it there, and destroying the service deletes it",
              "/metadata/namespace");
    }
  }

  void check_labels(const Json& meta) {
    const Json want = labels_for(a_, s_);
    const Json* labels = meta.contains("labels") ? &meta["labels"] : nullptr;
    if (!labels || !labels->is_object()) {
      error("object-labels", what_ + " has no metadata.labels: vsctl's labels (" + label_list(want) +
                                 ") say which architecture and service own it; a patch must not remove them",
            "/metadata/labels");
      return;
    }
    for (const auto& [k, v] : want.items()) {
      const Json* have = labels->contains(k) ? &(*labels)[k] : nullptr;
      if (have && *have == v) continue;
      error("object-labels",
            what_ + ": the label " + k + " is " +
                (have && !have->is_null()
                     ? (have->is_string() ? quote(have->get<std::string>()) : describe(*have)) + ", not "
                     : "removed; vsctl sets it to ") +
                quote(v.get<std::string>()) +
                ": vsctl's labels say which architecture and service own the object; a patch must not change "
                "them",
            "/metadata/labels/" + k8s::pointer_token(k));
    }
  }

  // The pods a workload makes and the pods a Service selects: only this service's.
  void check_selection() {
    const Json sel = selector_for(a_, s_);
    if (generated() && origin_ == Origin::Workload) {
      const Json* s = k8s::find(body_, "/spec/selector");
      if (!s || *s != Json{{"matchLabels", sel}})
        error("object-selector", what_ + ": spec.selector must stay vsctl's { matchLabels: { " +
                                     label_list(sel) + " } }: it decides which pods are service " + s_.name +
                                     "'s",
              "/spec/selector");
    }
    if (generated() && origin_ == Origin::Service) {
      const Json* s = k8s::find(body_, "/spec/selector");
      Json got = s ? *s : Json();
      if (got.is_object()) got.erase(std::string(k8s::kLabelTrack));  // a rollout's track: still this service's pods
      if (!s || got != sel)
        error("object-selector", what_ + ": spec.selector must stay vsctl's { " + label_list(sel) +
                                     " }: it decides which pods receive service " + s_.name + "'s traffic",
              "/spec/selector");
    } else if (kind_ == "Service") {
      if (const Json* s = k8s::find(body_, "/spec/selector"); s && s->is_object())
        foreign_labels(*s, "/spec/selector", "its selector", "selects");
    }
    if (generated() && origin_ == Origin::Autoscaler) {
      const Json* ref = k8s::find(body_, "/spec/scaleTargetRef");
      const std::string workload = s_.recovery == manifest::Recovery::Pet ? "StatefulSet" : "Deployment";
      if (!ref || k8s::string_at(*ref, "/kind") != workload || k8s::string_at(*ref, "/name") != s_.name)
        error("object-selector", what_ + ": spec.scaleTargetRef must stay vsctl's, the " + workload + " " +
                                     quote(s_.name) + ": an autoscaler of service " + s_.name +
                                     " scales only its pods",
              "/spec/scaleTargetRef");
    }
    for (const char* p :
         {"/spec/template/metadata/labels", "/spec/jobTemplate/spec/template/metadata/labels"}) {
      const Json* labels = k8s::find(body_, p);
      if (generated() && origin_ == Origin::Workload &&
          std::string_view(p) == "/spec/template/metadata/labels") {
        for (const auto& [k, v] : sel.items()) {
          // a label with another value is reported below, naming whose pods they would be
          if (!labels || !labels->is_object() || !labels->contains(k))
            error("object-selector", what_ + ": its pod template must keep the label " + k + ": " +
                                         v.get<std::string>() + ", which its selector and service " +
                                         s_.name + "'s Service select",
                  std::string(p));
        }
      }
      if (labels && labels->is_object()) foreign_labels(*labels, p, "its pods", "carry");
    }
  }

  // Labels that would make another service's (or architecture's) Service select these pods, or
  // this Service select another's.
  void foreign_labels(const Json& labels, const std::string& at, const std::string& whose, const std::string& verb) {
    const std::string name_key(k8s::kLabelName), part_key(k8s::kLabelPartOf);
    if (labels.contains(name_key) && labels[name_key] != s_.name) {
      const Json& v = labels[name_key];
      std::string other = v.is_string() ? v.get<std::string>() : describe(v);
      bool known = a_.find(other) != nullptr;
      error("object-selector",
            what_ + ": " + whose + (verb == "selects" ? " selects " : " would carry ") + name_key + ": " +
                quote(other) +
                (verb == "selects"
                     ? ", the pods of " + std::string(known ? "service " + other : "another service")
                     : ", so " + std::string(known ? "service " + other + "'s" : "another service's") +
                           " Service would select them") +
                "; the objects of service " + s_.name + " may " + (verb == "selects" ? "select" : "label") +
                " only its own pods (" + name_key + ": " + s_.name + ")",
            at + "/" + k8s::pointer_token(name_key));
    }
    if (labels.contains(part_key) && labels[part_key] != a_.name) {
      const Json& v = labels[part_key];
      error("object-selector", what_ + ": " + whose + " " + verb + " " + part_key + ": " +
                                   (v.is_string() ? quote(v.get<std::string>()) : describe(v)) +
                                   ", another architecture's; the objects of service " + s_.name +
                                   " belong to " + a_.name,
            at + "/" + k8s::pointer_token(part_key));
    }
  }

  void check_bindings() {
    if (kind_ != "ClusterRoleBinding" && kind_ != "RoleBinding") return;
    if (k8s::string_at(body_, "/roleRef/kind") == "ClusterRole" &&
        k8s::string_at(body_, "/roleRef/name") == "cluster-admin")
      warning("cluster-admin", what_ + " binds cluster-admin: its subjects get full control of " +
                                   (kind_ == "ClusterRoleBinding" ? std::string("the whole cluster")
                                                                  : "every object in its namespace") +
                                   "; bind a role with only the permissions service " + s_.name + " needs",
              "/roleRef");
  }

  const Architecture& a_;
  const Service& s_;
  Origin origin_;
  const k8s::ObjectKey& original_;
  const Json& body_;
  std::string what_;
  std::string kind_, name_;
  std::vector<Problem> out_;
};

bool path_segment(std::string_view s) {
  if (s.empty() || s.size() > 253 || s == "." || s == "..") return false;
  for (char c : s)
    if (c == '/' || c == '%' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  return true;
}

}  // namespace

std::string plain(std::string_view s) {
  bool ok = !s.empty() && s.size() <= 253;
  for (char c : s)
    ok = ok && (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_' || c == ':');
  return ok ? std::string(s) : quote(s);
}

std::string name_problem(std::string_view kind, std::string_view name) {
  if (kind == "Service") {
    if (!manifest::is_dns1035_label(name))
      return "a DNS-1035 label, which a Service's name must be: lower-case letters, digits and '-', starting "
             "with a "
             "letter, ending with a letter or digit, at most 63 characters";
  } else if (kind == "Namespace") {
    if (!manifest::is_dns1123_label(name))
      return "a DNS-1123 label, which a Namespace's name must be: lower-case letters, digits and '-', "
             "starting and "
             "ending with a letter or digit, at most 63 characters";
  } else if (kind == "Role" || kind == "ClusterRole" || kind == "RoleBinding" ||
             kind == "ClusterRoleBinding") {
    if (!path_segment(name))
      return "a valid name: at most 253 characters, without '/' or '%', and not \".\" or \"..\"";
  } else if (!manifest::is_dns1123_subdomain(name)) {
    return "a DNS-1123 subdomain, which a Kubernetes object's name must be: lower-case letters, digits, '-' "
           "and '.', "
           "starting and ending with a letter or digit, at most 253 characters";
  }
  return {};
}

bool cluster_scoped(const Service& s, std::string_view kind) {
  return k8s::cluster_scoped_kind(kind) || s.allow.cluster_kind(kind);
}

std::vector<Problem> identity_problems(const Architecture& a, const Service& s, Origin origin,
                                       const k8s::ObjectKey& original, const Json& body) {
  return Checker(a, s, origin, original, body).run();
}

}  // namespace vsctl::render
