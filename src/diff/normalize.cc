#include "diff/normalize.h"

#include <set>

#include "util/hash.h"

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

std::string digest(const k8s::ObjectKey& key, const std::string& field, const k8s::Json& value) {
  // Salted with the object and the key, so equal values of different secrets do not match.
  std::string v = value.is_string() ? value.get<std::string>() : k8s::dump(value);
  return util::sha256_hex(key.namespace_ + "/" + key.name + "/" + field + "\n" + v).substr(0, 8);
}

k8s::Json* map_of(k8s::Json& object, const char* field) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(field);
  return it != object.end() && it->is_object() ? &*it : nullptr;
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

void mask_secret(const k8s::ObjectKey& key, k8s::Json& before, k8s::Json& after) {
  if (key.kind != "Secret" || !key.group.empty()) return;
  for (const char* field : {"data", "stringData"}) {
    k8s::Json* b = map_of(before, field);
    k8s::Json* a = map_of(after, field);
    const k8s::Json unmasked_before = b ? *b : k8s::Json();
    if (b) {
      for (auto& [k, v] : b->items()) {
        bool changed = a && a->contains(k) && (*a)[k] != v;
        v = changed ? "*** (before) " + digest(key, k, v) : "***";
      }
    }
    if (a) {
      for (auto& [k, v] : a->items()) {
        bool changed = unmasked_before.is_object() && unmasked_before.contains(k) && unmasked_before[k] != v;
        v = changed ? "*** (after) " + digest(key, k, v) : "***";
      }
    }
  }
}

}  // namespace vsctl::diff
