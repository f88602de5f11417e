#!/usr/bin/env bash
# The TCP fault proxy: requests pass through it to the API server; `proxy cut` resets open
# connections (a watch in progress ends with a transport error) and refuses new ones for a while.
# shellcheck source=tests/testbed/lib.sh
source "$(dirname "$0")/lib.sh"

work=$(mktemp -d)
on_exit rm -rf "$work"
pf="$work/proxy.port"
"$TESTBED_SCRIPT" proxy start "$pf" --state "$TESTBED_STATE" >/dev/null || fail "proxy start failed"
on_exit "$TESTBED_SCRIPT" proxy stop "$pf" --state "$TESTBED_STATE"
port=$(tr -d '[:space:]' <"$pf")
[[ "$port" =~ ^[0-9]+$ ]] || fail "port file holds '$port'"
via="https://127.0.0.1:$port"

get() { curl -sS --max-time 5 --cacert "$TESTBED_CA" -H "Authorization: Bearer $TESTBED_ADMIN_TOKEN" "$via$1"; }
[[ $(get /readyz) == ok ]] || fail "readyz through the proxy failed"
k --kubeconfig "$pf.kubeconfig" get namespace default >/dev/null || fail "kubectl through the proxy failed"

# a long watch through the proxy, then cut everything and refuse for 3 s
curl -sS -N --max-time 30 --cacert "$TESTBED_CA" -H "Authorization: Bearer $TESTBED_ADMIN_TOKEN" \
  "$via/api/v1/namespaces/default/configmaps?watch=1&timeoutSeconds=25" >"$work/watch.out" 2>"$work/watch.err" &
watch_pid=$!
on_exit kill "$watch_pid"
# wait until the watch is established (the initial ADDED events arrive)
wait_until 10 "the watch through the proxy to start" test -s "$work/watch.out"

t0=$(date +%s.%N)
"$TESTBED_SCRIPT" proxy cut "$pf" 3 --state "$TESTBED_STATE" 2>/dev/null || fail "proxy cut failed"
rc=0
wait "$watch_pid" || rc=$?
elapsed=$(python3 -c "import sys; print(round($(date +%s.%N) - $t0, 2))")
((rc != 0)) || fail "the watch ended cleanly; it should have been cut"
python3 -c "import sys; sys.exit(0 if $elapsed < 5 else 1)" || fail "the watch lasted ${elapsed}s after the cut"
info "watch cut after ${elapsed}s: curl exit $rc ($(tr -d '\n' <"$work/watch.err"))"

# refused during the outage (curl exit 7: could not connect)
rc=0
get /readyz >/dev/null 2>&1 || rc=$?
((rc == 7)) || fail "during the outage want connection refused (curl exit 7), got exit $rc"

# and accepted again afterwards
wait_until 10 "the proxy to accept connections again" get /readyz
direct=$(curl -sS --max-time 5 --cacert "$TESTBED_CA" "$TESTBED_SERVER/readyz")
[[ "$direct" == ok ]] || fail "the API server itself is not ready: $direct"

# a plain cut (no outage) resets connections but keeps accepting
"$TESTBED_SCRIPT" proxy cut "$pf" --state "$TESTBED_STATE" 2>/dev/null || fail "proxy cut (no outage) failed"
[[ $(get /readyz) == ok ]] || fail "after a cut without outage the proxy should accept at once"
info "ok: proxy forwards, cuts a live watch, refuses during the outage, recovers"
