# vsctl reconcile --metrics-addr, scraped by a real Prometheus every second: the rounds by
# outcome, the drift a `kubectl scale` made and the loop undid, each service's state, the applied
# revision; /healthz and /readyz, and /readyz 503 with the reason while the API server cannot be
# reached (the test bed's fault proxy refusing connections), 200 again once it is back.
source "$(dirname "$0")/lib.sh"
PROMETHEUS=$("$TESTBED_SCRIPT" build-prometheus 2>/dev/null) || fail "no Prometheus (scripts/testbed build-prometheus)"
manifest init
vs apply --yes >/dev/null 2>&1 || fail "first apply failed"
"$TESTBED_SCRIPT" proxy start "$OUT/p.port" --state "$TESTBED_STATE" >/dev/null 2>&1 || fail "no fault proxy"
PROM_PID=""
metrics_cleanup() {
  [[ -n "$PROM_PID" ]] && kill "$PROM_PID" 2>/dev/null && wait "$PROM_PID" 2>/dev/null
  "$TESTBED_SCRIPT" proxy stop "$OUT/p.port" --state "$TESTBED_STATE" >/dev/null 2>&1 || true
  reconcile_cleanup
}
trap metrics_cleanup EXIT
read -r MPORT PPORT < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
ADDR=127.0.0.1:$MPORT

# the loop, through the fault proxy
"$VSCTL" -C "$WORK" --kubeconfig "$OUT/p.port.kubeconfig" reconcile --branch "$(git -C "$WORK" branch --show-current)" \
  --interval 1s --metrics-addr "$ADDR" > "$OUT/loop.out" 2> "$OUT/loop.err" &
LOOP_PID=$!
# http PATH: "CODE BODY" of a GET on the loop's address
http() { curl -s -o "$OUT/body" -w '%{http_code}' "http://$ADDR$1" 2>/dev/null && printf ' %s' "$(cat "$OUT/body")"; }
answers() { [[ "$(http "$1")" == "$2" ]]; }
wait_until "/readyz to answer 200 ok" 30 answers /readyz "200 ok"
[[ "$(http /healthz)" == "200 ok" ]] || fail "/healthz: $(http /healthz)"
grep -q "metrics on $ADDR" "$OUT/loop.err" || fail "the loop did not say where it serves metrics: $(head -1 "$OUT/loop.err")"

# Prometheus scraping it every second
cat > "$OUT/prometheus.yml" <<YAML
global: { scrape_interval: 1s, evaluation_interval: 1s }
scrape_configs:
  - job_name: vsctl-reconcile
    static_configs: [ { targets: ["$ADDR"] } ]
YAML
"$PROMETHEUS" --config.file="$OUT/prometheus.yml" --storage.tsdb.path="$OUT/tsdb" \
  --web.listen-address="127.0.0.1:$PPORT" > "$OUT/prometheus.log" 2>&1 &
PROM_PID=$!
# query PROMQL: the value of the first sample of an instant query, "" when there is none
query() {
  curl -s "http://127.0.0.1:$PPORT/api/v1/query" --data-urlencode "query=$1" 2>/dev/null | python3 -c '
import json, sys
r = json.load(sys.stdin)["data"]["result"]
print(r[0]["value"][1] if r else "")' 2>/dev/null
}
is() { [[ "$(query "$1")" == "$2" ]]; }
at_least() { local v; v=$(query "$1"); [[ -n "$v" ]] && python3 -c 'import sys; sys.exit(float(sys.argv[1]) < float(sys.argv[2]))' "$v" "$2"; }
wait_until "Prometheus to scrape the loop" 60 is 'up{job="vsctl-reconcile"}' 1
wait_until "a converged round in Prometheus" 30 at_least 'vsctl_reconcile_rounds_total{outcome="converged"}' 1
is 'vsctl_reconcile_drift_corrected_total{kind="Scale"}' 0 || fail "drift before any: $(query 'vsctl_reconcile_drift_corrected_total{kind="Scale"}')"
is 'vsctl_reconcile_rounds_total{outcome="applied"}' 0 || fail "an applied round before any drift"

