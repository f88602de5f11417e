#!/usr/bin/env bash
# `scripts/testbed restart-etcd 3` takes etcd away for 3 s while the API server stays up: reads
# and writes fail meanwhile (the API server answers 5xx or times out), and once etcd is back the
# objects written before are still there and new writes succeed. Runs alone (RUN_SERIAL).
# shellcheck source=tests/testbed/lib.sh
source "$(dirname "$0")/lib.sh"
make_ns
k create configmap before -n "$NS" --from-literal=k=v >/dev/null
log=$(mktemp)
on_exit rm -f "$log"
"$TESTBED_SCRIPT" restart-etcd 3 --state "$TESTBED_STATE" > "$log" 2>&1 &
pid=$!
down=0
for _ in $(seq 1 40); do
  if ! k get configmap before -n "$NS" --request-timeout=2s >/dev/null 2>&1; then down=1; break; fi
  sleep 0.1
done
wait "$pid" || fail "restart-etcd failed: $(cat "$log")"
((down)) || fail "the API never failed a read while etcd was away"
st=$("$TESTBED_SCRIPT" status --state "$TESTBED_STATE") || fail "the test bed is not healthy: $st"
[[ "$st" == *"etcd: running"* ]] || fail "etcd is not running: $st"
[[ "$(k get configmap before -n "$NS" -o jsonpath='{.data.k}')" == v ]] || fail "the object written before is gone"
wait_until 30 "a write after the restart" k create configmap after -n "$NS" --from-literal=k=v
info ok
