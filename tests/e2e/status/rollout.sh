# During a rollout (a version bump whose new instance never becomes ready, applied in the
# background) status shows the mixed versions and Update, the record in progress; status
# --watch -o json streams documents and ends cleanly on SIGINT.
source "$(dirname "$0")/lib.sh"
manifest init
vs apply --yes >/dev/null 2>&1 || fail "first apply failed"
API_IMAGE=example.com/neverready API_VERSION=1.1.0 manifest bump
"$VSCTL" -C "$WORK" apply --yes --timeout 240s > "$OUT/apply.log" 2>&1 &
apply_pid=$!
# SIGTERM: background jobs of a script ignore SIGINT; apply treats both alike (exit 130)
stop_apply() { kill -TERM "$apply_pid" 2>/dev/null || true; wait "$apply_pid" 2>/dev/null || true; }
trap 'stop_apply; cleanup' EXIT

until_json "$OUT/j" 90 'len(svc("api")["liveVersions"]) == 2'
[[ "$(js "$OUT/j" 'svc("api")["state"]')" == Update ]] || fail "api state: $(cat "$OUT/j")"
[[ "$(js "$OUT/j" 'svc("api")["desiredVersion"]')" == 1.1.0 ]] || fail "api desired: $(cat "$OUT/j")"
[[ "$(js "$OUT/j" 'd["applied"]["outcome"]')" == in-progress ]] || fail "record outcome: $(cat "$OUT/j")"
[[ "$(js "$OUT/j" 'svc("web")["state"]')" == Run ]] || fail "web is not in Run: $(cat "$OUT/j")"

vs status > "$OUT/text" || fail "status failed"
grep -Eq "^api +1.1.0 +1.1.0 \(1/2\), 1.0.0 \(1/2\) +0/1 +1..1 +Update " "$OUT/text" || fail "api row: $(cat "$OUT/text")"
grep -q "by .*: in-progress" "$OUT/text" || fail "header outcome: $(cat "$OUT/text")"

# --watch: a JSON document per change, at least the first; SIGINT ends it with exit 0
set +e
timeout --preserve-status -s INT 4 "$VSCTL" -C "$WORK" status --watch -o json > "$OUT/watch" 2> "$OUT/watch.err"
rc=$?
set -e
[[ $rc == 0 ]] || fail "status --watch ended with $rc: $(cat "$OUT/watch.err")"
[[ $(grep -c '^{' "$OUT/watch") -ge 1 ]] || fail "no document from --watch"
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1]) if l.strip()]' "$OUT/watch" || fail "--watch printed invalid JSON"
[[ "$(head -1 "$OUT/watch" | python3 -c 'import json,sys; print(json.load(sys.stdin)["kind"])')" == Status ]] || fail "--watch: not a Status"
stop_apply
grep -q "interrupted" "$OUT/apply.log" || fail "the apply was not interrupted: $(tail -3 "$OUT/apply.log")"
info ok
