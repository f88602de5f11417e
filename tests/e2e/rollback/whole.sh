# Without a service the whole architecture goes back to the newest record that converged before
# the current one; --to-revision N goes to record N. Dependents move first.
source "$(dirname "$0")/lib.sh"
three_versions
vs rollback --yes -o json > "$OUT/ev" 2> "$OUT/err" || fail "rollback failed: $(cat "$OUT/err")"
[[ "$(order "$OUT/ev")" == "db:Rollback" ]] || fail "one VersionSet back moves only db: '$(order "$OUT/ev")'"
[[ "$(versions)" == "db=16.2.0 api=1.1.0 web=2.1.0" ]] || fail "after rolling back one VersionSet: $(versions)"
[[ "$(operation 4)" == rollback ]] || fail "record 4 says $(operation 4), want rollback"

vs rollback --to-revision 1 --yes -o json > "$OUT/ev" 2> "$OUT/err" || fail "rollback to revision 1 failed: $(cat "$OUT/err")"
[[ "$(order "$OUT/ev")" == "web:Rollback api:Rollback" ]] || fail "to revision 1: '$(order "$OUT/ev")', want web then api"
[[ "$(versions)" == "db=16.2.0 api=1.0.0 web=2.0.0" ]] || fail "after rolling back to revision 1: $(versions)"

vs_rc rc rollback --to-revision 42 --yes > "$OUT/none" 2>&1
[[ $rc == 2 ]] || fail "an unknown revision exits $rc, want 2: $(cat "$OUT/none")"
grep -q "no such record" "$OUT/none" || fail "$(cat "$OUT/none")"
info ok
