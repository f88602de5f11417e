#!/usr/bin/env bash
# API Priority and Fairness: with `scripts/testbed throttle on`, concurrent requests of user
# "throttled" are rejected with real 429s (with Retry-After), while the admin is unaffected;
# `throttle off` removes the limit again. Load is bounded: at most 5 rounds of 40 requests.
# shellcheck source=tests/testbed/lib.sh
source "$(dirname "$0")/lib.sh"

"$TESTBED_SCRIPT" throttle on --state "$TESTBED_STATE" || fail "throttle on failed"
on_exit "$TESTBED_SCRIPT" throttle off --state "$TESTBED_STATE"

token=$(awk '/token:/{print $2}' "$TESTBED_KUBECONFIG_THROTTLED")
work=$(mktemp -d)
on_exit rm -rf "$work"

# burst TOKEN N: N concurrent LISTs on loopback; prints one "CODE RETRY_AFTER" line per request.
# Each request is its own block in a curl config (options after "next" apply to one URL only).
burst() {
  local tok=$1 n=$2 i
  for ((i = 0; i < n; i++)); do
    ((i == 0)) || echo next
    cat <<CFG
silent
show-error
url = "$TESTBED_SERVER/api/v1/pods"
cacert = "$TESTBED_CA"
header = "Authorization: Bearer $tok"
max-time = 20
output = "/dev/null"
dump-header = "$work/h$i"
write-out = "%{http_code} $i\\n"
CFG
  done >"$work/cfg"
  curl -sS --no-progress-meter --parallel --parallel-immediate --parallel-max "$n" -K "$work/cfg" |
    while read -r code idx; do
      printf '%s %s\n' "$code" "$(tr -d '\r' <"$work/h$idx" | awk -F': ' 'tolower($1)=="retry-after"{print $2}')"
    done
}

got429=0
for round in 1 2 3 4 5; do
  results=$(burst "$token" 40)
  n429=$(grep -c '^429 ' <<<"$results" || true)
  n200=$(grep -c '^200 ' <<<"$results" || true)
  other=$(grep -vc '^\(200\|429\) ' <<<"$results" || true)
  info "round $round: $n200 x 200, $n429 x 429, $other other"
  ((other == 0)) || fail "unexpected status codes: $(grep -v '^\(200\|429\) ' <<<"$results" | head -3)"
  if ((n429 > 0)); then
    got429=$n429
    grep -q '^429 [0-9]' <<<"$(grep '^429 ' <<<"$results")" || fail "429 responses carry no Retry-After header"
    ((n200 > 0)) || fail "every request was rejected; the level should still admit some"
    break
  fi
done
((got429 > 0)) || fail "no 429 in 5 rounds of 40 concurrent requests from user throttled"

# the admin (exempt priority level) is not throttled by the same load
results=$(burst "$TESTBED_ADMIN_TOKEN" 40)
grep -q '^429 ' <<<"$results" && fail "admin got 429s"

"$TESTBED_SCRIPT" throttle off --state "$TESTBED_STATE" || fail "throttle off failed"
k get flowschema testbed-throttled >/dev/null 2>&1 && fail "FlowSchema testbed-throttled still exists after throttle off"
# back in global-default (queued, not rejected): a burst no longer gets 429s
results=$(burst "$token" 40)
if grep -q '^429 ' <<<"$results"; then
  sleep 2 # the server's APF configuration follows the objects through an informer
  results=$(burst "$token" 40)
  grep -q '^429 ' <<<"$results" && fail "user throttled still gets 429s after throttle off"
fi
info "ok: $got429 x 429 with Retry-After under throttle; none for admin; none after throttle off"
