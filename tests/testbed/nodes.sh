#!/usr/bin/env bash
# The fake nodes are registered and Ready, and client and server are the pinned Kubernetes version.
# shellcheck source=tests/testbed/lib.sh
source "$(dirname "$0")/lib.sh"

want_nodes=${TESTBED_NODES:-3}
# the test bed's own nodes (tests may add nodes of their own, labelled vsctl-test-owner)
ready=$(k get nodes -l '!vsctl-test-owner' -o jsonpath='{range .items[*]}{.metadata.name} {.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}')
info "nodes:"$'\n'"$ready"
n=$(grep -c ' True$' <<<"$ready" || true)
((n == want_nodes)) || fail "want $want_nodes Ready nodes, have $n"

web=$(k get nodes -l pool=web -o name | wc -l)
((web >= 1)) || fail "no node labelled pool=web"

# node leases are renewed (kwok), so the node lifecycle controller keeps them Ready
leases=$(k get leases -n kube-node-lease -o name | grep -c '/testbed-node-' || true)
((leases == want_nodes)) || fail "want $want_nodes node leases, have $leases"

versions=$(k version -o json)
client=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["clientVersion"]["gitVersion"])' <<<"$versions")
server=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["serverVersion"]["gitVersion"])' <<<"$versions")
[[ "$client" == "$TESTBED_K8S_VERSION" ]] || fail "kubectl reports $client, want $TESTBED_K8S_VERSION"
[[ "$server" == "$TESTBED_K8S_VERSION" ]] || fail "server reports $server, want $TESTBED_K8S_VERSION"
info "ok: $n Ready nodes, client and server $server"
