# history lists the applies newest first with outcome and changed services, as text and JSON,
# from the repository and from the namespace alone; several architectures need --architecture.
source "$(dirname "$0")/lib.sh"
manifest init
vs apply --yes >/dev/null 2>&1 || fail "first apply failed"
API_VERSION=1.1.0 manifest bump
vs apply --yes >/dev/null 2>&1 || fail "second apply failed"
commit=$(git -C "$WORK" rev-parse HEAD)

vs history > "$OUT/h" || fail "history failed"
grep -q "^architecture fx in namespace $NS: 2 record(s)" "$OUT/h" || fail "header: $(cat "$OUT/h")"
newest="^2 +apply +${commit:0:12} +- +[^ ]+ +[0-9-]+ [0-9:]+ +[0-9]+s +succeeded +1: api 1[.]0[.]0->1[.]1[.]0$"
[[ "$(sed -n 3p "$OUT/h")" =~ $newest ]] || fail "newest row: $(sed -n 3p "$OUT/h")"
first="^1 +apply .*succeeded +3: db [+]16[.]2[.]0, api [+]1[.]0[.]0, web [+]2[.]0[.]0$"
[[ "$(sed -n 4p "$OUT/h")" =~ $first ]] || fail "first row: $(sed -n 4p "$OUT/h")"

(cd "$OUT" && "$VSCTL" -n "$NS" history -o json > "$OUT/j") || fail "history -n -o json failed"
[[ "$(js "$OUT/j" '[r["revision"] for r in d["records"]]')" == $'2\n1' ]] || fail "revisions: $(cat "$OUT/j")"
[[ "$(js "$OUT/j" 'd["records"][0]["changed"][0]["fromVersion"] + " " + d["records"][0]["changed"][0]["toVersion"]')" == "1.0.0 1.1.0" ]] ||
  fail "changed: $(cat "$OUT/j")"
[[ "$(js "$OUT/j" 'd["records"][0]["durationSeconds"] > 0')" == True ]] || fail "duration: $(cat "$OUT/j")"

# a second architecture's record in the same namespace: the namespace alone is ambiguous
k -n "$NS" create secret generic vsctl.fy.v1 --type=vsctl.dev/record.v1 --from-literal=record=x >/dev/null
k -n "$NS" label secret vsctl.fy.v1 vsctl.dev/record=fy vsctl.dev/revision=1 vsctl.dev/part=header >/dev/null
set +e
(cd "$OUT" && "$VSCTL" -n "$NS" history 2> "$OUT/err"); rc=$?
set -e
[[ $rc == 2 ]] || fail "two architectures: exit $rc, want 2"
grep -q "fx, fy.*--architecture" "$OUT/err" || fail "message: $(cat "$OUT/err")"
(cd "$OUT" && "$VSCTL" -n "$NS" history --architecture fx > "$OUT/h2") || fail "--architecture fx failed"
grep -q "^architecture fx in namespace $NS: 2 record(s)" "$OUT/h2" || fail "fx: $(cat "$OUT/h2")"
info ok
