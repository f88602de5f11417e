#include "k8s/scope.h"

#include <doctest/doctest.h>

using namespace vsctl;

TEST_CASE("cluster-scoped kinds are known offline, other kinds are namespaced") {
  for (const char* k : {"Namespace", "Node", "PersistentVolume", "StorageClass", "ClusterRole",
                        "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass",
                        "ValidatingWebhookConfiguration", "MutatingWebhookConfiguration", "APIService",
                        "IngressClass", "RuntimeClass", "CSIDriver", "VolumeAttachment"})
    CHECK_MESSAGE(k8s::cluster_scoped_kind(k), k);
  for (const char* k : {"Deployment", "Service", "ConfigMap", "Role", "RoleBinding", "Ingress",
                        "ClusterIssuer", "", "namespace"})
    CHECK_MESSAGE(!k8s::cluster_scoped_kind(k), k);
}
