# A SIGKILLed apply leaves its lease and an in-progress record. While the lease is live, another
# apply exits 7 naming it and its last renewal; once it has expired (30 s + the 5 s clock
# allowance), nobody holds it: history reads the record as abandoned, and the next run (a
# reconcile round, no --wait-for-lock) takes the lock over at once, says whose it was, closes the
# dead run's record truthfully and converges. kubectl is the witness of the lease and the records.
source "$(dirname "$0")/../reconcile/lib.sh"
manifest init
vs apply --yes >/dev/null 2>&1 || fail "first apply failed"
API_IMAGE=example.com/neverready API_VERSION=1.1.0 manifest stuck
"$VSCTL" -C "$WORK" apply --yes --timeout 120s > "$OUT/killed" 2>&1 &
victim=$!
for _ in $(seq 1 100); do
  [[ -n "$(k -n "$NS" get lease vsctl-lock-fx -o jsonpath='{.spec.holderIdentity}' 2>/dev/null)" ]] && break
  sleep 0.1
done
in_progress() { grep -q . <<<"$(k -n "$NS" get secret -l vsctl.dev/record=fx,vsctl.dev/outcome=in-progress -o name)"; }
wait_until "the killed run's record" 20 in_progress
sleep 2
kill -KILL "$victim"
wait "$victim" 2>/dev/null || true
killed_at=$SECONDS
dead_rev=$(latest_revision)
[[ "$(record_field "$dead_rev" outcome)" == in-progress ]] || fail "the killed run's record: $(record_field "$dead_rev" outcome)"

# the lease is still live: a plain apply refuses at once, naming the holder and its last renewal
vs_rc rc apply --yes > /dev/null 2> "$OUT/second"
[[ $rc == 7 ]] || fail "apply against a live lease: exit $rc, want 7: $(cat "$OUT/second")"
grep -q "locked by .*(apply, pid $victim) since .*, last renewed [0-9]*s ago (Lease $NS/vsctl-lock-fx, free once not renewed for 30s)" "$OUT/second" ||
  fail "the refusal: $(cat "$OUT/second")"

# once expired, nobody holds it: history says abandoned without anyone having written anything
wait_for=$((killed_at + 37 - SECONDS))
((wait_for > 0)) && sleep "$wait_for"
vs history -o json > "$OUT/h1" || fail "history failed"
[[ "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["records"][0]["outcome"])' "$OUT/h1")" == abandoned ]] || fail "history of the dead run: $(cat "$OUT/h1")"
[[ "$(record_field "$dead_rev" outcome)" == in-progress ]] || fail "history wrote the record"
vs status > "$OUT/status" 2>&1 || true
grep -q "in-progress" "$OUT/status" && fail "status shows the dead run as running: $(cat "$OUT/status")"

# a reconcile round takes the lock over at once and converges the committed VersionSet
API_VERSION=1.1.0 manifest fixed
branch=$(git -C "$WORK" branch --show-current)
start=$SECONDS
vs_rc rc reconcile --once --branch "$branch" > "$OUT/once.out" 2> "$OUT/once.err"
[[ $rc == 0 ]] || fail "reconcile after the dead run: exit $rc: $(tail -5 "$OUT/once.err")"
((SECONDS - start < 60)) || fail "reconcile took $((SECONDS - start))s"
grep -q "took over the expired lock of .*(apply, pid $victim), holding it since .*, last renewed .*s ago; the lease lasts 30s)" "$OUT/once.err" ||
  fail "the takeover was not said: $(cat "$OUT/once.err")"
grep -q "closed revision $dead_rev (apply by .*) as abandoned: its run stopped without finishing" "$OUT/once.err" ||
  fail "closing the dead record was not said: $(cat "$OUT/once.err")"
[[ "$(record_field "$dead_rev" outcome)" == abandoned ]] || fail "stored outcome of the dead run: $(record_field "$dead_rev" outcome)"
grep -qx abandoned <<<"$(k -n "$NS" get secret "vsctl.fx.v$dead_rev" -o jsonpath='{.metadata.labels.vsctl\.dev/outcome}')" || fail "outcome label"
changed=$(k -n "$NS" get secret "vsctl.fx.v$dead_rev" -o jsonpath='{.data.record}' | base64 -d | gzip -dc |
  python3 -c 'import json,sys; print(" ".join(c["name"]+"="+c["outcome"]+":"+c["reason"] for c in json.load(sys.stdin)["changed"]))')
[[ "$changed" == *"api=abandoned:live at 1.1.0 when taken over"* ]] || fail "the dead run's services: $changed"
new_rev=$(latest_revision)
[[ "$(record_field "$new_rev" outcome)" == succeeded ]] || fail "the reconcile record: $(record_field "$new_rev" outcome)"
[[ "$(record_field "$new_rev" takeover)" == *"closed revision $dead_rev as abandoned"* ]] || fail "takeover not recorded"
[[ "$(k -n "$NS" get deploy api -o jsonpath='{.metadata.labels.app\.kubernetes\.io/version}')" == 1.1.0 ]] || fail "api not at 1.1.0"
[[ -z "$(k -n "$NS" get lease vsctl-lock-fx -o jsonpath='{.spec.holderIdentity}')" ]] || fail "lock not released"
info ok
