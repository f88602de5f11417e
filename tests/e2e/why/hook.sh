# A failing preUpdate hook: apply's waiting line and failure, status and the record name the
# Job's condition, its container's last exit and termination message, and why its logs could not
# be read (the test bed has no kubelet: the API server cannot reach the node's log endpoint).
source "$(dirname "$0")/lib.sh"
API_HOOK=example.com/migrate manifest init
vs apply --yes >/dev/null 2>&1 || fail "first apply failed"
API_HOOK=example.com/crashloop-migrate API_VERSION=1.1.0 manifest bump
vs_rc rc apply --yes --timeout 20s -o json > "$OUT/ev" 2> "$OUT/err"
[[ $rc == 6 ]] || fail "exit $rc, want 6: $(cat "$OUT/err")"
# the witness: the Job failed for its deadline
job=$(k -n "$NS" get jobs -l vsctl.dev/hook=preUpdate -o jsonpath='{range .items[?(@.status.failed)]}{.metadata.name}{end}')
[[ -n "$job" ]] || job=$(k -n "$NS" get jobs -o name | grep preupdate | tail -1 | cut -d/ -f2)
[[ "$(k -n "$NS" get job "$job" -o jsonpath='{.status.conditions[?(@.type=="Failed")].reason}')" == DeadlineExceeded ]] ||
  fail "kubectl does not see job $job failed: $(k -n "$NS" get job "$job" -o yaml)"
k -n "$NS" get --raw "/api/v1/namespaces/$NS/pods/nonexistent/log" >/dev/null 2>&1 && fail "logs are readable here?"

cause="hook preUpdate (job $job) failed: DeadlineExceeded: Job was active longer than specified deadline; container hook: CrashLoopBackOff, last exit 1 (Error): panic: cannot connect to cart:7070; its logs could not be read ("
msg=$(finished_message "$OUT/ev" api)
[[ "$msg" == "$cause"* ]] || fail "StepFinished: $msg"
grep -q "^api Update failed HookFailed" <<<"$(events "$OUT/ev" StepFinished)" || fail "no HookFailed: $(events "$OUT/ev" StepFinished)"
# while it ran: the hook's container crash-looping, said once
grep -qF "hook preUpdate: job $job waiting: container hook: CrashLoopBackOff, last exit 1 (Error): panic: cannot connect to cart:7070" <<<"$(grep '"type":"Hook"' "$OUT/ev")" ||
  fail "no waiting line for the hook: $(grep Hook "$OUT/ev")"
[[ "$(image_of api)" == example.com/api:1.0.0 ]] || fail "api moved despite the failed hook: $(image_of api)"

status_json "$OUT/j"
[[ "$(js "$OUT/j" 'd["applied"]["failed"][0]["message"]')" == "$cause"* ]] || fail "status -o json: $(cat "$OUT/j")"
vs status > "$OUT/text" || fail "status failed"
has "$OUT/text" "api: $cause"

vs history -o json > "$OUT/h" || fail "history failed"
[[ "$(failed_message "$OUT/h" api)" == "$cause"* ]] || fail "record: $(cat "$OUT/h")"
info ok
