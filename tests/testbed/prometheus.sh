#!/usr/bin/env bash
# A real Prometheus scraping the request exporter every second (scripts/testbed prometheus-up),
# the way the rollout analysis tests use it: with a share 0.2 of the canary's requests failing
# and none of the stable track's, the error-ratio query answers about 0.2 for the canary and 0 for
# stable; back to 0, the canary's ratio falls to 0; counters never reset. prometheus-down leaves
# no process behind, and so does down on a state dir with Prometheus in a subdirectory.
# Needs no control plane. Works in PROMETHEUS_TEST_DIR (ctest: in the build tree, so a run cut
# short is cleaned up by the next one), else in a temporary directory.
TESTBED_NO_CLUSTER=1
# shellcheck source=tests/testbed/lib.sh
source "$(dirname "$0")/lib.sh"

if [[ -n "${PROMETHEUS_TEST_DIR:-}" ]]; then
  DIR=$PROMETHEUS_TEST_DIR
  # what an interrupted run left: both commands stop its processes and remove its state
  "$TESTBED_SCRIPT" prometheus-down --state "$DIR/prom" >/dev/null 2>&1 || true
  "$TESTBED_SCRIPT" down --state "$DIR/bed" >/dev/null 2>&1 || true
  rm -rf "$DIR"
  mkdir -p "$DIR"
else
  DIR=$(mktemp -d "${TMPDIR:-/tmp}/vsctl-prometheus-test.XXXXXX")
fi
STATE=$DIR/prom
finish() { # whatever the outcome: no process left behind
  "$TESTBED_SCRIPT" prometheus-down --state "$STATE" >/dev/null 2>&1 || true
  "$TESTBED_SCRIPT" down --state "$DIR/bed" >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
on_exit finish

# query PROMQL: the value of the first sample of an instant query ("" when there is none)
query() {
  local body
  body=$(curl -sf --max-time 5 "$PROMETHEUS_URL/api/v1/query" --data-urlencode "query=$1") || return 1
  python3 -c '
import json, sys
r = json.loads(sys.argv[1])["data"]["result"]
print(r[0]["value"][1] if r else "")' "$body"
}
# The error ratio of one track over the last 10 s (ten scrapes at a 1 s interval).
ratio_query() {
  printf 'sum(rate(http_requests_total{app="cart",track="%s",code=~"5.."}[10s])) / sum(rate(http_requests_total{app="cart",track="%s"}[10s]))' "$1" "$1"
}
# between VALUE LO HI: LO <= VALUE <= HI (VALUE a number)
between() { python3 -c 'import sys; v, lo, hi = map(float, sys.argv[1:]); sys.exit(not lo <= v <= hi)' "$1" "$2" "$3" 2>/dev/null; }
ratios() { # prints the two ratios; succeeds when canary is in [LO, HI] and stable is 0
  local canary stable
  canary=$(query "$(ratio_query canary)") || return 1
  stable=$(query "$(ratio_query stable)") || return 1
  echo "canary $canary, stable $stable"
  [[ -n "$canary" && -n "$stable" ]] && between "$canary" "$1" "$2" && between "$stable" 0 0
}
# alive PID: the process exists and is not a zombie waiting to be reaped
alive() {
  local stat
  stat=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ -n "$stat" && "$stat" != Z* ]]
}
gone() { ! alive "$1" && ! alive "$2"; }

