# --once: nothing to do writes no record and exits 0; drift is applied and recorded as a
# reconcile; an invalid manifest exits 3; a one-way door exits 8 with nothing changed.
source "$(dirname "$0")/lib.sh"
manifest init
vs apply --yes >/dev/null 2>&1 || fail "first apply failed"
branch=$(git -C "$WORK" branch --show-current)
before=$(records)
vs_rc rc reconcile --once --branch "$branch" > "$OUT/once1.out" 2> "$OUT/once1.err"
[[ $rc == 0 ]] || fail "--once with nothing to do: exit $rc: $(cat "$OUT/once1.err")"
grep -q "converged at" "$OUT/once1.err" || fail "no converged line: $(cat "$OUT/once1.err")"
[[ $(records) == "$before" ]] || fail "--once with nothing to do wrote a record"

k -n "$NS" scale deploy/web --replicas=3 >/dev/null
vs_rc rc reconcile --once --branch "$branch" -o json > "$OUT/once2.out" 2> "$OUT/once2.err"
[[ $rc == 0 ]] || fail "--once after drift: exit $rc: $(cat "$OUT/once2.err")"
python3 - "$OUT/once2.out" <<'PY' || fail "json events: $(cat "$OUT/once2.out")"
import json, sys
events = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
types = [e["type"] for e in events]
assert "Apply" in types and "Applied" in types, types
apply = next(e for e in events if e["type"] == "Apply")
assert apply["verdict"] == "apply" and "drift in web" in apply["message"], apply
assert any(e.get("type") == "StepFinished" and e.get("service") == "web" for e in events), types
PY
[[ $(records) == $((before + 1)) ]] || fail "drift applied without one record"
[[ "$(k -n "$NS" get deploy web -o jsonpath='{.spec.replicas}')" == 1 ]] || fail "replicas not taken back"

printf 'this is: [not yaml\n' >> "$WORK/architecture.yaml"
git -C "$WORK" commit -qam broken
vs_rc rc reconcile --once --branch "$branch" > /dev/null 2> "$OUT/once3.err"
[[ $rc == 3 ]] || fail "an invalid manifest: exit $rc, want 3: $(cat "$OUT/once3.err")"
git -C "$WORK" revert --no-edit HEAD >/dev/null

DB_VERSION=16.3.0 manifest "db 16.3.0"
sed -i 's/size: 1Gi/size: 5Gi/' "$WORK/architecture.yaml"
git -C "$WORK" commit -qam "db volume 5Gi"
before=$(records)
vs_rc rc reconcile --once --branch "$branch" > /dev/null 2> "$OUT/once4.err"
[[ $rc == 8 ]] || fail "a one-way door: exit $rc, want 8: $(cat "$OUT/once4.err")"
grep -q "volume-change" "$OUT/once4.err" || fail "the refusal does not name the door: $(cat "$OUT/once4.err")"
[[ $(records) == "$before" ]] || fail "a refused round wrote a record"
[[ "$(k -n "$NS" get sts db -o jsonpath='{.metadata.labels.app\.kubernetes\.io/version}')" == 16.2.0 ]] || fail "db changed"
info ok
