#include "capacity/nodes.h"

#include <algorithm>
#include <cstdlib>

namespace vsctl::capacity {

Node read_node(const k8s::Json& n) {
  Node out;
  out.name = k8s::string_at(n, "/metadata/name");
  if (const auto* l = k8s::find(n, "/metadata/labels"); l && l->is_object())
    for (const auto& [k, v] : l->items())
      if (v.is_string()) out.labels[k] = v.get<std::string>();
  if (const auto* ts = k8s::find(n, "/spec/taints"); ts && ts->is_array())
    for (const auto& t : *ts) out.taints.push_back({t.value("key", ""), t.value("value", ""), t.value("effect", "")});
  if (const auto* u = k8s::find(n, "/spec/unschedulable"); u && u->is_boolean()) out.unschedulable = u->get<bool>();
  out.allocatable = read_list(k8s::find(n, "/status/allocatable"));
  return out;
}

namespace {

bool tolerates(const k8s::Json& tol, const Taint& t) {
  std::string effect = tol.value("effect", "");
  if (!effect.empty() && effect != t.effect) return false;
  std::string key = tol.value("key", "");
  std::string op = tol.value("operator", "Equal");
  if (key.empty()) return op == "Exists";  // an empty key with Exists tolerates everything
  if (key != t.key) return false;
  return op == "Exists" || tol.value("value", "") == t.value;
}

bool tolerated(const k8s::Json& spec, const Taint& t) {
  const auto* tols = k8s::find(spec, "/tolerations");
  if (!tols || !tols->is_array()) return false;
  return std::any_of(tols->begin(), tols->end(), [&](const k8s::Json& tol) { return tol.is_object() && tolerates(tol, t); });
}

std::vector<std::string> strings(const k8s::Json& e) {
  std::vector<std::string> out;
  if (const auto* vs = k8s::find(e, "/values"); vs && vs->is_array())
    for (const auto& v : *vs)
      if (v.is_string()) out.push_back(v.get<std::string>());
  return out;
}

// One requirement of a node selector term (matchExpressions on labels, matchFields on the name).
bool requirement(const k8s::Json& e, const std::map<std::string, std::string>& labels) {
  std::string key = e.value("key", ""), op = e.value("operator", "");
  auto it = labels.find(key);
  auto values = strings(e);
  bool in = it != labels.end() && std::find(values.begin(), values.end(), it->second) != values.end();
  if (op == "In") return in;
  if (op == "NotIn") return !in;
  if (op == "Exists") return it != labels.end();
  if (op == "DoesNotExist") return it == labels.end();
  if (op == "Gt" || op == "Lt") {
    if (it == labels.end() || values.size() != 1) return false;
    char* end = nullptr;
    long long have = std::strtoll(it->second.c_str(), &end, 10);
    if (*end) return false;
    long long want = std::strtoll(values[0].c_str(), &end, 10);
    if (*end) return false;
    return op == "Gt" ? have > want : have < want;
  }
  return false;
}

bool term_matches(const k8s::Json& term, const Node& n) {
  bool any = false;
  if (const auto* es = k8s::find(term, "/matchExpressions"); es && es->is_array())
    for (const auto& e : *es) {
      any = true;
      if (!requirement(e, n.labels)) return false;
    }
  if (const auto* fs = k8s::find(term, "/matchFields"); fs && fs->is_array())
    for (const auto& f : *fs) {
      any = true;
      if (!requirement(f, {{"metadata.name", n.name}})) return false;
    }
  return any;  // an empty term matches nothing
}

}  // namespace

std::optional<std::string> ineligible(const k8s::Json& spec, const Node& n) {
  if (n.unschedulable) {
    bool ok = false;
    if (const auto* tols = k8s::find(spec, "/tolerations"); tols && tols->is_array())
      for (const auto& tol : *tols)
        ok = ok || (tol.is_object() && tolerates(tol, {"node.kubernetes.io/unschedulable", "", "NoSchedule"}));
    if (!ok) return "node(s) were unschedulable";
  }
  if (const auto* sel = k8s::find(spec, "/nodeSelector"); sel && sel->is_object())
    for (const auto& [k, v] : sel->items()) {
      auto it = n.labels.find(k);
      if (it == n.labels.end() || !v.is_string() || it->second != v.get<std::string>())
        return "node(s) didn't match Pod's node affinity/selector (nodeSelector " + k + "=" +
               (v.is_string() ? v.get<std::string>() : k8s::dump(v)) + ")";
    }
  const auto* terms = k8s::find(spec, "/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms");
  if (terms && terms->is_array() &&
      std::none_of(terms->begin(), terms->end(), [&](const k8s::Json& t) { return term_matches(t, n); }))
    return "node(s) didn't match Pod's node affinity/selector (required node affinity)";
  for (const auto& t : n.taints) {
    if (t.effect != "NoSchedule" && t.effect != "NoExecute") continue;
    if (!tolerated(spec, t))
      return "node(s) had untolerated taint {" + t.key + (t.value.empty() ? "" : ": " + t.value) + "}";
  }
  return std::nullopt;
}

}  // namespace vsctl::capacity
