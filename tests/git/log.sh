# vsctl log: first-parent history, commits that leave the manifest alone skipped, objects files
# counted, per-service change kinds, --service, --max-count, -o json, and the cache.
source "$(dirname "$0")/lib.sh"

new_repo "$TMP/repo"
echo hi >README
commit "readme before any manifest"
shop 2.2.0 7.2.4
commit "shop"
sed -i 's/min: 2, max: 2/min: 3, max: 3/' architecture.yaml
commit "more carts"
echo more >>README
commit "docs only"
git checkout -q -b feature
shop 2.3.0 7.2.4
sed -i 's/min: 2, max: 2/min: 3, max: 3/' architecture.yaml
commit "cart 2.3.0 on a branch"
shop 2.3.0 7.2.4 ">=2.3.0 <3.0.0"
sed -i 's/min: 2, max: 2/min: 3, max: 3/' architecture.yaml
commit "frontend wants 2.3"
git checkout -q main
next_date
git merge -q --no-ff -m "merge feature" feature
mkdir -p k8s
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: redis-conf }\n' >k8s/redis.yaml
shop 2.3.0 7.2.4 ">=2.3.0 <3.0.0" "      objects: [ k8s/redis.yaml ]"
sed -i 's/min: 2, max: 2/min: 3, max: 3/' architecture.yaml
commit "redis config"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: redis-conf }\ndata: { maxmemory: 1gb }\n' >k8s/redis.yaml
commit "redis config: maxmemory"
cat >>architecture.yaml <<'YAML'
    search:
      image: registry.example.com/shop/search
      version: 0.9.0
YAML
sed -i 's/cpu: 100m, memory: 64Mi/cpu: 100m, memory: 128Mi/' architecture.yaml
commit "search, more memory"
sed -i '/    search:/,$d' architecture.yaml
commit "no search"
s() { git rev-parse --short=7 "$1"; }
# the line vsctl log starts an entry with
c() { git log -1 --format='%h %cd %an  %s' --abbrev=7 --date=format:'%Y-%m-%d %H:%M %z' "$1"; }

info "text"
run log
expect_rc 0
expect_out "$(c HEAD)
    search  Destroy  (was 0.9.0)
$(c HEAD~1)
    cart      Update     resources
    frontend  Update     resources
    redis     Update     resources
    search    Provision  0.9.0
$(c HEAD~2)
    redis  Update  objects
$(c HEAD~3)
    redis  Update  objects
$(c HEAD~4)
    cart      Update  2.2.0 -> 2.3.0
    frontend  Update  dependsOn
$(c HEAD~6)
    cart  Scale  instances
$(c HEAD~7)
    cart      Provision  2.2.0
    frontend  Provision  1.4.2
    redis     Provision  7.2.4"
[[ -d .git/vsctl/cache ]] || fail "no cache under .git/vsctl/cache"

info "the cache gives the same answer, and a corrupt one is ignored"
first=$OUT
run log
expect_out "$first"
for f in .git/vsctl/cache/*; do printf 'garbage' >"$f"; done
run log
expect_rc 0
expect_out "$first"
rm -rf .git/vsctl
run -v log
expect_err_has "9 first-parent commits (9 new), 7 VersionSets"
run -v log
expect_err_has "9 first-parent commits (0 new), 7 VersionSets, 0 manifest blobs summarised"

info "--service, --max-count, a starting revision"
run log --service cart -n 2
expect_rc 0
expect_out "$(c HEAD~1)
    cart  Update  resources
$(c HEAD~4)
    cart  Update  2.2.0 -> 2.3.0"
run log --service crat
expect_rc 2
expect_err_has "--service: no VersionSet in the history of HEAD has a service \"crat\" (did you mean \"cart\"?)"
run log feature --service frontend
expect_out "$(c feature)
    frontend  Update  dependsOn
$(c HEAD~7)
    frontend  Provision  1.4.2"

info "json"
run log -n 1 -o json
expect_rc 0
expect_out "[
  {
    \"author\": \"Ann\",
    \"changes\": [
      {
        \"fields\": [],
        \"from\": \"0.9.0\",
        \"kind\": \"Destroy\",
        \"service\": \"search\",
        \"to\": null
      }
    ],
    \"commit\": \"$(git rev-parse HEAD)\",
    \"manifest\": true,
    \"parses\": true,
    \"subject\": \"no search\",
    \"time\": \"$(git log -1 --format=%cd --date=format:%Y-%m-%dT%H:%M:%S+00:00)\"
  }
]"

info "an unknown environment, a manifest that never existed"
run log --env nope
expect_rc 2
expect_err 'vsctl log: --env: the manifest has no environment "nope" (it declares none)'
run -f other.yaml log
expect_rc 0
expect_out ""
expect_err "vsctl log: no commit in the first-parent history of HEAD has other.yaml"

info "a shallow clone: the history it has"
git clone -q --depth 3 "file://$TMP/repo" "$TMP/shallow"
run -C "$TMP/shallow" log
expect_rc 0
expect_err "vsctl log: a shallow clone: older history is not in the repository (git fetch --unshallow)"
expect_out_has "$(c HEAD)"
[[ "$OUT" != *"$(c HEAD~3)"* ]] || fail "the shallow clone showed history it does not have"

info "a manifest that does not parse, and one removed"
echo 'spec: [' >architecture.yaml
commit "broken"
git rm -q architecture.yaml
commit "gone"
run log -n 2
expect_out "$(c HEAD)
    (the manifest was removed)
$(c HEAD~1)
    (the manifest does not parse here: vsctl validate $(s HEAD~1))"
run log no-such-rev
expect_rc 4

info "a commit message that is not UTF-8 (i18n.commitEncoding=ISO-8859-1): valid JSON, the byte replaced"
new_repo "$TMP/latin1"
printf 'apiVersion: vsctl.dev/v1\nkind: Architecture\nmetadata: { name: l }\nspec:\n  namespace: l\n  services:\n    a: { image: example.com/a, version: 1.0.0 }\n' > architecture.yaml
git add -A
next_date
printf 'caf\xe9 au lait\n' | git -c i18n.commitEncoding=ISO-8859-1 commit -q -F -
run log -o json
expect_rc 0
python3 -c 'import json,sys; d=json.loads(sys.argv[1]); assert d[0]["subject"].startswith("caf"), d' "$OUT" || fail "not JSON: $OUT"
info ok
