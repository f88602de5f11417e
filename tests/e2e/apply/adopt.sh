# An existing object vsctl does not own refuses the apply (exit 8, naming --adopt); --adopt
# takes it over.
source "$(dirname "$0")/lib.sh"
manifest init
k create namespace "$NS" >/dev/null
k -n "$NS" create deployment web --image=example.com/web:0.1 >/dev/null
vs_rc rc apply --yes > "$OUT/out" 2>&1
[[ $rc == 8 ]] || fail "exit $rc, want 8: $(cat "$OUT/out")"
grep -q -- "--adopt" "$OUT/out" || fail "the message does not name --adopt"
vs apply --yes --adopt --allow=immutable-field > "$OUT/adopt" 2>&1 || fail "apply --adopt failed: $(tail -5 "$OUT/adopt")"
[[ "$(k -n "$NS" get deploy web -o jsonpath='{.metadata.labels.app\.kubernetes\.io/part-of}')" == fx ]] || fail "web not taken over"
info ok
