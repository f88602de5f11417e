# shellcheck shell=bash
# Helpers for the apply tests (sourced). ctest sets TESTBED_STATE and VSCTL; by hand:
#   TESTBED_STATE=/path VSCTL=build/src/vsctl bash tests/e2e/apply/fresh.sh
set -euo pipefail
TEST_NAME=$(basename "$0" .sh)
REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)
: "${TESTBED_SCRIPT:=$REPO_ROOT/scripts/testbed}"
: "${VSCTL:=$REPO_ROOT/build/src/vsctl}"
fail() { printf 'FAIL [%s]: %s\n' "$TEST_NAME" "$*" >&2; exit 1; }
info() { printf '[%s] %s\n' "$TEST_NAME" "$*"; }
[[ -n "${TESTBED_STATE:-}" ]] || fail "TESTBED_STATE is not set"
# shellcheck disable=SC1090
source <("$TESTBED_SCRIPT" env --state "$TESTBED_STATE") || fail "no test bed at $TESTBED_STATE"
k() { "$TESTBED_KUBECTL" "$@"; }

NS="ap-${TEST_NAME//_/-}-$(head -c3 /dev/urandom | od -An -tx1 | tr -d ' \n')"
WORK=$(mktemp -d)  # the repository
OUT=$(mktemp -d)   # what the test writes (outside the repository, which must stay clean)
cleanup() {
  [[ -n "${KEEP_OUT:-}" ]] && cp -r "$OUT" "$KEEP_OUT" 2>/dev/null  # KEEP_OUT=DIR: keep what the test wrote
  [[ -z "${PROM_STATE:-}" ]] || "$TESTBED_SCRIPT" prometheus-down --state "$PROM_STATE" >/dev/null 2>&1 || true
  k delete namespace "$NS" --wait=false --ignore-not-found >/dev/null 2>&1 || true
  [[ -z "${TEST_NODES:-}" ]] || k delete nodes -l "vsctl-test-owner=$NS" --wait=false --ignore-not-found >/dev/null 2>&1 || true
  rm -rf "$WORK" "$OUT"
}
trap cleanup EXIT
git -C "$WORK" init -q
git -C "$WORK" config user.email test@example.com
git -C "$WORK" config user.name test

# The fixture architecture: db (a pet) <- api <- web. Variables pick versions and variants.
DB_VERSION=16.2.0 API_VERSION=1.0.0 API_IMAGE=example.com/api WEB_VERSION=2.0.0 WEB_MIN=1 WEB=1 API_HOOK="" API_TIMEOUT=""
manifest() {
  {
    cat <<YAML
apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: fx }
spec:
  namespace: $NS
  defaults: { resources: { cpu: 10m, memory: 16Mi } }
  services:
    db:
      image: example.com/postgres
      version: $DB_VERSION
      recovery: pet
      importance: critical
      storage: [ { name: data, mount: /data, size: 1Gi } ]
      ports: [ { name: pg, port: 5432 } ]
    api:
      image: $API_IMAGE
      version: $API_VERSION
      ports: [ { name: http, port: 8080 } ]
      dependsOn: { db: ">=16" }
YAML
    [[ -n "$API_HOOK" ]] && printf '      hooks:\n        preUpdate: { image: %s, version: "1", command: [ migrate ], timeout: 5s }\n' "$API_HOOK"
    if [[ "$WEB" == 1 ]]; then
      cat <<YAML
    web:
      image: example.com/web
      version: $WEB_VERSION
      instances: { min: $WEB_MIN, max: $WEB_MIN }
      ports: [ { name: http, port: 80, target: 8080 } ]
      dependsOn: { api: "^1" }
YAML
    fi
  } > "$WORK/architecture.yaml"
  git -C "$WORK" add -A
  git -C "$WORK" commit -qm "${1:-change}" --allow-empty
}

