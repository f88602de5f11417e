# shellcheck shell=bash
# Helpers for the fleet tests (sourced): two control planes, "stg" (the test bed's) and "prod"
# (a second one), one kubeconfig with a context for each, and an architecture whose
# environments are staging (context stg) and production-eu and production-us (context prod, a
# namespace each), promoted in two stages. By hand:
#   TESTBED_STATE=/a TESTBED_PROD_STATE=/b VSCTL=build/src/vsctl bash tests/e2e/fleet/promote.sh
set -euo pipefail
TEST_NAME=$(basename "$0" .sh)
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
: "${TESTBED_SCRIPT:=$REPO_ROOT/scripts/testbed}"
: "${VSCTL:=$REPO_ROOT/build/src/vsctl}"
fail() { printf 'FAIL [%s]: %s\n' "$TEST_NAME" "$*" >&2; exit 1; }
info() { printf '[%s] %s\n' "$TEST_NAME" "$*"; }
[[ -n "${TESTBED_STATE:-}" ]] || fail "TESTBED_STATE is not set"
[[ -n "${TESTBED_PROD_STATE:-}" ]] || fail "TESTBED_PROD_STATE is not set"

WORK=$(mktemp -d)  # the repository
OUT=$(mktemp -d)   # what the test writes
FLEET_KUBECONFIG="$OUT/kubeconfig"

# fleet_context NAME STATE: appends a context NAME for the admin of the test bed at STATE.
CONTEXTS=()
fleet_context() {
  local name=$1 state=$2
  # shellcheck disable=SC1090
  source <("$TESTBED_SCRIPT" env --state "$state") || fail "no test bed at $state"
  CONTEXTS+=("$name|$TESTBED_SERVER|$(base64 -w0 <"$TESTBED_CA")|$TESTBED_ADMIN_TOKEN")
}
write_kubeconfig() {
  {
    echo "apiVersion: v1"
    echo "kind: Config"
    echo "clusters:"
    local c name server ca token
    for c in "${CONTEXTS[@]}"; do
      IFS='|' read -r name server ca token <<<"$c"
      printf -- '- name: %s\n  cluster:\n    server: %s\n    certificate-authority-data: %s\n' "$name" "$server" "$ca"
    done
    echo "users:"
    for c in "${CONTEXTS[@]}"; do
      IFS='|' read -r name server ca token <<<"$c"
      printf -- '- name: %s\n  user:\n    token: %s\n' "$name" "$token"
    done
    echo "contexts:"
    for c in "${CONTEXTS[@]}"; do
      IFS='|' read -r name server ca token <<<"$c"
      printf -- '- name: %s\n  context: { cluster: %s, user: %s }\n' "$name" "$name" "$name"
    done
    echo "current-context: stg"
  } >"$FLEET_KUBECONFIG"
  chmod 600 "$FLEET_KUBECONFIG"
}
fleet_context stg "$TESTBED_STATE"
fleet_context prod "$TESTBED_PROD_STATE"
write_kubeconfig
export KUBECONFIG=$FLEET_KUBECONFIG  # sourcing a test bed's env set it to that one cluster's

k() { "$TESTBED_KUBECTL" "$@"; }
kstg() { k --context stg "$@"; }
kprod() { k --context prod "$@"; }

NS="fl-${TEST_NAME//_/-}-$(head -c3 /dev/urandom | od -An -tx1 | tr -d ' \n')"
cleanup() {
  kstg delete namespace "$NS" --wait=false --ignore-not-found >/dev/null 2>&1 || true
  kprod delete namespace "$NS-eu" "$NS-us" --wait=false --ignore-not-found >/dev/null 2>&1 || true
  rm -rf "$WORK" "$OUT"
}
trap cleanup EXIT
git -C "$WORK" init -q -b main
git -C "$WORK" config user.email test@example.com
git -C "$WORK" config user.name test

# db (a pet) <- api <- web; variables pick versions, the soak, the approval and overrides.
API_VERSION=1.0.0 WEB_VERSION=2.0.0 SOAK="" APPROVAL=auto API_IMAGE=example.com/api US_API_IMAGE=example.com/api EXTRA_ENVS=""
manifest() {
  local after=""
  [[ -z "$SOAK" ]] || after="after: { soak: $SOAK }"
  cat >"$WORK/architecture.yaml" <<YAML
apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: fx }
spec:
  namespace: $NS
  defaults: { resources: { cpu: 10m, memory: 16Mi } }
  environments:
    staging: { context: stg }
    production-eu: { context: prod, namespace: $NS-eu }
    production-us:
      context: prod
      namespace: $NS-us
      services: { api: { image: $US_API_IMAGE } }
$EXTRA_ENVS
  promotion:
    - stage: staging
    - stage: production
      environments: [ production-eu, production-us ]
      $after
      approval: $APPROVAL
  services:
    db:
      image: example.com/postgres
      version: 16.2.0
      ports: [ { name: pg, port: 5432 } ]
    api:
      image: $API_IMAGE
      version: $API_VERSION
      ports: [ { name: http, port: 8080 } ]
      dependsOn: { db: ">=16" }
    web:
      image: example.com/web
      version: $WEB_VERSION
      ports: [ { name: http, port: 80, target: 8080 } ]
      dependsOn: { api: "^1" }
YAML
  git -C "$WORK" add -A
  git -C "$WORK" commit -qm "${1:-change}" --allow-empty
}
vs() { "$VSCTL" --no-color -C "$WORK" "$@"; }
vs_rc() { local __v=$1; shift; set +e; vs "$@"; printf -v "$__v" '%s' $?; set -e; }
head_commit() { git -C "$WORK" rev-parse HEAD; }
# version CONTEXT NAMESPACE DEPLOYMENT: the version label of the live Deployment
version() { k --context "$1" -n "$2" get deploy "$3" -o jsonpath='{.metadata.labels.app\.kubernetes\.io/version}' 2>/dev/null || true; }
