# An API server that cannot be reached does not end the loop: the rounds fail, the next ones
# wait longer (backoff), and once it is back a round converges again. Through the test bed's
# fault proxy, refusing connections for 8 s.
source "$(dirname "$0")/lib.sh"
manifest init
vs apply --yes >/dev/null 2>&1 || fail "first apply failed"
"$TESTBED_SCRIPT" proxy start "$OUT/p.port" --state "$TESTBED_STATE" >/dev/null 2>&1 || fail "no fault proxy"
proxy_stop() { "$TESTBED_SCRIPT" proxy stop "$OUT/p.port" --state "$TESTBED_STATE" >/dev/null 2>&1 || true; }
LOOP_PID=""
"$VSCTL" -C "$WORK" --kubeconfig "$OUT/p.port.kubeconfig" reconcile --branch "$(git -C "$WORK" branch --show-current)" \
  --interval 1s > "$OUT/loop.out" 2> "$OUT/loop.err" &
LOOP_PID=$!
trap 'proxy_stop; reconcile_cleanup' EXIT
wait_until "a first converged round" 30 grep -q "converged at" "$OUT/loop.err"
"$TESTBED_SCRIPT" proxy cut "$OUT/p.port" 8 --state "$TESTBED_STATE" >/dev/null 2>&1 || fail "the proxy did not cut"
wait_until "a failed round" 20 grep -q "round(s) failed in a row" "$OUT/loop.err"
grep -q "round [0-9]*: cannot" "$OUT/loop.err" || fail "the failed round did not say why: $(tail -5 "$OUT/loop.err")"
kill -0 "$LOOP_PID" || fail "the loop died with the API server"
converged_after_failure() { awk '/failed in a row/{f=1} f && /converged at/{found=1} END{exit !found}' "$OUT/loop.err"; }
wait_until "a converged round after the outage" 60 converged_after_failure
grep -q "next round in 2s" "$OUT/loop.err" || fail "no backoff: $(grep 'failed in a row' "$OUT/loop.err")"
stop_loop
info ok
