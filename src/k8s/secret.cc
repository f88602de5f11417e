#include "k8s/secret.h"

#include <nlohmann/json.hpp>

#include "util/hash.h"

namespace vsctl::k8s {

namespace {

std::string digest(const ObjectKey& key, const std::string& field, const Json& value) {
  // Salted with the object and the key, so equal values of different secrets do not match.
  std::string v = value.is_string() ? value.get<std::string>() : dump(value);
  return util::sha256_hex(key.namespace_ + "/" + key.name + "/" + field + "\n" + v).substr(0, 8);
}

Json* map_of(Json& object, const char* field) {
  if (!object.is_object()) return nullptr;
  auto it = object.find(field);
  return it != object.end() && it->is_object() ? &*it : nullptr;
}

}  // namespace

void mask_secret(const ObjectKey& key, Json& before, Json& after) {
  if (key.kind != "Secret" || !key.group.empty()) return;
  for (const char* field : {"data", "stringData"}) {
    Json* b = map_of(before, field);
    Json* a = map_of(after, field);
    const Json unmasked_before = b ? *b : Json();
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

}  // namespace vsctl::k8s
