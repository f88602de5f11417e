#!/usr/bin/env bash
# LIST + dry-run server-side apply of N ConfigMaps against the test bed: vsctl's client
# (vsctl_kube_bench) and kubectl side by side, in one run, on the same live objects.
#
#   bench/kube/kube_list_apply.sh [BUILD_DIR]        (default: build)
#   OBJECTS=1500 TESTBED_STATE=DIR bench/kube/kube_list_apply.sh
#
# Uses the test bed at $TESTBED_STATE when it is up, else starts one (and stops it after).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${1:-$ROOT/build}
OBJECTS=${OBJECTS:-1500}
TB="$ROOT/scripts/testbed"

cmake --build "$BUILD" --target vsctl_kube_bench >"${TMPDIR:-/tmp}/kube_bench_build.log" 2>&1 ||
  { cat "${TMPDIR:-/tmp}/kube_bench_build.log" >&2; exit 1; }
BENCH=$(find "$BUILD" -name vsctl_kube_bench -type f -perm -u+x | head -1)
[[ -x "$BENCH" ]] || { echo "vsctl_kube_bench not built in $BUILD" >&2; exit 1; }

started=""
if [[ -z "${TESTBED_STATE:-}" ]] || ! "$TB" status --state "$TESTBED_STATE" >/dev/null 2>&1; then
  TESTBED_STATE=$("$TB" up)
  started=1
fi
export TESTBED_STATE
source <("$TB" env --state "$TESTBED_STATE")
K=("$TESTBED_KUBECTL" --kubeconfig "$KUBECONFIG")

NS="bench-kube-$RANDOM"
WORK=$(mktemp -d)
cleanup() {
  "${K[@]}" delete namespace "$NS" --wait=false >/dev/null 2>&1 || true
  rm -rf "$WORK"
  if [[ -n "$started" ]]; then "$TB" down --state "$TESTBED_STATE" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

"${K[@]}" create namespace "$NS" >/dev/null
# The live objects both clients compare against (not timed), and the desired ones for kubectl.
"$BENCH" --kubeconfig "$KUBECONFIG" --namespace "$NS" --objects "$OBJECTS" --create
"$BENCH" --kubeconfig "$KUBECONFIG" --namespace "$NS" --objects "$OBJECTS" --qps 0 \
  --write-manifest "$WORK/objects.yaml" >/dev/null  # also warms the server's caches

now() { date +%s.%N; }
vsctl_default=$("$BENCH" --kubeconfig "$KUBECONFIG" --namespace "$NS" --objects "$OBJECTS")
vsctl_unlimited=$("$BENCH" --kubeconfig "$KUBECONFIG" --namespace "$NS" --objects "$OBJECTS" --qps 0)

kubectl_run() {
  "${K[@]}" get configmaps -n "$NS" -l app.kubernetes.io/part-of=bench -o name "$@" >/dev/null
  "${K[@]}" apply --server-side --force-conflicts --dry-run=server -f "$WORK/objects.yaml" "$@" >/dev/null
}
t0=$(now)
kubectl_run
t1=$(now)
# Its requests, counted in a second run at -v=6 (not timed).
kubectl_requests=$(kubectl_run -v=6 2>&1 | grep -c '"Response" verb=' || true)
kubectl_secs=$(echo "$t1 - $t0" | bc -l)

ver=$("$TESTBED_KUBECTL" version --client -o json | python3 -c 'import json,sys; print(json.load(sys.stdin)["clientVersion"]["gitVersion"])')
echo "LIST + dry-run server-side apply of $OBJECTS ConfigMaps, test bed $TESTBED_K8S_VERSION, $(nproc) cores"
echo "  $vsctl_default"
echo "  $vsctl_unlimited"
printf '  kubectl %s (apply --server-side --dry-run=server, after get): %d requests in %.2f s: %.0f requests/s, %.0f objects/s\n' \
  "$ver" "$kubectl_requests" "$kubectl_secs" "$(echo "$kubectl_requests / $kubectl_secs" | bc -l)" \
  "$(echo "$OBJECTS / $kubectl_secs" | bc -l)"
