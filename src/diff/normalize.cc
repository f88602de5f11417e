#include "diff/normalize.h"

#include <set>


namespace vsctl::diff {

namespace {

constexpr const char* kLastApplied = "kubectl.kubernetes.io/last-applied-configuration";

void walk(const k8s::Json* a, const k8s::Json* b, const std::string& at, std::vector<std::string>& out) {
  if (!a && !b) return;
  if (a && b && *a == *b) return;
  if (a && b && a->is_object() && b->is_object()) {
    std::set<std::string> keys;
    for (const auto& [k, v] : a->items()) keys.insert(k);
    for (const auto& [k, v] : b->items()) keys.insert(k);
    for (const auto& k : keys) {
      auto ia = a->find(k);
      auto ib = b->find(k);
      walk(ia == a->end() ? nullptr : &*ia, ib == b->end() ? nullptr : &*ib, at + "/" + k8s::pointer_token(k), out);
    }
    return;
  }
  if (a && b && a->is_array() && b->is_array()) {
    std::size_t n = std::max(a->size(), b->size());
    for (std::size_t i = 0; i < n; ++i)
      walk(i < a->size() ? &(*a)[i] : nullptr, i < b->size() ? &(*b)[i] : nullptr, at + "/" + std::to_string(i), out);
    return;
  }
  out.push_back(at);
}

}  // namespace

k8s::Json normalize(const k8s::Json& object) {
  if (!object.is_object()) return object;
  k8s::Json o = object;
  o.erase("status");
  auto m = o.find("metadata");
  if (m != o.end() && m->is_object()) {
    for (const char* f : {"managedFields", "resourceVersion", "generation", "uid", "creationTimestamp", "selfLink",
                          "deletionGracePeriodSeconds"})
      m->erase(f);
    auto a = m->find("annotations");
    if (a != m->end() && a->is_object()) {
      a->erase(kLastApplied);
      if (a->empty()) m->erase("annotations");
    }
  }
  return o;
}

std::vector<std::string> changed_paths(const k8s::Json& before, const k8s::Json& after) {
  std::vector<std::string> out;
  walk(before.is_null() ? nullptr : &before, after.is_null() ? nullptr : &after, "", out);
  return out;
}

bool overlaps(std::string_view a, std::string_view b) {
  auto below = [](std::string_view x, std::string_view prefix) {
    return x.substr(0, prefix.size()) == prefix && (x.size() == prefix.size() || x[prefix.size()] == '/');
  };
  return below(a, b) || below(b, a);
}

}  // namespace vsctl::diff
