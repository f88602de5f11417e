#include "k8s/scope.h"

#include <algorithm>
#include <array>

namespace vsctl::k8s {

namespace {

// Sorted, for binary search. The cluster-scoped kinds of the Kubernetes API groups (core, rbac,
// storage, apiextensions, apiregistration, admissionregistration, scheduling, node, networking,
// certificates, flowcontrol, snapshot.storage).
constexpr std::array<std::string_view, 22> kClusterScoped = {
    "APIService",
    "CSIDriver",
    "CSINode",
    "CertificateSigningRequest",
    "ClusterRole",
    "ClusterRoleBinding",
    "ComponentStatus",
    "CustomResourceDefinition",
    "FlowSchema",
    "IngressClass",
    "MutatingWebhookConfiguration",
    "Namespace",
    "Node",
    "PersistentVolume",
    "PriorityClass",
    "PriorityLevelConfiguration",
    "RuntimeClass",
    "StorageClass",
    "ValidatingAdmissionPolicy",
    "ValidatingWebhookConfiguration",
    "VolumeAttachment",
    "VolumeSnapshotClass",
};

}  // namespace

bool cluster_scoped_kind(std::string_view kind) {
  static_assert(std::is_sorted(kClusterScoped.begin(), kClusterScoped.end()));
  return std::binary_search(kClusterScoped.begin(), kClusterScoped.end(), kind);
}

}  // namespace vsctl::k8s
