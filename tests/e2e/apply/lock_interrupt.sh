# Two applies at once: the second exits 7 naming the first. SIGINT stops the first: exit 130,
# lock released, record says interrupted; a rerun converges.
source "$(dirname "$0")/lib.sh"
manifest init
vs apply --yes >/dev/null 2>&1 || fail "first apply failed"
API_IMAGE=example.com/neverready API_VERSION=1.1.0 manifest stuck
"$VSCTL" -C "$WORK" apply --yes --timeout 120s > "$OUT/first" 2>&1 &
first=$!
for _ in $(seq 1 100); do
  [[ -n "$(k -n "$NS" get lease vsctl-lock-fx -o jsonpath='{.spec.holderIdentity}' 2>/dev/null)" ]] && break
  sleep 0.1
done
vs_rc rc apply --yes > "$OUT/second" 2>&1
[[ $rc == 7 ]] || fail "second apply: exit $rc, want 7: $(cat "$OUT/second")"
grep -q "locked by .*(apply, pid [0-9]*) since" "$OUT/second" || fail "the message does not name the first: $(cat "$OUT/second")"
sleep 1
kill -INT "$first"
set +e; wait "$first"; rc=$?; set -e
[[ $rc == 130 ]] || fail "interrupted apply: exit $rc, want 130: $(tail -5 "$OUT/first")"
[[ -z "$(k -n "$NS" get lease vsctl-lock-fx -o jsonpath='{.spec.holderIdentity}')" ]] || fail "lock not released"
grep -q . <<<"$(k -n "$NS" get secret -l vsctl.dev/record=fx,vsctl.dev/outcome=interrupted -o name)" || fail "no interrupted record"
API_VERSION=1.1.0 manifest fixed
vs apply --yes >/dev/null 2>&1 || fail "rerun did not converge"
info ok
