#pragma once
// coordination.k8s.io/v1 Lease, the lock of an apply. Taken with create, renewed and taken
// over with update carrying the resourceVersion that was read (409 Conflict on a race).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "k8s/json.h"
#include "k8s/object_key.h"
#include "util/error.h"

namespace vsctl::kube {

struct Lease {
  std::string namespace_;
  std::string name;
  std::string holder;  // spec.holderIdentity
  int duration_seconds = 0;
  std::optional<std::chrono::system_clock::time_point> acquire_time;
  std::optional<std::chrono::system_clock::time_point> renew_time;
  int transitions = 0;
  std::string resource_version;  // "" for a Lease not yet created
  k8s::Json annotations = k8s::Json::object();

  k8s::ObjectKey key() const { return {"coordination.k8s.io", "v1", "Lease", namespace_, name}; }
};

k8s::Json to_json(const Lease& lease);
util::Result<Lease> lease_from_json(const k8s::Json& object);

// MicroTime as the API writes it: "2024-05-01T12:00:00.123456Z".
std::string format_micro_time(std::chrono::system_clock::time_point t);

}  // namespace vsctl::kube
