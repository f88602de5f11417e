# A version bump moves only that service (Update); instances change as Scale, out and in.
source "$(dirname "$0")/lib.sh"
manifest init
vs apply --yes >/dev/null 2>&1 || fail "first apply failed"
API_VERSION=1.1.0 manifest bump
vs apply --yes -o json > "$OUT/ev" || fail "apply of the bump failed"
steps=$(events "$OUT/ev" StepStarted)
[[ "$steps" == "api Update  " ]] || fail "steps are '$steps', want only api Update"
[[ "$(image_of api)" == example.com/api:1.1.0 ]] || fail "api image is $(image_of api)"
API_VERSION=1.1.0 WEB_MIN=3 manifest out
vs apply --yes -o json > "$OUT/ev" || fail "scale out failed"
[[ "$(events "$OUT/ev" StepStarted)" == "web Scale  " ]] || fail "scale out: $(events "$OUT/ev" StepStarted)"
[[ "$(k -n "$NS" get deploy web -o jsonpath='{.status.readyReplicas}')" == 3 ]] || fail "web has not 3 ready"
API_VERSION=1.1.0 WEB_MIN=1 manifest in
vs apply --yes -o json > "$OUT/ev" || fail "scale in failed"
[[ "$(events "$OUT/ev" StepStarted)" == "web Scale  " ]] || fail "scale in: $(events "$OUT/ev" StepStarted)"
info ok
