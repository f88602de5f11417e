# shellcheck shell=bash
# Helpers for the reconcile tests (sourced), on top of the apply tests' helpers and fixture
# architecture (db <- api <- web). ctest sets TESTBED_STATE and VSCTL; by hand:
#   TESTBED_STATE=/path VSCTL=build/src/vsctl bash tests/e2e/reconcile/drift.sh
# shellcheck disable=SC1091
source "$(dirname "${BASH_SOURCE[0]}")/../apply/lib.sh"

LOOP_PID=""
# start_loop ARGS...: `vsctl reconcile ARGS` in the background; its stdout and stderr in $OUT/loop.out, $OUT/loop.err
start_loop() {
  "$VSCTL" -C "$WORK" reconcile "$@" > "$OUT/loop.out" 2> "$OUT/loop.err" &
  LOOP_PID=$!
}
# stop_loop: SIGTERM, then the loop must exit 0 within 30 s and leave the lock free
stop_loop() {
  [[ -n "$LOOP_PID" ]] || fail "no loop is running"
  kill -TERM "$LOOP_PID"
  local rc
  for _ in $(seq 1 300); do kill -0 "$LOOP_PID" 2>/dev/null || break; sleep 0.1; done
  kill -0 "$LOOP_PID" 2>/dev/null && fail "the loop did not stop within 30 s of SIGTERM: $(tail -5 "$OUT/loop.err")"
  set +e; wait "$LOOP_PID"; rc=$?; set -e
  LOOP_PID=""
  [[ $rc == 0 ]] || fail "the loop exited $rc after SIGTERM, want 0: $(tail -5 "$OUT/loop.err")"
  grep -q "stopped by a signal" <<<"$(cat "$OUT/loop.err" "$OUT/loop.out")" || fail "the loop did not say it stopped: $(tail -3 "$OUT/loop.err")"
  [[ -z "$(k -n "$NS" get lease vsctl-lock-fx -o jsonpath='{.spec.holderIdentity}' 2>/dev/null)" ]] || fail "the lock is still held"
}
reconcile_cleanup() {
  [[ -n "$LOOP_PID" ]] && kill -KILL "$LOOP_PID" 2>/dev/null
  [[ -n "${HOOK_PID:-}" ]] && kill "$HOOK_PID" 2>/dev/null
  cleanup
}
trap reconcile_cleanup EXIT

# wait_until DESCRIPTION SECONDS COMMAND...: polls COMMAND every 0.5 s
wait_until() {
  local what=$1 secs=$2
  shift 2
  local end=$((SECONDS + secs))
  until "$@" >/dev/null 2>&1; do
    ((SECONDS < end)) || fail "waited ${secs}s for $what; loop said: $(tail -8 "$OUT/loop.err" 2>/dev/null)"
    sleep 0.5
  done
}

# records: how many record headers the architecture has
records() { k -n "$NS" get secret -l vsctl.dev/record=fx,vsctl.dev/part=header -o name | wc -l; }
# record_field N FIELD: a field of the header of revision N
record_field() {
  k -n "$NS" get secret "vsctl.fx.v$1" -o jsonpath='{.data.record}' | base64 -d | gzip -dc |
    python3 -c 'import json,sys; print(json.load(sys.stdin).get(sys.argv[1], ""))' "$2"
}
latest_revision() {
  k -n "$NS" get secret -l vsctl.dev/record=fx,vsctl.dev/part=header -o jsonpath='{range .items[*]}{.metadata.labels.vsctl\.dev/revision}{"\n"}{end}' | sort -n | tail -1
}
# set_image SERVICE IMAGE: changes a service's image in the manifest and commits (the apply
# fixture names only api's image as a variable)
set_image() {
  python3 - "$WORK/architecture.yaml" "$1" "$2" <<'PY'
import re, sys
path, service, image = sys.argv[1:]
text = open(path).read()
text = re.sub(r"(\n    %s:\n      image: )\S+" % re.escape(service), r"\g<1>" + image, text)
open(path, "w").write(text)
PY
  git -C "$WORK" commit -qam "$1 image $2"
}
pod_uids() { k -n "$NS" get pods -l "app.kubernetes.io/name=$1" -o jsonpath='{range .items[*]}{.metadata.uid}{"\n"}{end}' | sort; }
# predicates for wait_until (evaluated on every poll)
replicas_are() { [[ "$(k -n "$NS" get deploy "$1" -o jsonpath='{.spec.replicas}' 2>/dev/null)" == "$2" ]]; }
available_is() { [[ "$(k -n "$NS" get deploy "$1" -o jsonpath='{.status.availableReplicas}' 2>/dev/null)" == "$2" ]]; }
image_is() { [[ "$(image_of "$1" 2>/dev/null)" == "$2" ]]; }
# the newest record is complete and succeeded (a round writes it in progress first, then waits
# for its services to reach Run)
newest_succeeded() { [[ "$(record_field "$(latest_revision)" outcome 2>/dev/null)" == succeeded ]]; }
recorded_commit_is() { [[ "$(record_field "$(latest_revision)" commit 2>/dev/null)" == "$1" ]]; }
lines_at_least() { [[ "$(grep -c -- "$1" "$2")" -ge "$3" ]]; }
