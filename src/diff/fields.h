#pragma once
// Field sets as server-side apply records them in metadata.managedFields (FieldsV1): which
// fields of an object each field manager owns. Pure functions over JSON values.
//
// A FieldsV1 tree maps path elements to subtrees: "f:name" (a map field), "k:{...}" (the item
// of an associative list whose key fields are these), "v:<json>" (an item of a set), "i:N" (a
// list index). A path is owned when its node is a leaf ({}) or has the child "." (the field
// itself, besides some of its children).
#include <optional>
#include <string>
#include <vector>

#include "k8s/json.h"

namespace vsctl::diff {

// One entry of metadata.managedFields.
struct ManagedEntry {
  std::string manager;
  std::string operation;    // "Apply" or "Update"
  std::string subresource;  // "" for the main resource, "status", "scale"
  k8s::Json fields;         // the FieldsV1 tree (an object; empty when none)
};

// The entries of an object's metadata.managedFields; malformed entries are skipped.
std::vector<ManagedEntry> managed_fields(const k8s::Json& object);

// The union of several FieldsV1 trees.
k8s::Json union_of(const std::vector<const k8s::Json*>& trees);

// The part of `value` that the field set covers: maps keep only owned keys, lists only owned
// items (in the order `value` has them), a leaf node keeps the whole value below it.
k8s::Json project(const k8s::Json& value, const k8s::Json& fields);

// Every owned path of the tree, as lists of path elements ("f:spec", "f:replicas"); an owned
// field that also has owned children appears once for itself and once per owned child.
std::vector<std::vector<std::string>> owned_paths(const k8s::Json& fields);

// Only the owned paths whose node is a leaf: fields owned whole, not for their children.
std::vector<std::vector<std::string>> leaf_paths(const k8s::Json& fields);

// Whether the tree owns `path`, something below it, or (as a leaf) something above it.
bool touches(const k8s::Json& fields, const std::vector<std::string>& path);

// The JSON pointer of `path` in `object` ("/spec/template/spec/containers/0/env/1"), or
// nullopt when the object has no such field.
std::optional<std::string> pointer_of(const k8s::Json& object, const std::vector<std::string>& path);

// The path in the reader's terms: ".spec.template.spec.containers[name=app].env[name=FOO]".
std::string dotted(const std::vector<std::string>& path);

}  // namespace vsctl::diff
