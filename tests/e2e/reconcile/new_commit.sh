# A new commit on the branch is applied by the next round; the repository is fetched from a
# file:// URL into the cache; a commit that crosses a one-way door is reported, not applied.
source "$(dirname "$0")/lib.sh"
manifest init
branch=$(git -C "$WORK" branch --show-current)
start_loop --repo "file://$WORK" --branch "$branch" --interval 2s --cache-dir "$OUT/cache" --timeout 60s
wait_until "the first round to provision everything" 90 available_is web 1
ls "$OUT"/cache/*.git/HEAD >/dev/null 2>&1 || fail "no fetched repository in the cache"
grep -q "new commit .* (nothing recorded yet)" "$OUT/loop.err" || fail "the first round did not name the commit: $(head -5 "$OUT/loop.err")"

WEB_VERSION=2.1.0 manifest "web 2.1.0"
sha=$(git -C "$WORK" rev-parse HEAD)
t0=$SECONDS
wait_until "web at 2.1.0" 30 image_is web example.com/web:2.1.0
info "new commit applied in $((SECONDS - t0))s"
wait_until "the record of the new commit" 20 recorded_commit_is "$sha"
wait_until "the record of the new commit to succeed" 30 newest_succeeded

# a pet's volume grows: a one-way door the reconciler never crosses
sed -i 's/size: 1Gi/size: 2Gi/' "$WORK/architecture.yaml"
git -C "$WORK" commit -qam "db volume 2Gi"
wait_until "the refusal" 20 grep -q "one-way door (volume-change) in service db" "$OUT/loop.err"
refusal_event() { grep -q . <<<"$(k -n "$NS" get events --field-selector reason=ReconcileRefused -o name)"; }
wait_until "the refusal Event" 10 refusal_event
[[ "$(k -n "$NS" get sts db -o jsonpath='{.spec.volumeClaimTemplates[0].spec.resources.requests.storage}')" == 1Gi ]] || fail "the door was crossed"
stop_loop
info ok