# start: prometheus-up prints the addresses as shell assignments and records them in the state dir
out=$("$TESTBED_SCRIPT" prometheus-up --state "$STATE") || fail "scripts/testbed prometheus-up failed"
eval "$out"
[[ "${PROMETHEUS_URL:-}" == http://127.0.0.1:* && "${EXPORTER_URL:-}" == http://127.0.0.1:* ]] ||
  fail "prometheus-up printed '$out', want PROMETHEUS_URL=http://127.0.0.1:PORT and EXPORTER_URL=..."
[[ "$(cat "$STATE/prometheus.url")" == "$PROMETHEUS_URL" && "$(cat "$STATE/exporter.url")" == "$EXPORTER_URL" ]] ||
  fail "the state dir's prometheus.url and exporter.url do not match what prometheus-up printed"
prom_pid=$(cat "$STATE/pids/prometheus.pid")
exp_pid=$(cat "$STATE/pids/exporter.pid")
health=$(curl -sf --max-time 5 "$EXPORTER_URL/healthz") || fail "the exporter's /healthz does not answer"
[[ "$health" == ok ]] || fail "the exporter's /healthz says '$health'"
curl -sf --max-time 5 -o /dev/null "$PROMETHEUS_URL/-/ready" || fail "Prometheus's /-/ready does not answer 200"
up=$(query 'up{job="exporter"}') || fail "Prometheus's query API does not answer"
[[ "$up" == 1 ]] || fail "up{job=\"exporter\"} is '$up' once prometheus-up returned, want 1"
metrics=$(curl -sf --max-time 5 "$EXPORTER_URL/metrics") || fail "the exporter's /metrics does not answer"
for track in stable canary; do
  for code in 200 500; do
    n=$(grep -c "^http_requests_total{app=\"cart\",track=\"$track\",code=\"$code\"} [0-9]" <<<"$metrics" || true)
    ((n == 1)) || fail "no http_requests_total of cart/$track code $code in /metrics: $metrics"
  done
done

# set the error rates: the exporter's HTTP API, and the same through scripts/testbed
curl -sf --max-time 5 -X POST "$EXPORTER_URL/error-rate?app=cart&track=canary&rate=0.2" >/dev/null ||
  fail "POST /error-rate?app=cart&track=canary&rate=0.2 was refused"
"$TESTBED_SCRIPT" error-rate cart stable 0 --state "$STATE" 2>/dev/null || fail "scripts/testbed error-rate cart stable 0 failed"
code=$(curl -s --max-time 5 -o /dev/null -w '%{http_code}' -X POST "$EXPORTER_URL/error-rate?app=cart&track=canary&rate=1.5")
[[ "$code" == 400 ]] || fail "rate=1.5 answered HTTP $code, want 400"
t0=$SECONDS
wait_until 20 "the canary's error ratio in [0.1, 0.3] and stable's 0" ratios 0.1 0.3
info "error rate 0.2 -> $(ratios 0 1 || true) after $((SECONDS - t0))s"

# the canary recovers: its ratio falls, then is 0 once the window holds no failure
curl -sf --max-time 5 -X POST "$EXPORTER_URL/error-rate?app=cart&track=canary&rate=0" >/dev/null ||
  fail "POST /error-rate?app=cart&track=canary&rate=0 was refused"
t0=$SECONDS
wait_until 10 "the canary's error ratio below 0.1" ratios 0 0.099
wait_until 20 "the canary's error ratio back to 0" ratios 0 0
info "error rate 0 -> $(ratios 0 1 || true) after $((SECONDS - t0))s"
resets=$(query 'sum(resets(http_requests_total[1m]))') || fail "resets() query failed"
[[ "$resets" == 0 ]] || fail "http_requests_total reset $resets times, want never"
errors=$(query 'sum(http_requests_total{app="cart",track="canary",code="500"})')
between "$errors" 1 1e9 || fail "the canary counted '$errors' failed requests in all, want some"

# prometheus-down: both processes gone, the ports closed, the state dir removed (it was its own)
"$TESTBED_SCRIPT" prometheus-down --state "$STATE" 2>/dev/null || fail "scripts/testbed prometheus-down failed"
gone "$prom_pid" "$exp_pid" || fail "still running after prometheus-down: $(ps -o pid=,args= -p "$prom_pid,$exp_pid" || true)"
if curl -s --max-time 2 -o /dev/null "$PROMETHEUS_URL/-/ready"; then fail "Prometheus still answers after prometheus-down"; fi
if curl -s --max-time 2 -o /dev/null "$EXPORTER_URL/healthz"; then fail "the exporter still answers after prometheus-down"; fi
[[ ! -e "$STATE" ]] || fail "$STATE is still there after prometheus-down"

# In a subdirectory of a test bed's state dir (here one without a control plane), with other
# series: down on the test bed stops them too.
mkdir -p "$DIR/bed"
touch "$DIR/bed/.vsctl-testbed" # what `up` marks its state dir with
out=$("$TESTBED_SCRIPT" prometheus-up --state "$DIR/bed/prometheus" --series shop:blue,shop:green) ||
  fail "prometheus-up in a subdirectory failed"
eval "$out"
up=$(query 'count(http_requests_total{app="shop",track=~"blue|green"})')
[[ "$up" == 4 ]] || fail "series shop:blue,shop:green: count(http_requests_total) is '$up', want 4"
prom_pid=$(cat "$DIR/bed/prometheus/pids/prometheus.pid")
exp_pid=$(cat "$DIR/bed/prometheus/pids/exporter.pid")
"$TESTBED_SCRIPT" down --state "$DIR/bed" 2>/dev/null || fail "scripts/testbed down failed"
gone "$prom_pid" "$exp_pid" || fail "still running after down: $(ps -o pid=,args= -p "$prom_pid,$exp_pid" || true)"
[[ ! -e "$DIR/bed" ]] || fail "$DIR/bed is still there after down"
info "ok: Prometheus scrapes the exporter every second; prometheus-down and down stop both"
