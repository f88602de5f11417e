# A pet whose claim names a storage class the cluster does not have: apply's waiting line and
# failure name the claim and the volume controller's Event, not the scheduler's or the deadline.
source "$(dirname "$0")/lib.sh"
manifest init
sed -i 's|size: 1Gi }|size: 1Gi, storageClass: missing }|' "$WORK/architecture.yaml"
git -C "$WORK" commit -qam "db: a storage class the cluster lacks"
vs_rc rc apply --yes --allow=capacity --timeout 20s > "$OUT/out" 2> "$OUT/err"
[[ $rc == 6 ]] || fail "exit $rc, want 6: $(cat "$OUT/err")"
# the witness: the claim is Pending for its class
[[ "$(k -n "$NS" get pvc data-db-0 -o jsonpath='{.status.phase} {.spec.storageClassName}')" == "Pending missing" ]] ||
  fail "kubectl: $(k -n "$NS" get pvc -o yaml)"
cause='claim data-db-0 is Pending: ProvisioningFailed: storageclass.storage.k8s.io "missing" not found'
grep -Eq "db +[A-Za-z]+ +0/1 $(re "$cause")\$" "$OUT/err" || fail "no waiting line naming the claim: $(cat "$OUT/err")"
grep -Eq "db +failed +[0-9.]+s ClaimPending: $(re "$cause") \(deadline passed\)\$" "$OUT/err" || fail "no failure line: $(cat "$OUT/err")"

status_json "$OUT/j"
[[ "$(js "$OUT/j" 'svc("db")["message"]')" == "$cause" ]] || fail "status: $(js "$OUT/j" 'svc("db")["message"]')"
vs history -o json > "$OUT/h" || fail "history failed"
[[ "$(failed_message "$OUT/h" db)" == "$cause (deadline passed)" ]] || fail "record: $(cat "$OUT/h")"
info ok
