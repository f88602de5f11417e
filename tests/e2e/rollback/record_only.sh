# A whole rollback works from the cluster's record alone: no repository, the namespace named.
source "$(dirname "$0")/lib.sh"
three_versions
rm -rf "$WORK"
mkdir -p "$OUT/elsewhere"
set +e
"$VSCTL" -C "$OUT/elsewhere" -n "$NS" rollback --to-revision 1 --yes -o json > "$OUT/ev" 2> "$OUT/err"
rc=$?
set -e
[[ $rc == 0 ]] || fail "rollback from the record exits $rc: $(cat "$OUT/err")"
[[ "$(order "$OUT/ev")" == "web:Rollback api:Rollback db:Rollback" ]] || fail "steps: '$(order "$OUT/ev")'"
[[ "$(versions)" == "db=16.2.0 api=1.0.0 web=2.0.0" ]] || fail "after the rollback: $(versions)"
[[ "$(operation 4)" == rollback ]] || fail "record 4 says $(operation 4), want rollback"
# and back to where it was, one VersionSet before the rollback
"$VSCTL" -C "$OUT/elsewhere" -n "$NS" rollback --yes -o json > "$OUT/ev" 2> "$OUT/err" || fail "second rollback failed: $(cat "$OUT/err")"
# every service moves forward again: dependencies first, as apply would
[[ "$(order "$OUT/ev")" == "db:Update api:Update web:Update" ]] || fail "forward steps: '$(order "$OUT/ev")'"
[[ "$(versions)" == "db=16.3.0 api=1.1.0 web=2.1.0" ]] || fail "after rolling back the rollback: $(versions)"
info ok
