// vsctl_kube_e2e: the Kubernetes client against a real control plane (scripts/testbed).
// Run through ctest (-L cluster), or by hand: TESTBED_STATE=$(scripts/testbed up) vsctl_kube_e2e
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
