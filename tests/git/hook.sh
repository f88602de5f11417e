# vsctl hook install: idempotent, chains an existing hook, blocks invalid commits and pushes,
# respects core.hooksPath; and the repository's .pre-commit-hooks.yaml is well-formed.
source "$(dirname "$0")/lib.sh"

new_repo "$TMP/repo"
shop 2.2.0 7.2.4
commit "shop"

info "install, twice"
run hook install
expect_rc 0
expect_out "installed the vsctl pre-commit hook: $TMP/repo/.git/hooks/pre-commit"
[[ -x .git/hooks/pre-commit ]] || fail "the hook is not executable"
run hook install
expect_out "the vsctl pre-commit hook is already installed: $TMP/repo/.git/hooks/pre-commit"

info "an invalid manifest cannot be committed; a valid one can"
shop 2.2.0 6.0.0
set +e
next_date
git commit -qam "breaks cart" 2>"$TMP/hook-err"
rc=$?
set -e
((rc != 0)) || fail "the commit went through"
grep -q 'this change moves redis back from 7.2.4 to 6.0.0' "$TMP/hook-err" || fail "no reason given: $(cat "$TMP/hook-err")"
shop 2.2.0 7.3.0
commit "redis 7.3"
[[ $(git log -1 --format=%s) == "redis 7.3" ]] || fail "a valid commit was refused"

info "an existing hook is kept and runs first"
cat >.git/hooks/pre-push <<'SH'
#!/bin/sh
echo "the old hook ran with $(cat | wc -l) ref lines" >&2
SH
chmod +x .git/hooks/pre-push
run hook install --pre-push
expect_rc 0
expect_out "installed the vsctl pre-push hook: $TMP/repo/.git/hooks/pre-push; the hook that was there is kept as pre-push.local and runs first"
grep -q 'the old hook ran' .git/hooks/pre-push.local || fail "the old hook was not kept"
run hook install --pre-push
expect_out_has "already installed"

info "pre-push validates each pushed commit against the remote's"
git init -q --bare "$TMP/remote.git"
git remote add origin "$TMP/remote.git"
git push -q origin main 2>"$TMP/push-err" || fail "first push refused: $(cat "$TMP/push-err")"
grep -q 'the old hook ran with 1 ref lines' "$TMP/push-err" || fail "the old hook did not run: $(cat "$TMP/push-err")"
shop 2.2.0 6.0.0
next_date
git commit -q --no-verify -am "breaks cart, committed without the hook"
if git push -q origin main 2>"$TMP/push-err"; then fail "an invalid push went through"; fi
grep -q 'moves redis back from 7.3.0 to 6.0.0' "$TMP/push-err" || fail "no reason given: $(cat "$TMP/push-err")"

info "core.hooksPath"
git config core.hooksPath .githooks
run hook install
expect_out "installed the vsctl pre-commit hook: $TMP/repo/.githooks/pre-commit"

info ".pre-commit-hooks.yaml"
hooks_file=$REPO_ROOT/.pre-commit-hooks.yaml
[[ -f "$hooks_file" ]] || fail "no .pre-commit-hooks.yaml at the repository root"
grep -q '^- id: vsctl-validate$' "$hooks_file" || fail "no vsctl-validate hook"
for key in name entry language pass_filenames; do
  [[ $(grep -c "^  $key: " "$hooks_file") == $(grep -c '^- id: ' "$hooks_file") ]] || fail "a hook lacks $key"
done
while read -r entry; do
  # each entry must be a command vsctl accepts
  read -r -a words <<<"${entry#  entry: }"
  run "${words[@]:1}" --help
  expect_rc 0
done < <(grep '^  entry: ' "$hooks_file")
info ok
