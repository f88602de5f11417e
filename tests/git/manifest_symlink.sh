# A working-tree manifest (architecture.yaml or -f FILE) that is a symbolic link leading out of
# the repository, or into its .git directory, is refused before it is read (exit 3, the file
# named, nothing of its content printed in any output format), as objects files are; a link that
# stays inside is followed. -f at something that is not a readable regular file says which path
# and why.
source "$(dirname "$0")/lib.sh"

secret='https://ann:ghp_S3CRETt0ken@github.com'
printf '%s\n' "$secret" >"$TMP/.git-credentials"
export VSCTL_TEST_SECRET=s3cret-from-the-environment

new_repo "$TMP/repo"
shop 2.2.0 7.2.4
commit "shop"
git config http.extraheader "AUTHORIZATION: basic $secret"

no_secret() {  # nothing of the credential or the environment on either stream
  for s in ghp_S3CRETt0ken s3cret-from-the-environment AUTHORIZATION; do
    [[ $OUT != *"$s"* && $ERR != *"$s"* ]] || fail "the output shows $s: stdout: $OUT; stderr: $ERR"
  done
}

mv architecture.yaml shop.yaml
ln -s "$TMP/.git-credentials" architecture.yaml
for o in text json github sarif; do
  run validate -o "$o"
  expect_rc 3
  no_secret
  expect_err_has "architecture.yaml leads out of the repository's files (to \"$TMP/.git-credentials\")"
  expect_err_has "put the manifest itself in the repository"
done
for cmd in render show graph plan; do
  # shellcheck disable=SC2086
  run $cmd
  [[ $RC != 0 ]] || fail "vsctl $cmd read the symlinked manifest"
  no_secret
done
run render
expect_rc 3

ln -sf /proc/self/environ architecture.yaml
run validate -o github
expect_rc 3
no_secret

# into the repository's own .git directory (a CI checkout keeps its token in .git/config)
ln -sf .git/config architecture.yaml
run validate
expect_rc 3
no_secret
expect_err_has "architecture.yaml leads out of the repository's files"

# -f names a link too, and a directory on the way counts
ln -s "$TMP" outside
run -f outside/.git-credentials validate
expect_rc 3
no_secret
ln -sf "$TMP/.git-credentials" other.yaml
run -f other.yaml validate -o sarif
expect_rc 3
no_secret
expect_err_has "other.yaml leads out of the repository's files"

# a link that stays inside the repository is followed, as for objects files
ln -sf shop.yaml architecture.yaml
run validate
expect_rc 0
run render
expect_rc 0
expect_out_has "name: cart"

# an objects file linked into .git is refused like one linked outside
mkdir -p k8s
ln -s ../.git/config k8s/extra.yaml
sed -i 's|      image: redis|      image: redis\n      objects: [ k8s/extra.yaml ]|' shop.yaml
run validate -o github
expect_rc 3
no_secret
expect_out_has 'leads outside the repository'
sed -i '/objects: \[ k8s\/extra.yaml \]/d' shop.yaml

# the repository's diff policy is read under the same rule (before any cluster is asked)
mkdir -p .vsctl
ln -s "$TMP/.git-credentials" .vsctl/diff.yaml
for cmd in plan diff; do
  run "$cmd"
  expect_rc 3
  no_secret
  expect_err_has ".vsctl/diff.yaml: \".vsctl/diff.yaml\" leads outside the repository"
done
rm .vsctl/diff.yaml

# -f at a pipe, a directory, a missing file: the path and the reason
run -f <(cat shop.yaml) validate
expect_rc 3
expect_err_has " is a pipe, not a regular file"
[[ $ERR == *"/dev/fd/"* || $ERR == *"/proc/"* ]] || fail "the pipe is not named: $ERR"
mkdir -p adir
run -f adir validate
expect_rc 3
expect_err_has "$TMP/repo/adir is a directory, not a regular file"
run -f nope.yaml validate
expect_rc 3
expect_err_has "no such file: $TMP/repo/nope.yaml"
ln -s nowhere.yaml dangling.yaml
run -f dangling.yaml validate
expect_rc 3
expect_err_has "$TMP/repo/dangling.yaml is a symbolic link to \"nowhere.yaml\", which does not exist"
if [[ $(id -u) != 0 ]]; then
  cp shop.yaml locked.yaml
  chmod 000 locked.yaml
  run -f locked.yaml validate
  expect_rc 3
  expect_err_has "cannot read $TMP/repo/locked.yaml: Permission denied"
fi
info ok