# drift, undone by the loop, counted once
k -n "$NS" scale deploy/web --replicas=4 >/dev/null
wait_until "web scaled back to 1" 30 replicas_are web 1
wait_until "the drift counted in Prometheus" 30 is 'vsctl_reconcile_drift_corrected_total{kind="Scale"}' 1
wait_until "the round's record completed" 30 newest_succeeded
wait_until "one more converged round after the drift" 30 at_least 'vsctl_reconcile_rounds_total{outcome="converged"}' 2
is 'vsctl_reconcile_rounds_total{outcome="applied"}' 1 || fail "applied rounds: $(query 'vsctl_reconcile_rounds_total{outcome="applied"}'), want 1"
for kind in Provision Update Rollback Destroy; do
  is "vsctl_reconcile_drift_corrected_total{kind=\"$kind\"}" 0 || fail "drift of kind $kind counted"
done
# every round is a converged one but the drift's; the histogram counted each once
is 'sum(vsctl_reconcile_rounds_total) - sum(vsctl_reconcile_rounds_total{outcome="converged"})' 1 ||
  fail "rounds other than converged: $(query 'sum(vsctl_reconcile_rounds_total) - sum(vsctl_reconcile_rounds_total{outcome="converged"})')"
is 'sum(vsctl_reconcile_rounds_total) - sum(vsctl_reconcile_round_duration_seconds_count)' 0 || fail "the duration histogram missed rounds"
is 'sum(vsctl_reconcile_failovers_total)' 0 || fail "failovers without a failed pod"
# a rounds counter that follows the loop: Prometheus's value is between the rounds the loop had
# logged before the query and those it logs after
before=$(grep -c ': converged at\|: drift in' "$OUT/loop.err")
seen=$(query 'sum(vsctl_reconcile_rounds_total)')
after=$(grep -c ': converged at\|: drift in' "$OUT/loop.err")
((seen >= before - 2 && seen <= after)) || fail "Prometheus has $seen rounds; the loop logged $before then $after"
info "Prometheus saw $seen rounds, the drift undone once"
# each service in exactly one state, Run
for s in db api web; do
  wait_until "$s Run in Prometheus" 20 is "vsctl_reconcile_service_state{service=\"$s\",state=\"Run\"}" 1
  is "sum(vsctl_reconcile_service_state{service=\"$s\"})" 1 || fail "$s is in more than one state"
  is "count(vsctl_reconcile_service_state{service=\"$s\"})" 8 || fail "$s has not one gauge per state"
done
rev=$(latest_revision)
is "vsctl_reconcile_applied_revision{commit=\"$(git -C "$WORK" rev-parse HEAD)\"}" "$rev" ||
  fail "applied revision: $(query vsctl_reconcile_applied_revision), want $rev at HEAD"
at_least "vsctl_reconcile_last_success_timestamp_seconds - time()" -30 || fail "no recent success: $(query 'time() - vsctl_reconcile_last_success_timestamp_seconds')"

# the API server away: not ready, with the reason; still live; ready again once it is back
"$TESTBED_SCRIPT" proxy cut "$OUT/p.port" 8 --state "$TESTBED_STATE" >/dev/null 2>&1 || fail "the proxy did not cut"
not_ready() { [[ "$(http /readyz)" == "503 the last round did not reach the cluster: "* ]]; }
wait_until "/readyz 503" 20 not_ready
info "$(http /readyz)"
[[ "$(http /healthz)" == "200 ok" ]] || fail "/healthz while the API server is away: $(http /healthz)"
wait_until "an unreachable round in Prometheus" 30 at_least 'vsctl_reconcile_rounds_total{outcome="unreachable"}' 1
wait_until "/readyz 200 again" 60 answers /readyz "200 ok"
curl -s "http://$ADDR/metrics" > "$OUT/metrics.txt"
grep -q '^# HELP vsctl_reconcile_rounds_total ' "$OUT/metrics.txt" || fail "no HELP in /metrics"
grep -q '^# TYPE vsctl_reconcile_round_duration_seconds histogram' "$OUT/metrics.txt" || fail "no histogram in /metrics"
stop_loop
info ok
