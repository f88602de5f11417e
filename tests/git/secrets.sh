# Secret values from objects files (and patches of Secrets) never show where VersionSets are
# compared or shown: diff REV1 REV2 (text and JSON) masks them as the live diff does ("***",
# "*** (before) DIGEST" -> "*** (after) DIGEST", the digest over namespace/name/key and the
# value), show and log never print them; --show-secrets and render (as helm template) do.
source "$(dirname "$0")/lib.sh"

old_pw=$(printf 'hunter2-old' | base64)
new_pw=$(printf 'hunter2-new' | base64)
user=$(printf 'admin-user' | base64)
secret_file() {  # PASSWORD_B64 TOKEN
  mkdir -p k8s
  cat >k8s/secret.yaml <<YAML
apiVersion: v1
kind: Secret
metadata: { name: cart-db, namespace: shop }
data:
  password: $1
  user: $user
stringData:
  token: $2
YAML
}
with_objects() {  # the shop, cart with the objects file; EXTRA lines for cart
  shop 2.2.0 7.2.4
  sed -i "s|      image: registry.example.com/shop/cart|      image: registry.example.com/shop/cart\n      objects: [ k8s/secret.yaml ]${1:-}|" architecture.yaml
}

new_repo "$TMP/repo"
secret_file "$old_pw" plain-token-old
with_objects
commit "one"
secret_file "$new_pw" plain-token-new
with_objects '\n      patches: [ { target: { kind: Secret, name: cart-db }, patch: { stringData: { extra: patched-value-new } } } ]'
commit "two"

leaks=("$old_pw" "$new_pw" hunter2 plain-token-old plain-token-new patched-value-new)
no_values() {  # WHAT: none of the values on stdout or stderr
  for v in "${leaks[@]}"; do
    [[ $OUT != *"$v"* && $ERR != *"$v"* ]] || fail "$1 shows the secret value $v: $OUT"
  done
}
digest() {  # KEY VALUE: what k8s::mask_secret puts after a changed value
  printf 'shop/cart-db/%s\n%s' "$1" "$2" | sha256sum | cut -c1-8
}

run diff HEAD~1 HEAD
expect_rc 1
no_values "diff HEAD~1 HEAD"
grep -Eq "^    objects\[0\]\.content\[0\]\.data\.password: +\"\*\*\* \(before\) $(digest password "$old_pw")\" -> \"\*\*\* \(after\) $(digest password "$new_pw")\"$" <<<"$OUT" ||
  fail "the changed password is not masked with its digests: $OUT"
grep -Eq "^    objects\[0\]\.content\[0\]\.stringData\.token: +\"\*\*\* \(before\) $(digest token plain-token-old)\" -> \"\*\*\* \(after\) $(digest token plain-token-new)\"$" <<<"$OUT" ||
  fail "the changed token is not masked with its digests: $OUT"
expect_out_has '"stringData":{"extra":"***"}'
[[ $OUT != *"data.user"* ]] || fail "an unchanged value shows as a change: $OUT"

run diff HEAD~1 HEAD -o json
expect_rc 1
no_values "diff HEAD~1 HEAD -o json"
expect_out_has "\"*** (after) $(digest password "$new_pw")\""
expect_out_has '"extra": "***"'

# a Secret that appears whole (a new service's objects) is masked too
git checkout -q -b empty-objects HEAD~1
mv k8s/secret.yaml k8s/s.yaml
sed -i 's|k8s/secret.yaml|k8s/s.yaml|' architecture.yaml
cat >>k8s/s.yaml <<'YAML'
---
apiVersion: v1
kind: Secret
metadata: { name: second, namespace: shop }
stringData: { added: brand-new-secret }
YAML
commit "three"
leaks+=(brand-new-secret)
run diff main HEAD
expect_rc 1
no_values "diff main HEAD (a Secret added)"
run diff main HEAD -o json
no_values "diff main HEAD -o json (a Secret added)"
expect_out_has '"added": "***"'
git checkout -q main

# show and log never print values
for args in "show" "show HEAD~1" "show -o json" "log" "log -o json" "log --service cart -o json"; do
  # shellcheck disable=SC2086
  run $args
  expect_rc 0
  no_values "vsctl $args"
done

# --show-secrets shows them, as for the live diff
run diff HEAD~1 HEAD --show-secrets
expect_rc 1
expect_out_has "\"$old_pw\" -> \"$new_pw\""
expect_out_has "plain-token-new"

# render prints what would be applied, as helm template does
run render
expect_rc 0
expect_out_has "$new_pw"
info ok
