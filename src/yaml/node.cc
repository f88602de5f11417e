#include "yaml/node.h"

#include "util/strings.h"

namespace vsctl::yaml {

const Node* Node::get(std::string_view k) const {
  for (const auto& [key, val] : entries)
    if (key->kind == Kind::Scalar && key->value == k) return val;
  return nullptr;
}

const Node* Node::key_node(std::string_view k) const {
  for (const auto& [key, val] : entries)
    if (key->kind == Kind::Scalar && key->value == k) return key;
  return nullptr;
}

bool Node::resolves_null() const {
  if (kind == Kind::Null) return true;
  return kind == Kind::Scalar && plain && tag.empty() &&
         (value.empty() || value == "~" || value == "null" || value == "Null" || value == "NULL");
}

const char* kind_name(Kind k) {
  switch (k) {
    case Kind::Null: return "null";
    case Kind::Scalar: return "a scalar";
    case Kind::Sequence: return "a list";
    case Kind::Map: return "a map";
  }
  return "?";
}

std::string describe(const Node& n) {
  if (n.resolves_null()) return "null";
  if (n.kind == Kind::Scalar) return "the scalar " + util::quote(n.value);
  return kind_name(n.kind);
}

}  // namespace vsctl::yaml
