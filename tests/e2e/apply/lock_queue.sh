# Waiting in line: five `apply REV --yes --wait-for-lock` of five commits, started one after
# another while someone else holds the lock, each plan again under the lock and finish in the
# order they queued, each with its record (kubectl reads the records and the final version). Three applies
# of one commit at once: one converges, the two that waited find nothing left to do and exit 0
# without a record.
source "$(dirname "$0")/../reconcile/lib.sh"
manifest init
vs apply --yes >/dev/null 2>&1 || fail "first apply failed"
base=$(latest_revision)
commits=()
for i in 1 2 3 4 5; do
  WEB_VERSION=2.0.$i manifest "web 2.0.$i"
  commits+=("$(git -C "$WORK" rev-parse HEAD)")
done
# someone else holds the lock (written with kubectl, renewed now) while the five queue up
now=$(date -u +%Y-%m-%dT%H:%M:%S.000000Z)
k apply -f - >/dev/null <<YAML
apiVersion: coordination.k8s.io/v1
kind: Lease
metadata: { name: vsctl-lock-fx, namespace: $NS }
spec: { holderIdentity: "someone@elsewhere (apply, pid 1)", leaseDurationSeconds: 30, acquireTime: "$now", renewTime: "$now" }
YAML
pids=()
for i in 0 1 2 3 4; do
  "$VSCTL" -C "$WORK" apply "${commits[$i]}" --yes --wait-for-lock 3m > "$OUT/q$i.out" 2> "$OUT/q$i.err" &
  pids+=($!)
  sleep 0.6
done
k -n "$NS" patch lease vsctl-lock-fx --type=merge -p '{"spec":{"holderIdentity":null}}' >/dev/null
for i in 0 1 2 3 4; do
  set +e; wait "${pids[$i]}"; rc=$?; set -e
  [[ $rc == 0 ]] || fail "queued apply $((i + 1)) exited $rc: $(tail -5 "$OUT/q$i.err")"
done
for i in 0 1 2 3 4; do
  grep -q "waiting in line for the lock: locked by someone@elsewhere" "$OUT/q$i.err" || fail "apply $((i + 1)) did not say it waited: $(head -5 "$OUT/q$i.err")"
done
for i in 1 2 3 4; do
  grep -q "planned again under the lock" "$OUT/q$i.err" || fail "apply $((i + 1)) did not plan again: $(head -8 "$OUT/q$i.err")"
done
for i in 0 1 2 3 4; do
  rev=$((base + 1 + i))
  [[ "$(record_field "$rev" commit)" == "${commits[$i]}" ]] || fail "record $rev is not commit $((i + 1)): $(record_field "$rev" commit)"
  [[ "$(record_field "$rev" outcome)" == succeeded ]] || fail "record $rev: $(record_field "$rev" outcome)"
done
[[ "$(k -n "$NS" get deploy web -o jsonpath='{.metadata.labels.app\.kubernetes\.io/version}')" == 2.0.5 ]] || fail "web is not at 2.0.5"
[[ -z "$(k -n "$NS" get lease -o name | grep vsctl-queue-)" ]] || fail "tickets left behind: $(k -n "$NS" get lease -o name)"

WEB_VERSION=2.0.6 manifest "web 2.0.6"
before=$(records)
pids=()
for i in 0 1 2; do
  "$VSCTL" -C "$WORK" apply --yes --wait-for-lock 3m > "$OUT/s$i.out" 2> "$OUT/s$i.err" &
  pids+=($!)
  sleep 0.3
done
for i in 0 1 2; do
  set +e; wait "${pids[$i]}"; rc=$?; set -e
  [[ $rc == 0 ]] || fail "apply $((i + 1)) of the same commit exited $rc: $(tail -5 "$OUT/s$i.err")"
done
[[ $(records) == $((before + 1)) ]] || fail "three applies of one commit wrote $(($(records) - before)) records, want 1"
[[ $(cat "$OUT"/s*.out | grep -c "^nothing to do") == 2 ]] || fail "the two that waited: $(cat "$OUT"/s*.out)"
info ok
