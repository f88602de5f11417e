# shellcheck shell=bash
# Shared helpers of the `vsctl diff` end-to-end tests (sourced). Each test gets its own
# architecture name and namespace on the test bed, a git repository in a temp directory, and
# compares vsctl's answer with kubectl's server-side diff of the same rendered objects.
#   TESTBED_STATE (from ctest, or exported by hand) names a running test bed;
#   VSCTL is the binary under test.
set -euo pipefail

TEST_NAME=$(basename "$0" .sh)
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
: "${TESTBED_SCRIPT:=$REPO_ROOT/scripts/testbed}"
: "${VSCTL:?VSCTL must name the vsctl binary under test}"

fail() { printf 'FAIL [diff.%s]: %s\n' "$TEST_NAME" "$*" >&2; exit 1; }
info() { printf '[diff.%s] %s\n' "$TEST_NAME" "$*"; }

[[ -n "${TESTBED_STATE:-}" ]] || fail "TESTBED_STATE is not set (run through ctest, or export it)"
# shellcheck disable=SC1090
source <("$TESTBED_SCRIPT" env --state "$TESTBED_STATE") || fail "no test bed at $TESTBED_STATE"
export KUBECONFIG NO_COLOR=1

k() { "$TESTBED_KUBECTL" "$@"; }

WORK=$(mktemp -d)
ARCH="d-${TEST_NAME//_/-}-$RANDOM"
NS=$ARCH
cleanup() {
  k delete namespace "$NS" --wait=false >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# manifest [SERVICES_YAML]: writes architecture.yaml with the test's name and namespace; the
# services block is read from stdin (indented by 4 spaces, under `services:`).
manifest() {
  {
    printf 'apiVersion: vsctl.dev/v1\nkind: Architecture\nmetadata:\n  name: %s\nspec:\n  namespace: %s\n' "$ARCH" "$NS"
    printf '  defaults:\n    resources: { cpu: 100m, memory: 64Mi }\n  services:\n'
    cat
  } >"$WORK/architecture.yaml"
}

# commit MESSAGE: commits the work tree (for REV and --base).
commit() {
  git -C "$WORK" init -q 2>/dev/null || true
  git -C "$WORK" add -A
  git -C "$WORK" -c user.name=test -c user.email=test@example.com commit -qm "$1"
}

render() { "$VSCTL" -C "$WORK" render; }

# apply_rendered: what `vsctl apply` will do, by hand: the rendered objects applied server-side
# with vsctl's field manager.
apply_rendered() {
  render >"$WORK/rendered.yaml"
  k apply --server-side --force-conflicts --field-manager=vsctl -f "$WORK/rendered.yaml" >/dev/null
}

# vsctl_diff [ARGS...]: runs `vsctl diff -o json`; sets DIFF_RC, DIFF_JSON (a file) and DIFF_ERR.
vsctl_diff() {
  DIFF_JSON="$WORK/diff.json"
  DIFF_ERR="$WORK/diff.err"
  set +e
  "$VSCTL" -C "$WORK" diff -o json "$@" >"$DIFF_JSON" 2>"$DIFF_ERR"
  DIFF_RC=$?
  set -e
  if ((DIFF_RC != 0 && DIFF_RC != 1)); then
    cat "$DIFF_ERR" >&2
    fail "vsctl diff exited $DIFF_RC"
  fi
}

# vsctl_text [ARGS...]: the text form, on stdout.
vsctl_text() { "$VSCTL" -C "$WORK" diff "$@" || true; }

# jqr FILTER: a query over the last JSON answer.
jqr() { python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
exec("r = " + sys.argv[2])
if isinstance(r, (list, tuple)):
    print("\n".join(str(x) for x in r))
elif isinstance(r, bool):
    print("true" if r else "false")
else:
    print(r)
' "$DIFF_JSON" "$1"; }

# The objects vsctl reports as changed (any action but None), as kubectl names its diff files:
# "<group>.<version>.<Kind>.<namespace>.<name>" (no group for the core group).
vsctl_changed() {
  jqr '[".".join(x for x in [o["apiVersion"].replace("/", "."), o["kind"], o["namespace"], o["name"]]) for o in d["objects"] if o["action"] not in ("None",) ] ' | sort
}

# The same set from `kubectl diff --server-side --force-conflicts --field-manager=vsctl` of the
# rendered objects.
kubectl_changed() {
  render >"$WORK/rendered.yaml"
  local out rc
  set +e
  out=$(k diff --server-side --force-conflicts --field-manager=vsctl -f "$WORK/rendered.yaml" 2>"$WORK/kdiff.err")
  rc=$?
  set -e
  ((rc <= 1)) || { cat "$WORK/kdiff.err" >&2; fail "kubectl diff exited $rc"; }
  printf '%s\n' "$out" | sed -n 's|^diff -u -N [^ ]*/LIVE-[^/]*/\([^ ]*\) .*|\1|p' | sed 's/\.\././' | sort
}

# same_as_kubectl: vsctl's changed set equals kubectl's; prints both when not.
same_as_kubectl() {
  local mine theirs
  mine=$(vsctl_changed)
  theirs=$(kubectl_changed)
  [[ "$mine" == "$theirs" ]] || fail "vsctl and kubectl disagree on what changes:
vsctl:
$mine
kubectl diff --server-side:
$theirs"
  info "same objects as kubectl diff --server-side: $(echo "$mine" | grep -c . || true)"
}

service_change() { jqr "[s['change'] for s in d['services'] if s['name'] == '$1'][0]"; }

expect_rc() { [[ "$DIFF_RC" == "$1" ]] || { cat "$DIFF_JSON" "$DIFF_ERR" >&2; fail "vsctl diff exited $DIFF_RC, want $1"; }; }
expect_eq() { [[ "$1" == "$2" ]] || fail "$3: got '$1', want '$2'"; }

# shop [KEY=VALUE...]: the services of the test architecture, with overrides:
#   WEB_VERSION (1.0.0), WEB_MIN/WEB_MAX (2/2), WEB_MODE (fast), API (1: with the api service),
#   API_MIN/API_MAX (2/4: autoscaled), SECRET (djE=: the value of web's Secret).
shop() {
  local WEB_VERSION=1.0.0 WEB_MIN=2 WEB_MAX=2 WEB_MODE=fast API=1 API_MIN=2 API_MAX=4 SECRET=djE=
  local kv
  for kv in "$@"; do local "${kv?}"; done
  mkdir -p "$WORK/k8s"
  cat >"$WORK/k8s/web-secret.yaml" <<YAML
apiVersion: v1
kind: Secret
metadata: { name: web-token }
type: Opaque
data: { token: $SECRET, other: b3RoZXI= }
YAML
  {
    cat <<YAML
    web:
      image: example.com/web
      version: $WEB_VERSION
      instances: { min: $WEB_MIN, max: $WEB_MAX }
      ports: [ { name: http, port: 80, target: 8080 } ]
      env: { MODE: $WEB_MODE }
      objects: [ k8s/web-secret.yaml ]
YAML
    if [[ $API == 1 ]]; then
      cat <<YAML
    api:
      image: example.com/api
      version: 2.0.0
      instances: { min: $API_MIN, max: $API_MAX }
      ports: [ { name: grpc, port: 7070 } ]
YAML
    fi
    cat <<YAML
    db:
      image: example.com/db
      version: 1.2.0
      recovery: pet
      storage: [ { name: data, mount: /data, size: 1Gi } ]
      ports: [ { name: db, port: 5432 } ]
YAML
  } | manifest
}
