# An image that cannot be pulled: apply's waiting line and failure, status (text and -o json)
# and the record name the image, as kubectl sees it.
source "$(dirname "$0")/lib.sh"
manifest init
vs apply --yes >/dev/null 2>&1 || fail "first apply failed"
API_IMAGE=example.com/imagepull API_VERSION=1.2.0 manifest bump
vs_rc rc apply --yes --timeout 20s > "$OUT/out" 2> "$OUT/err"
[[ $rc == 6 ]] || fail "exit $rc, want 6: $(cat "$OUT/err")"
# the witness: the container waits for its image
pod=$(k -n "$NS" get pods -l app.kubernetes.io/name=api,app.kubernetes.io/version=1.2.0 -o jsonpath='{.items[0].metadata.name}')
k -n "$NS" get pod "$pod" -o jsonpath='{.status.containerStatuses[0].state.waiting.reason}' | grep -Eq '^(ErrImagePull|ImagePullBackOff)$' ||
  fail "kubectl does not see an image pull failure"
# ErrImagePull comes first, ImagePullBackOff a second later: either is the cause, naming the image
cause_re="container api: (ErrImagePull|ImagePullBackOff) for image example\.com/imagepull:1\.2\.0: .*example\.com/imagepull:1\.2\.0"
grep -Eq "api +Failed +0/1 $cause_re" "$OUT/err" || fail "no state line: $(cat "$OUT/err")"
grep -Eq "api +failed +[0-9.]+s (ErrImagePull|ImagePullBackOff): $cause_re" "$OUT/err" || fail "no failure line: $(cat "$OUT/err")"
grep -Eq "api +Update +failed +(ErrImagePull|ImagePullBackOff): $cause_re" "$OUT/out" || fail "no summary: $(cat "$OUT/out")"

# status reads the pod as it is now: ImagePullBackOff
until_json "$OUT/j" 20 'svc("api")["reason"] == "ImagePullBackOff"'
[[ "$(js "$OUT/j" 'svc("api")["message"]')" == 'container api: ImagePullBackOff for image example.com/imagepull:1.2.0: Back-off pulling image "example.com/imagepull:1.2.0"' ]] ||
  fail "status message: $(js "$OUT/j" 'svc("api")["message"]')"
js "$OUT/j" 'd["applied"]["failed"][0]["message"]' | grep -Eq "^$cause_re" || fail "status applied: $(cat "$OUT/j")"
vs status > "$OUT/text" || fail "status failed"
grep -Eq "^api .* Failed ImagePullBackOff .*for image example\.com/imagepull:1\.2\.0" "$OUT/text" || fail "status row: $(cat "$OUT/text")"
grep -Eq "^ +api: $cause_re" "$OUT/text" || fail "status header: $(cat "$OUT/text")"

vs history -o json > "$OUT/h" || fail "history failed"
failed_message "$OUT/h" api | grep -Eq "^$cause_re" || fail "record: $(cat "$OUT/h")"
info ok
