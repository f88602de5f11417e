# A crash-looping cattle pod is deleted and replaced by its controller, and counted in
# vsctl_reconcile_failovers_total{action="ReplaceCattle"}.
source "$(dirname "$0")/lib.sh"
WEB=0 API_IMAGE=example.com/crashloop manifest "api crash-loops"
vs_rc rc apply --yes --timeout 15s > /dev/null 2>&1
[[ $rc == 6 ]] || fail "apply of a crash-looping api: exit $rc, want 6"
first=$(pod_uids api)
[[ -n "$first" ]] || fail "api has no pod"
MPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
start_loop --branch "$(git -C "$WORK" branch --show-current)" --interval 2s --failover-restarts 2 --failover-after 10m -o json \
  --metrics-addr "127.0.0.1:$MPORT"
t0=$SECONDS
replaced() { ! grep -qxF "$first" <<<"$(pod_uids api)" && [[ -n "$(pod_uids api)" ]]; }
wait_until "the crash-looping pod to be replaced" 60 replaced
info "replaced $((SECONDS - t0))s after the loop started"
wait_until "the Failover event" 10 grep -q '"type":"Failover"' "$OUT/loop.out"
python3 - "$OUT/loop.out" <<'PY' || fail "failover event: $(grep Failover "$OUT/loop.out")"
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
f = next(e for e in ev if e["type"] == "Failover")
assert f["service"] == "api" and f["action"] == "ReplaceCattle" and f["reason"] == "CrashLoopBackOff", f
PY
# metric NAME{LABELS}: its value on the loop's /metrics
metric() { curl -s "http://127.0.0.1:$MPORT/metrics" | awk -v m="$1" '$1 == m { print $2 }'; }
counted() { [[ "$(metric 'vsctl_reconcile_failovers_total{action="ReplaceCattle"}')" -ge 1 ]]; }
wait_until "the failover counted" 10 counted
n=$(metric 'vsctl_reconcile_failovers_total{action="ReplaceCattle"}')
events=$(grep -c '"action":"ReplaceCattle"' "$OUT/loop.out")
((n <= events)) || fail "$n failovers counted, $events logged"
[[ "$(metric 'vsctl_reconcile_failovers_total{action="RestartPet"}')" == 0 ]] || fail "a cattle failover counted as a pet's"
[[ "$(metric 'vsctl_reconcile_failovers_total{action="Escalate"}')" == 0 ]] || fail "a cattle failover counted as an escalation"
stop_loop
info ok
