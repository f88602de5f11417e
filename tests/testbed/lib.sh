# shellcheck shell=bash
# Shared helpers for the test bed's cluster tests (sourced; bash).
# ctest sets TESTBED_STATE (see tests/testbed/CMakeLists.txt); a developer can instead run a test
# by hand against a running test bed: TESTBED_STATE=/path bash tests/testbed/deployment.sh
set -euo pipefail

TEST_NAME=$(basename "$0" .sh)
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
: "${TESTBED_SCRIPT:=$REPO_ROOT/scripts/testbed}"

fail() { printf 'FAIL [%s]: %s\n' "$TEST_NAME" "$*" >&2; exit 1; }
info() { printf '[%s] %s\n' "$TEST_NAME" "$*"; }

# A test that needs no control plane sets TESTBED_NO_CLUSTER=1 before sourcing this file; the
# helpers below that talk to the cluster (k, api, jp, make_ns...) are then not for it.
if [[ -z "${TESTBED_NO_CLUSTER:-}" ]]; then
  [[ -n "${TESTBED_STATE:-}" ]] || fail "TESTBED_STATE is not set (run through ctest, or export it)"
  # shellcheck disable=SC1090
  source <("$TESTBED_SCRIPT" env --state "$TESTBED_STATE") || fail "no test bed at $TESTBED_STATE"
fi

k() { "$TESTBED_KUBECTL" "$@"; }

# api METHOD PATH [curl args...]: admin request to the API server; prints the body, then the HTTP
# status on a last line of its own.
api() {
  local method=$1 path=$2; shift 2
  curl -sS --max-time 30 --cacert "$TESTBED_CA" -H "Authorization: Bearer $TESTBED_ADMIN_TOKEN" \
    -X "$method" "$@" -w '\n%{http_code}\n' "$TESTBED_SERVER$path"
}

# wait_until SECONDS DESCRIPTION CMD...: polls CMD every 0.5 s; fails the test with DESCRIPTION
# (and what CMD printed last) when it has not succeeded in time.
wait_until() {
  local secs=$1 what=$2; shift 2
  local deadline=$((SECONDS + secs)) out=""
  while true; do
    if out=$("$@" 2>&1); then return 0; fi
    if ((SECONDS >= deadline)); then
      fail "timed out after ${secs}s waiting for: $what${out:+ (last output: ${out:0:400})}"
    fi
    sleep 0.5
  done
}

# jp RESOURCE NAME JSONPATH: one field of one object in the test namespace.
jp() { k get -n "$NS" "$1" "$2" -o "jsonpath=$3"; }

# field_is RESOURCE NAME JSONPATH EXPECTED: succeeds when the field equals EXPECTED.
field_is() {
  local got
  got=$(jp "$1" "$2" "$3")
  [[ "$got" == "$4" ]] || { echo "$1/$2 $3 is '$got', want '$4'"; return 1; }
}

# on_exit CMD...: run CMD when the test ends, whatever the outcome (last registered runs first).
EXIT_CMDS=()
on_exit() { EXIT_CMDS=("$(printf '%q ' "$@")" "${EXIT_CMDS[@]+"${EXIT_CMDS[@]}"}"); }
run_exit_cmds() {
  local c
  for c in "${EXIT_CMDS[@]+"${EXIT_CMDS[@]}"}"; do eval "$c" || true; done
}
trap run_exit_cmds EXIT

# Every test works in its own namespace, deleted when it ends (whatever the outcome).
NS="t-${TEST_NAME//_/-}-$(head -c4 /dev/urandom | od -An -tx1 | tr -d ' \n')"
cleanup_ns() { k delete namespace "$NS" --wait=false --ignore-not-found >/dev/null 2>&1 || true; }
make_ns() {
  k create namespace "$NS" >/dev/null
  on_exit cleanup_ns
  # pods are rejected until the controller manager has made the namespace's ServiceAccount
  wait_until 30 "ServiceAccount default in $NS" k get serviceaccount default -n "$NS"
}
