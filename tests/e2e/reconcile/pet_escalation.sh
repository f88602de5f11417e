# A crash-looping pet is restarted in place (its claim kept) up to --pet-restarts, then
# escalated: a Warning Event NeedsAPerson on its StatefulSet and a webhook call. The metrics count
# the two restarts and the one escalation, and say db is Failed.
source "$(dirname "$0")/lib.sh"
WEB=0 manifest init
set_image db example.com/crashloop-postgres
vs_rc rc apply --yes --timeout 15s > /dev/null 2>&1
[[ $rc == 6 ]] || fail "apply of a crash-looping db: exit $rc, want 6"
claim=$(k -n "$NS" get pvc data-db-0 -o jsonpath='{.metadata.uid}')
[[ -n "$claim" ]] || fail "db-0 has no claim"

# a webhook that writes each POST body to $OUT/hook.N
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 - "$port" "$OUT" <<'PY' &
import http.server, sys
port, out = int(sys.argv[1]), sys.argv[2]
n = 0
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        global n
        n += 1
        body = self.rfile.read(int(self.headers["Content-Length"]))
        open(f"{out}/hook.{n}", "wb").write(body)
        self.send_response(204); self.end_headers()
    def log_message(self, *a): pass
http.server.HTTPServer(("127.0.0.1", port), H).serve_forever()
PY
HOOK_PID=$!

start_loop --branch "$(git -C "$WORK" branch --show-current)" --interval 2s --timeout 15s \
  --failover-restarts 1 --failover-after 10m --pet-restarts 2 --alert-webhook "http://127.0.0.1:$port/alert" \
  --metrics-addr "127.0.0.1:$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
wait_until "two restarts in place" 120 lines_at_least "restarted in place" "$OUT/loop.err" 2
wait_until "the escalation" 60 grep -q "needs a person" "$OUT/loop.err"
escalation_event() { grep -q . <<<"$(k -n "$NS" get events --field-selector reason=NeedsAPerson,involvedObject.kind=StatefulSet,involvedObject.name=db -o name)"; }
wait_until "the NeedsAPerson Event" 10 escalation_event
k -n "$NS" get events --field-selector reason=NeedsAPerson -o jsonpath='{.items[0].type} {.items[0].message}{"\n"}'
[[ "$(k -n "$NS" get events --field-selector reason=NeedsAPerson -o jsonpath='{.items[0].type}')" == Warning ]] || fail "not a Warning"
wait_until "the webhook call" 10 ls "$OUT/hook.1"
python3 - "$OUT/hook.1" <<'PY' || fail "webhook body: $(cat "$OUT/hook.1")"
import json, sys
b = json.load(open(sys.argv[1]))
assert b["type"] == "NeedsAPerson" and b["service"] == "db" and "needs a person" in b["message"], b
assert b["object"].endswith("StatefulSet " + b["namespace"] + "/db"), b
PY
[[ "$(k -n "$NS" get pvc data-db-0 -o jsonpath='{.metadata.uid}')" == "$claim" ]] || fail "the pet's claim was replaced"
sleep 5  # said once: no further restarts after the escalation
[[ "$(grep -c 'restarted in place' "$OUT/loop.err")" == 2 ]] || fail "restarted again after the escalation"
[[ "$(grep -c 'needs a person' "$OUT/loop.err")" == 1 ]] || fail "escalated more than once"
ADDR=$(sed -n 's/.*metrics on \([0-9.:]*\) .*/\1/p' "$OUT/loop.err" | head -1)
[[ -n "$ADDR" ]] || fail "the loop did not say where it serves metrics"
metric() { curl -s "http://$ADDR/metrics" | awk -v m="$1" '$1 == m { print $2 }'; }
metric_is() { [[ "$(metric "$1")" == "$2" ]]; }
wait_until "db Failed in the metrics" 10 metric_is 'vsctl_reconcile_service_state{service="db",state="Failed"}' 1
metric_is 'vsctl_reconcile_failovers_total{action="RestartPet"}' 2 || fail "pet restarts counted: $(metric 'vsctl_reconcile_failovers_total{action="RestartPet"}'), want 2"
metric_is 'vsctl_reconcile_failovers_total{action="Escalate"}' 1 || fail "escalations counted: $(metric 'vsctl_reconcile_failovers_total{action="Escalate"}'), want 1"
metric_is 'vsctl_reconcile_failovers_total{action="ReplaceCattle"}' 0 || fail "a pet counted as cattle"
metric_is 'vsctl_reconcile_service_state{service="db",state="Run"}' 0 || fail "db also Run"
stop_loop
info ok
