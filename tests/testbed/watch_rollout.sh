#!/usr/bin/env bash
# LIST then WATCH from the list's resourceVersion: the watch sees a rollout's status changes,
# up to the new generation being fully observed, updated and available.
# shellcheck source=tests/testbed/lib.sh
source "$(dirname "$0")/lib.sh"
make_ns

k apply -n "$NS" -f - >/dev/null <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: example.com/web:1}]
YAML
k rollout status -n "$NS" deployment/web --timeout=60s >/dev/null || fail "initial rollout did not finish"

list=$(api GET "/apis/apps/v1/namespaces/$NS/deployments")
[[ $(tail -n1 <<<"$list") == 200 ]] || fail "LIST failed: $list"
rv=$(sed '$d' <<<"$list" | python3 -c 'import json,sys; print(json.load(sys.stdin)["metadata"]["resourceVersion"])')
gen=$(jp deployment web '{.metadata.generation}')
info "LIST resourceVersion $rv, generation $gen"

events="$(mktemp)"
on_exit rm -f "$events"
curl -sS -N --max-time 60 --cacert "$TESTBED_CA" -H "Authorization: Bearer $TESTBED_ADMIN_TOKEN" \
  "$TESTBED_SERVER/apis/apps/v1/namespaces/$NS/deployments?watch=1&resourceVersion=$rv&timeoutSeconds=55" \
  >"$events" 2>/dev/null &
watch_pid=$!
on_exit kill "$watch_pid"

k set image -n "$NS" deployment/web web=example.com/web:2 >/dev/null
want_gen=$((gen + 1))

# done when an event shows the new generation observed, all replicas updated and available
rollout_seen() {
  python3 - "$events" "$want_gen" <<'PY'
import json, sys
path, gen = sys.argv[1], int(sys.argv[2])
seen_progress = done = False
for line in open(path):
    line = line.strip()
    if not line:
        continue
    ev = json.loads(line)
    assert ev["type"] in ("ADDED", "MODIFIED"), ev["type"]
    o = ev["object"]; s = o.get("status", {})
    if o["metadata"]["generation"] != gen:
        continue
    if s.get("observedGeneration", 0) >= gen:
        if (s.get("updatedReplicas") == o["spec"]["replicas"] == s.get("availableReplicas")
                and s.get("replicas") == o["spec"]["replicas"]):
            done = True
        else:
            seen_progress = True
if not done:
    print("no completed rollout event yet")
    sys.exit(1)
print("progress events seen" if seen_progress else "completion only")
PY
}
wait_until 60 "watch events showing the rollout to generation $want_gen complete" rollout_seen
n=$(grep -c . "$events")
((n >= 2)) || fail "want several watch events for the rollout, got $n"
types=$(python3 -c 'import json,sys; print(" ".join(sorted({json.loads(l)["type"] for l in open(sys.argv[1]) if l.strip()})))' "$events")
info "ok: $n watch events ($types) from resourceVersion $rv; rollout to generation $want_gen complete"
