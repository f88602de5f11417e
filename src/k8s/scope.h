#pragma once
// Whether a kind is namespaced, known offline: a table of the built-in kinds that are
// cluster-scoped. A kind not in it (a custom resource's) is taken as namespaced; the manifest
// can declare one of its objects cluster-scoped (a service's allow.clusterObjects).
#include <string_view>

namespace vsctl::k8s {

// True for the built-in cluster-scoped kinds: Namespace, Node, PersistentVolume, StorageClass,
// ClusterRole, ClusterRoleBinding, CustomResourceDefinition, webhook configurations, ...
bool cluster_scoped_kind(std::string_view kind);

}  // namespace vsctl::k8s
