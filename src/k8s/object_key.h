#pragma once
// The one identity of a Kubernetes object: group, version, kind, namespace, name.
#include <compare>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "util/error.h"

namespace vsctl::k8s {

// A type of object: group, version, kind.
struct GroupVersionKind {
  std::string group;
  std::string version;
  std::string kind;

  std::string api_version() const;  // "apps/v1" or "v1"
  friend auto operator<=>(const GroupVersionKind&, const GroupVersionKind&) = default;
  friend bool operator==(const GroupVersionKind&, const GroupVersionKind&) = default;
};

// "apps/v1 Deployment".
std::string to_string(const GroupVersionKind& gvk);

struct ObjectKey {
  std::string group;       // "" for the core group
  std::string version;     // "v1"
  std::string kind;        // "Deployment"
  std::string namespace_;  // "" for cluster-scoped objects
  std::string name;

  // "apps/v1" or "v1".
  std::string api_version() const;
  GroupVersionKind gvk() const { return {group, version, kind}; }

  friend auto operator<=>(const ObjectKey&, const ObjectKey&) = default;
  friend bool operator==(const ObjectKey&, const ObjectKey&) = default;
};

// "apps/v1 Deployment shop/cart", "v1 Namespace shop".
std::string to_string(const ObjectKey& key);

// Splits "apps/v1" into {"apps", "v1"} and "v1" into {"", "v1"}.
struct GroupVersion {
  std::string group;
  std::string version;
  friend auto operator<=>(const GroupVersion&, const GroupVersion&) = default;
  friend bool operator==(const GroupVersion&, const GroupVersion&) = default;
};
GroupVersion parse_api_version(std::string_view api_version);

// The key of an object: apiVersion, kind, metadata.namespace and metadata.name. An object
// without apiVersion, kind or name is an error naming what is missing.
util::Result<ObjectKey> key_of(const nlohmann::json& object);
inline util::Result<ObjectKey> from_json(const nlohmann::json& object) { return key_of(object); }

}  // namespace vsctl::k8s
