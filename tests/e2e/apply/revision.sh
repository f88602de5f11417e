# apply REV: the VersionSet of a git revision is applied and recorded with that commit, whatever
# the working tree holds (uncommitted changes do not matter when REV is given).
source "$(dirname "$0")/lib.sh"
manifest first
API_VERSION=1.1.0 manifest second
first=$(git -C "$WORK" rev-parse HEAD~1)
# the working tree has other, uncommitted changes: without REV apply refuses them
API_VERSION=1.9.0 WEB_MIN=2 manifest dirty
git -C "$WORK" reset -q --soft HEAD~1
git -C "$WORK" diff --cached --quiet && fail "the working tree should differ from HEAD"
vs_rc rc apply --yes >"$OUT/dirty" 2>&1
[[ $rc == 8 ]] || fail "apply of a dirty working tree exited $rc, want 8: $(cat "$OUT/dirty")"

out=$(vs plan HEAD~1 2>&1) || fail "plan HEAD~1 failed: $out"
grep -q "api" <<<"$out" || fail "plan HEAD~1 does not mention api: $out"
vs apply HEAD~1 --yes -o json >"$OUT/ev" 2>"$OUT/err" || fail "apply HEAD~1 failed: $(cat "$OUT/err")"
[[ "$(image_of api)" == example.com/api:1.0.0 ]] || fail "api image is $(image_of api), want HEAD~1's 1.0.0"
[[ "$(k -n "$NS" get deploy web -o jsonpath='{.spec.replicas}')" == 1 ]] || fail "web replicas are not HEAD~1's"
# the record names the commit of HEAD~1 and is not dirty
k -n "$NS" get secret -l vsctl.dev/record=fx,vsctl.dev/part=header -o json >"$OUT/records"
python3 - "$first" "$OUT/records" <<'PY' || fail "the record does not name HEAD~1 ($first)"
import base64, gzip, json, sys
items = json.load(open(sys.argv[2]))["items"]
newest = max(items, key=lambda s: int(s["metadata"]["labels"]["vsctl.dev/revision"]))
rec = json.loads(gzip.decompress(base64.b64decode(newest["data"]["record"])))
assert rec["commit"] == sys.argv[1], rec["commit"]
assert rec["dirty"] is False and rec["outcome"] == "succeeded", rec
PY
# HEAD (1.1.0) by revision: only api moves, and it is an Update
vs apply HEAD --yes -o json >"$OUT/ev" 2>"$OUT/err" || fail "apply HEAD failed: $(cat "$OUT/err")"
[[ "$(events "$OUT/ev" StepStarted)" == "api Update  " ]] || fail "apply HEAD steps: $(events "$OUT/ev" StepStarted)"
[[ "$(image_of api)" == example.com/api:1.1.0 ]] || fail "api image is $(image_of api) after apply HEAD"
vs_rc rc apply no-such-rev --yes >"$OUT/bad" 2>&1
[[ $rc != 0 ]] || fail "an unknown revision was applied"
info ok
