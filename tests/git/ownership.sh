# A repository another user owns: git refuses it unless trusted (safe.directory), and vsctl said
# "not in a git repository". Now it names the ownership check and the command that trusts it;
# once trusted, it reads it. Needs root (to give the repository to another user); skipped else.
source "$(dirname "$0")/lib.sh"
if [[ $(id -u) != 0 ]]; then info "skipped: needs root to hand the repository to another user"; exit 0; fi
new_repo "$TMP/repo"
shop 2.2.0 7.0.0
commit "cart 2.2.0"
chown -R nobody "$TMP/repo"
run log
expect_rc 4
expect_err_has "the git repository at \"$TMP/repo\" belongs to another user, and git (vsctl with it) reads such a repository only once it is trusted: git config --global --add safe.directory $TMP/repo"
git config --global --add safe.directory "$TMP/repo"
run log
expect_rc 0
expect_out_has "Provision  2.2.0"
chown -R "$(id -u)" "$TMP/repo"
info ok
