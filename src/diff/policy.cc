#include "diff/policy.h"

#include <algorithm>

#include "util/strings.h"
#include "yaml/parse.h"

namespace vsctl::diff {

namespace {

std::vector<std::string> split_pointer(std::string_view p) {
  std::vector<std::string> out;
  if (p.empty()) return out;
  std::size_t i = p[0] == '/' ? 1 : 0;
  std::string cur;
  for (; i <= p.size(); ++i) {
    if (i == p.size() || p[i] == '/') {
      out.push_back(cur);
      cur.clear();
      continue;
    }
    if (p[i] == '~' && i + 1 < p.size() && (p[i + 1] == '0' || p[i + 1] == '1')) {
      cur += p[i + 1] == '0' ? '~' : '/';
      ++i;
      continue;
    }
    cur += p[i];
  }
  return out;
}

void erase_matching(k8s::Json& node, const std::vector<std::string>& parts, std::size_t i) {
  if (i + 1 == parts.size()) {
    const std::string& last = parts[i];
    if (node.is_object()) {
      if (last == "*") {
        node.clear();
      } else {
        node.erase(last);
      }
    } else if (node.is_array()) {
      if (last == "*") {
        node.clear();
      } else if (!last.empty() && std::all_of(last.begin(), last.end(), ::isdigit)) {
        auto idx = std::stoul(last);
        if (idx < node.size()) node.erase(idx);
      }
    }
    return;
  }
  const std::string& part = parts[i];
  if (node.is_object()) {
    if (part == "*") {
      for (auto& [k, v] : node.items()) erase_matching(v, parts, i + 1);
    } else if (auto it = node.find(part); it != node.end()) {
      erase_matching(*it, parts, i + 1);
    }
  } else if (node.is_array()) {
    for (std::size_t k = 0; k < node.size(); ++k)
      if (part == "*" || part == std::to_string(k)) erase_matching(node[k], parts, i + 1);
  }
}

std::string where(std::string_view source, const yaml::Node& n) {
  return std::string(source) + ":" + std::to_string(n.line) + ":" + std::to_string(n.col) + ": ";
}

util::Result<std::vector<std::string>> strings(std::string_view source, const yaml::Node& n, std::string_view key) {
  if (!n.is_seq()) return util::fail(util::ErrorKind::Invalid, where(source, n) + std::string(key) + " must be a list of names");
  std::vector<std::string> out;
  for (const auto* item : n.items) {
    if (!item->is_scalar() || item->value.empty())
      return util::fail(util::ErrorKind::Invalid, where(source, *item) + std::string(key) + ": each entry must be a name");
    out.push_back(item->value);
  }
  return out;
}

util::Result<std::vector<FieldRule>> rules(std::string_view source, const yaml::Node& n, std::string_view key) {
  if (!n.is_seq())
    return util::fail(util::ErrorKind::Invalid, where(source, n) + std::string(key) + " must be a list of {kind, name, service, path}");
  std::vector<FieldRule> out;
  static const std::vector<std::string> known = {"kind", "name", "service", "path"};
  for (const auto* item : n.items) {
    if (!item->is_map())
      return util::fail(util::ErrorKind::Invalid, where(source, *item) + std::string(key) + ": each entry must be a map with a path");
    FieldRule r;
    for (const auto& [k, v] : item->entries) {
      if (!v->is_scalar())
        return util::fail(util::ErrorKind::Invalid, where(source, *v) + std::string(key) + "." + k->value + " must be a string");
      if (k->value == "kind") r.select.kind = v->value;
      else if (k->value == "name") r.select.name = v->value;
      else if (k->value == "service") r.select.service = v->value;
      else if (k->value == "path") r.path = v->value;
      else
        return util::fail(util::ErrorKind::Invalid, where(source, *k) + "unknown field " + util::quote(k->value) + " in " +
                                                        std::string(key) + util::did_you_mean(k->value, known));
    }
    if (r.path.empty() || r.path[0] != '/')
      return util::fail(util::ErrorKind::Invalid, where(source, *item) + std::string(key) +
                                                      ": path must be a JSON pointer such as /spec/replicas");
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace

bool Selector::matches(const k8s::ObjectKey& key, std::string_view service_name) const {
  return (kind.empty() || kind == key.kind) && (name.empty() || name == key.name) &&
         (service.empty() || service == service_name);
}

Policy Policy::defaults() {
  Policy p;
  p.drift_managers = {"kubectl",       "kubectl-edit",  "kubectl-set", "kubectl-scale",
                      "kubectl-patch", "kubectl-client-side-apply"};
  p.controlled = {{{"Deployment", "", ""}, "/spec/replicas"}, {{"StatefulSet", "", ""}, "/spec/replicas"}};
  return p;
}

bool Policy::is_drift_manager(std::string_view manager) const {
  for (const auto& m : drift_managers) {
    if (!m.empty() && m.back() == '*') {
      if (manager.substr(0, m.size() - 1) == std::string_view(m).substr(0, m.size() - 1)) return true;
    } else if (manager == m) {
      return true;
    }
  }
  return false;
}

util::Result<Policy> parse_policy(std::string_view source, std::string_view text, Policy base) {
  auto parsed = yaml::parse(source, text);
  if (!parsed.ok()) {
    const auto& d = parsed.diags.items().front();
    return util::fail(util::ErrorKind::Invalid, std::string(source) + ":" + std::to_string(d.loc.line) + ":" +
                                                    std::to_string(d.loc.col) + ": " + d.message);
  }
  if (parsed.documents.empty()) return base;
  const yaml::Node& root = *parsed.documents.front();
  if (root.resolves_null()) return base;
  if (!root.is_map()) return util::fail(util::ErrorKind::Invalid, where(source, root) + "expected a map");
  static const std::vector<std::string> known = {"driftManagers", "notDriftManagers", "controlled", "ignore"};
  for (const auto& [k, v] : root.entries) {
    const std::string& key = k->value;
    if (key == "driftManagers") {
      VSCTL_TRY(names, strings(source, *v, key));
      for (auto& n : names) base.drift_managers.push_back(std::move(n));
    } else if (key == "notDriftManagers") {
      VSCTL_TRY(names, strings(source, *v, key));
      std::erase_if(base.drift_managers, [&](const std::string& m) {
        return std::find(names.begin(), names.end(), m) != names.end();
      });
    } else if (key == "controlled" || key == "ignore") {
      VSCTL_TRY(list, rules(source, *v, key));
      auto& into = key == "controlled" ? base.controlled : base.ignore;
      into.insert(into.end(), list.begin(), list.end());
    } else {
      return util::fail(util::ErrorKind::Invalid,
                        where(source, *k) + "unknown field " + util::quote(key) + util::did_you_mean(key, known));
    }
  }
  return base;
}

bool pointer_matches(std::string_view pattern, std::string_view pointer) {
  auto want = split_pointer(pattern);
  auto got = split_pointer(pointer);
  if (got.size() < want.size()) return false;
  for (std::size_t i = 0; i < want.size(); ++i)
    if (want[i] != "*" && want[i] != got[i]) return false;
  return true;
}

void erase_fields(k8s::Json& object, const std::vector<FieldRule>& rules, const k8s::ObjectKey& key,
                  std::string_view service) {
  for (const auto& r : rules) {
    if (!r.select.matches(key, service)) continue;
    auto parts = split_pointer(r.path);
    if (!parts.empty()) erase_matching(object, parts, 0);
  }
}

}  // namespace vsctl::diff
