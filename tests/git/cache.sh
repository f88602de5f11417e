# The history cache (.git/vsctl/cache) is never believed blindly: each file ends in a CRC-32 of
# its content. One flipped byte, or a version edited into a summaries file, is reported on stderr,
# and the answer is rebuilt from git: log prints the true history, rollback proposes only versions
# that existed, both exit 0.
source "$(dirname "$0")/lib.sh"
new_repo "$TMP/repo"
shop 2.2.0 7.0.0
commit "cart 2.2.0"
shop 2.2.5 7.0.0
commit "cart 2.2.5"
run log
expect_rc 0
truth=$OUT
commits=$(ls "$PWD"/.git/vsctl/cache/*.commits)
summaries=$(ls "$PWD"/.git/vsctl/cache/*.summaries)

info "one flipped byte in the commits file"
python3 -c 'import sys; p=sys.argv[1]; d=bytearray(open(p,"rb").read()); d[len(d)//2] ^= 1; open(p,"wb").write(d)' "$commits"
run log
expect_rc 0
expect_out "$truth"
expect_err_has "the history cache $commits failed its checksum: not used; rebuilt from git"
run log
expect_err ""

info "a version that never existed edited into the summaries file"
run rollback cart --from HEAD --dry-run
expect_rc 0
python3 -c '
import sys; p=sys.argv[1]; d=open(p,"rb").read()
assert b"2.2.0" in d, "the summaries file does not hold 2.2.0"
open(p,"wb").write(d.replace(b"2.2.0", b"9.2.0"))' "$summaries"
run rollback cart --from HEAD --dry-run
expect_rc 0
expect_out_has "2.2.5 -> 2.2.0"
[[ "$OUT$ERR" != *9.2.0* ]] || fail "a version from the damaged cache was proposed: $OUT"
expect_err_has "the history cache $summaries failed its checksum: not used; rebuilt from git"
info ok
