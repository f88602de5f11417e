# The loop undoes a `kubectl scale` and a `kubectl delete deployment` within one interval, and
# exits 0 on SIGTERM with the lock released.
source "$(dirname "$0")/lib.sh"
manifest init
vs apply --yes >/dev/null 2>&1 || fail "first apply failed"
before=$(records)
start_loop --repo "$WORK" --branch "$(git -C "$WORK" branch --show-current)" --interval 3s
wait_until "the first round to find nothing to do" 30 grep -q "converged at" "$OUT/loop.err"
[[ $(records) == "$before" ]] || fail "a converged round wrote a record"

k -n "$NS" scale deploy/web --replicas=4 >/dev/null
t0=$SECONDS
wait_until "web scaled back to 1" 20 replicas_are web 1
info "scale drift undone in $((SECONDS - t0))s"
grep -q "drift in web" "$OUT/loop.err" || fail "the loop did not report the drift: $(cat "$OUT/loop.err")"

k -n "$NS" delete deployment api --wait=false >/dev/null
t0=$SECONDS
wait_until "api recreated" 20 k -n "$NS" get deploy api
wait_until "api available again" 30 available_is api 1
info "deleted deployment recreated in $((SECONDS - t0))s"
# the round's record completes once api has reached Run
wait_until "the round's record completed" 30 newest_succeeded
rev=$(latest_revision)
[[ $(record_field "$rev" operation) == reconcile ]] || fail "the last record is not a reconcile: $(record_field "$rev" operation)"
[[ $(record_field "$rev" who) == reconciler@* ]] || fail "the record's who: $(record_field "$rev" who)"
[[ $(record_field "$rev" outcome) == succeeded ]] || fail "the reconcile record: $(record_field "$rev" outcome)"
stop_loop
info ok
