#include "k8s/object_key.h"

#include <nlohmann/json.hpp>

#include "k8s/json.h"

namespace vsctl::k8s {

std::string GroupVersionKind::api_version() const {
  return group.empty() ? version : group + "/" + version;
}

std::string to_string(const GroupVersionKind& gvk) { return gvk.api_version() + " " + gvk.kind; }

std::string ObjectKey::api_version() const {
  return group.empty() ? version : group + "/" + version;
}

std::string to_string(const ObjectKey& key) {
  std::string out = key.api_version();
  out += ' ';
  out += key.kind;
  out += ' ';
  if (!key.namespace_.empty()) {
    out += key.namespace_;
    out += '/';
  }
  out += key.name;
  return out;
}

GroupVersion parse_api_version(std::string_view api_version) {
  auto slash = api_version.find('/');
  if (slash == std::string_view::npos) return {"", std::string(api_version)};
  return {std::string(api_version.substr(0, slash)), std::string(api_version.substr(slash + 1))};
}

util::Result<ObjectKey> key_of(const nlohmann::json& object) {
  if (!object.is_object()) {
    return util::fail(util::ErrorKind::Invalid, "a Kubernetes object must be a JSON object");
  }
  std::string api_version = string_at(object, "/apiVersion");
  std::string kind = string_at(object, "/kind");
  std::string name = string_at(object, "/metadata/name");
  std::string missing;
  if (api_version.empty()) missing += " apiVersion";
  if (kind.empty()) missing += " kind";
  if (name.empty()) missing += " metadata.name";
  if (!missing.empty()) {
    std::string what = kind.empty() ? std::string("object") : kind;
    return util::fail(util::ErrorKind::Invalid, what + " has no" + missing);
  }
  auto gv = parse_api_version(api_version);
  return ObjectKey{std::move(gv.group), std::move(gv.version), std::move(kind),
                   string_at(object, "/metadata/namespace"), std::move(name)};
}

}  // namespace vsctl::k8s
