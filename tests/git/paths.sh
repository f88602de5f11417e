# Paths the system cannot use are input errors, named, exit 2 (they were internal errors, 70):
# -C at a symlink loop, -C at a name longer than the system allows.
source "$(dirname "$0")/lib.sh"
mkdir -p "$TMP/loop"
ln -s a "$TMP/loop/b"
ln -s b "$TMP/loop/a"
run -C "$TMP/loop/a" validate
expect_rc 2
expect_err_has "cannot use \"$TMP/loop/a\": Too many levels of symbolic links; check the path given with -C or -f"
long="$TMP/$(printf 'x%.0s' $(seq 1 256))"
run -C "$long" validate
expect_rc 2
expect_err_has "File name too long"
info ok
