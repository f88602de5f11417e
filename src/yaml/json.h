#pragma once
// YAML trees to JSON values (for Kubernetes objects and merge patches), resolving plain scalars
// with the YAML 1.2 core schema the way Kubernetes' YAML reader does. Walks are bounded by a
// node budget, so aliases cannot multiply work.
#include <nlohmann/json.hpp>
#include <utility>
#include <tl/expected.hpp>

#include "util/diagnostic.h"
#include "yaml/node.h"

namespace vsctl::yaml {

using Json = nlohmann::json;  // keys sorted, as kubectl prints objects

// An object built by emplacing each field into its map, without the arrays an initializer
// list builds and takes apart: object_of(field("name", n), field("port", 80)).
template <typename V>
std::pair<const char*, V&&> field(const char* key, V&& value) {
  return {key, std::forward<V>(value)};
}
template <typename... Fields>
Json object_of(Fields&&... fields) {
  Json j = Json::object();
  auto& m = j.get_ref<Json::object_t&>();
  (m.emplace(fields.first, std::forward<decltype(fields.second)>(fields.second)), ...);
  return j;
}

// A plain scalar resolved: null, bool, integer, float, or string.
Json resolve_scalar(const Node& n);

// `budget` is decremented per node visited, aliases counted each time they are reached.
tl::expected<Json, util::Diagnostic> to_json(const Node& n, std::string_view source, std::size_t& budget);

}  // namespace vsctl::yaml
