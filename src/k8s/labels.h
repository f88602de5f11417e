#pragma once
// Label and annotation keys vsctl writes on every object (see the manifest spec, "What vsctl
// writes into the cluster"). A leaf: every module that reads or writes them includes this one.
#include <string_view>

namespace vsctl::k8s {

inline constexpr std::string_view kLabelName = "app.kubernetes.io/name";
inline constexpr std::string_view kLabelVersion = "app.kubernetes.io/version";
inline constexpr std::string_view kLabelPartOf = "app.kubernetes.io/part-of";
inline constexpr std::string_view kLabelManagedBy = "app.kubernetes.io/managed-by";
inline constexpr std::string_view kManagedByValue = "vsctl";

// A digest of the service's definition; changes only when the service changes.
// Progressive rollouts: which of a service's workloads a pod belongs to (stable, canary,
// preview); the <service>-stable/-canary/-preview Services select it.
inline constexpr std::string_view kLabelTrack = "vsctl.dev/track";
inline constexpr std::string_view kAnnotationDefinitionDigest = "vsctl.dev/definition-digest";

// The server-side apply field manager.
inline constexpr std::string_view kFieldManager = "vsctl";

}  // namespace vsctl::k8s
