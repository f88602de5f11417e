# Rolling back one service whose older version needs an older dependency moves both, the
# dependent first, both in the Rollback state; the other service stays as it runs. Recorded as
# a rollback.
source "$(dirname "$0")/lib.sh"
three_versions
[[ "$(versions)" == "db=16.3.0 api=1.1.0 web=2.1.0" ]] || fail "after three applies: $(versions)"

vs rollback web --dry-run > "$OUT/dry" 2> "$OUT/dry.err" || fail "dry run failed: $(cat "$OUT/dry.err")"
grep -q "web  *2.1.0 -> 2.0.0" "$OUT/dry.err" || fail "the dry run does not move web: $(cat "$OUT/dry.err")"
grep -q "api  *1.1.0 -> 1.0.0.*dragged: web's range on api \"~1.0\" does not admit api 1.1.0" "$OUT/dry.err" ||
  fail "the dry run does not say why api is dragged: $(cat "$OUT/dry.err")"
[[ "$(versions)" == "db=16.3.0 api=1.1.0 web=2.1.0" ]] || fail "the dry run changed something: $(versions)"

vs rollback web --yes -o json > "$OUT/ev" 2> "$OUT/err" || fail "rollback failed: $(cat "$OUT/err")"
[[ "$(order "$OUT/ev")" == "web:Rollback api:Rollback" ]] || fail "steps are '$(order "$OUT/ev")', want web then api, both Rollback"
python3 - "$OUT/ev" <<'PY' || fail "the event stream does not show the moves and Rollback states"
import json, sys
events = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
plan = [e for e in events if e.get("type") == "RollbackPlan"][0]
moves = [(m["service"], m["from"], m["to"], m["named"]) for m in plan["moves"]]
assert moves == [("web", "2.1.0", "2.0.0", True), ("api", "1.1.0", "1.0.0", False)], moves
states = {(e["service"], e["state"]) for e in events if e.get("type") in ("StepStarted", "State") and e.get("service")}
assert ("web", "Rollback") in states and ("api", "Rollback") in states, states
assert [e["outcome"] for e in events if e.get("type") == "Summary"] == ["succeeded"]
PY
[[ "$(versions)" == "db=16.3.0 api=1.0.0 web=2.0.0" ]] || fail "after the rollback: $(versions)"
[[ "$(operation 4)" == rollback ]] || fail "record 4 says $(operation 4), want rollback"
# the repository is clean: the named rollback's record is not shown as a dirty tree
[[ -z "$(git -C "$WORK" status --porcelain)" ]] || fail "the test repository is not clean"
vs history > "$OUT/history" || fail "history failed"
grep -q dirty <<<"$(grep -E "^4 +rollback " "$OUT/history")" && fail "a clean repository's rollback shows as dirty: $(grep -E '^4 ' "$OUT/history")"

# already there: nothing moves
vs rollback web --to-revision 1 --yes > "$OUT/again" 2>&1 || fail "a rollback to where it is failed: $(cat "$OUT/again")"
grep -q "nothing to roll back: web already runs 2.0.0" "$OUT/again" || fail "$(cat "$OUT/again")"
info ok
