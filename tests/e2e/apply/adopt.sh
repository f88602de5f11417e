# An existing object vsctl does not own refuses the apply (exit 8, naming --adopt); --adopt
# takes it over, and only vsctl's workload is left: the kubectl-made Deployment's ReplicaSet and
# its pod are gone (kubectl), and diff finds no service that differs.
source "$(dirname "$0")/lib.sh"
manifest init
k create namespace "$NS" >/dev/null
k -n "$NS" create deployment web --image=example.com/web:0.1 >/dev/null
vs_rc rc apply --yes > "$OUT/out" 2>&1
[[ $rc == 8 ]] || fail "exit $rc, want 8: $(cat "$OUT/out")"
grep -q -- "--adopt" "$OUT/out" || fail "the message does not name --adopt"
vs apply --yes --adopt --allow=immutable-field > "$OUT/adopt" 2>&1 || fail "apply --adopt failed: $(tail -5 "$OUT/adopt")"
[[ "$(k -n "$NS" get deploy web -o jsonpath='{.metadata.labels.app\.kubernetes\.io/part-of}')" == fx ]] || fail "web not taken over"
uid=$(k -n "$NS" get deploy web -o jsonpath='{.metadata.uid}')
foreign_rs() { k -n "$NS" get rs -o jsonpath='{range .items[*]}{.metadata.name} {.metadata.ownerReferences[0].uid}{"\n"}{end}' | awk -v u="$uid" '$1 ~ /^web-/ && $2 != u'; }
old_pods() { k -n "$NS" get pods -o jsonpath='{range .items[*]}{.spec.containers[0].image}{"\n"}{end}' | grep -c 'web:0.1' || true; }
for _ in $(seq 1 100); do [[ -z "$(foreign_rs)" && "$(old_pods)" == 0 ]] && break; sleep 0.2; done
[[ -z "$(foreign_rs)" ]] || fail "ReplicaSets not vsctl's are left: $(foreign_rs)"
[[ "$(old_pods)" == 0 ]] || fail "pods of the kubectl-made Deployment are left: $(old_pods)"
vs_rc rc diff > "$OUT/diff" 2>&1  # the Namespace, made with kubectl above, stays unadopted: exit 1
grep -q "0 of 3 services differ" "$OUT/diff" || fail "diff after adoption: exit $rc: $(cat "$OUT/diff")"
info ok