# add_nodes COUNT CPU MEMORY [POOL]: fake nodes of this test only, $NS-node-N..., labelled
# pool=POOL (default $NS) and tainted capacity-test=$NS:NoSchedule so that only pods placed by
# PLACEMENT (or placed on POOL with that toleration) run there; kwok makes them Ready. Removed
# at exit.
PLACEMENT="placement: { nodeSelector: { pool: $NS }, tolerations: [ { key: capacity-test, value: $NS, effect: NoSchedule } ] }"
add_nodes() {
  local count=$1 cpu=$2 memory=$3 pool=${4:-$NS} i first=$((${TEST_NODES:-0} + 1))
  for ((i = first; i < first + count; i++)); do
    cat <<YAML
---
apiVersion: v1
kind: Node
metadata:
  name: $NS-node-$i
  labels: { pool: $pool, vsctl-test-owner: $NS, type: kwok, kubernetes.io/hostname: $NS-node-$i }
  annotations: { node.alpha.kubernetes.io/ttl: "0", kwok.x-k8s.io/node: fake }
spec:
  taints: [ { key: capacity-test, value: $NS, effect: NoSchedule } ]
status:
  allocatable: { cpu: "$cpu", memory: $memory, pods: "110" }
  capacity: { cpu: "$cpu", memory: $memory, pods: "110" }
YAML
  done | k apply -f - >/dev/null
  TEST_NODES=$((first + count - 1))
  local deadline=$((SECONDS + 30))
  # Ready, and rid of the node.kubernetes.io/not-ready taint the API server puts on a new node
  # (the controller takes it off on its own time, sometimes after Ready): until then the
  # scheduler, and the capacity check with it, rightly see no room there.
  until [[ $(k get nodes -l "vsctl-test-owner=$NS" -o jsonpath='{range .items[*]}{.status.conditions[?(@.type=="Ready")].status} {.spec.taints[*].key}{"\n"}{end}' | grep -c '^True capacity-test$') == "$TEST_NODES" ]]; do
    ((SECONDS < deadline)) || fail "the test's nodes did not become Ready and untainted"
    sleep 0.5
  done
}
# pods_in PHASE_OR_UNSCHEDULABLE SERVICE: how many of SERVICE's pods kubectl sees bound to a node
# ("bound") or Pending as Unschedulable ("unschedulable")
pods_in() {
  k -n "$NS" get pods -l "app.kubernetes.io/name=$2" -o json | python3 -c '
import json, sys
want = sys.argv[1]
n = 0
for p in json.load(sys.stdin)["items"]:
    if p["metadata"].get("deletionTimestamp"): continue
    unsched = any(c["type"] == "PodScheduled" and c["status"] == "False" and c.get("reason") == "Unschedulable"
                  for c in p.get("status", {}).get("conditions", []))
    if want == "bound" and p["spec"].get("nodeName"): n += 1
    if want == "unschedulable" and unsched: n += 1
print(n)' "$1"
}

vs() { "$VSCTL" -C "$WORK" "$@"; }
# vs_rc VAR ARGS...: runs vsctl, stores its exit code in VAR (the test goes on)
vs_rc() { local __v=$1; shift; set +e; "$VSCTL" -C "$WORK" "$@"; printf -v "$__v" '%d' $?; set -e; }

# events FILE TYPE: service names of events of TYPE, in order
events() { python3 -c '
import json, sys
out = []
for line in open(sys.argv[1]):
    line = line.strip()
    if not line.startswith("{"): continue
    try: e = json.loads(line)
    except ValueError: continue  # a line still being written by a run in the background
    if e.get("type") == sys.argv[2] and e.get("service"): out.append(" ".join([e["service"], e.get("change",""), e.get("outcome",""), e.get("reason","")]))
try:
    sys.stdout.write("".join(l + "\n" for l in out))
    sys.stdout.flush()
except BrokenPipeError:  # a reader that stopped early (grep -q) has what it wanted: not a failure
    import os
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
' "$1" "$2"; }
image_of() { k -n "$NS" get deploy "$1" -o jsonpath='{.spec.template.spec.containers[0].image}'; }

# Prometheus scraping the request exporter every second, for rollout analysis (the test declares
# FIXTURES_REQUIRED "testbed;prometheus"; docs/testbed.md). prometheus_up [--series APP:TRACK,...]
# (default cart:stable,cart:canary) starts them in a subdirectory of the test bed's state dir, so
# that testbed.down stops them should the test be cut short, and sets PROMETHEUS_URL and
# EXPORTER_URL; cleanup stops them.
PROM_STATE=""
prometheus_up() {
  local out
  PROM_STATE="$TESTBED_STATE/prometheus-$NS"
  out=$("$TESTBED_SCRIPT" prometheus-up --state "$PROM_STATE" "$@" 2>"$OUT/prometheus-up.err") ||
    fail "scripts/testbed prometheus-up failed: $(tail -n 5 "$OUT/prometheus-up.err")"
  eval "$out"
}
# error_rate APP TRACK RATE: from now on a share RATE (0..1) of APP/TRACK's requests have code 500
error_rate() {
  curl -sf --max-time 5 -X POST "$EXPORTER_URL/error-rate?app=$1&track=$2&rate=$3" >/dev/null ||
    fail "the exporter refused error rate $3 for $1/$2"
}
# prom_query PROMQL: the value of the first sample of an instant query ("" when there is none)
prom_query() {
  local body
  body=$(curl -sf --max-time 5 "$PROMETHEUS_URL/api/v1/query" --data-urlencode "query=$1") || return 1
  python3 -c '
import json, sys
r = json.loads(sys.argv[1])["data"]["result"]
print(r[0]["value"][1] if r else "")' "$body"
}
