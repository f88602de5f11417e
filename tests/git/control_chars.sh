# Control characters from inputs never reach a terminal or a CI log raw: a commit message with an
# OSC title sequence and a clear-screen, and an objects path holding a newline that would start a
# line of its own ("::error file=README.md::...") and an ESC, in text and -o github output.
source "$(dirname "$0")/lib.sh"
new_repo "$TMP/repo"
shop 2.2.0 7.0.0
next_date
git add -A
git commit -q -m "$(printf 'set \033]0;pwned\007title and \033[2Jclear')"
run log
expect_rc 0
[[ "$OUT" != *$'\033'* && "$OUT" != *$'\007'* ]] || fail "log printed raw escape sequences: $(printf '%q' "$OUT")"
expect_out_has 'set \x1b]0;pwned\x07title and \x1b[2Jclear'

evil=$'k8s/a\n::error file=README.md::injected\033[31m.yaml'
python3 - "$evil" <<'PY'
import sys, re
path = sys.argv[1]
text = open("architecture.yaml").read()
text = text.replace("    cart:\n", "    cart:\n      objects: [" + '"' + path.replace("\n", "\\n").replace("\033", "\\e") + '"' + "]\n", 1)
open("architecture.yaml", "w").write(text)
PY
grep -q 'objects:' architecture.yaml || fail "the test manifest has no objects line"
for fmt in text github; do
  run validate -o "$fmt"
  expect_rc 3
  all="$OUT"$'\n'"$ERR"
  [[ "$all" != *$'\033'* ]] || fail "-o $fmt printed a raw ESC: $(printf '%q' "$all")"
  while IFS= read -r line; do
    [[ "$line" != "::error file=README.md"* ]] || fail "-o $fmt let the path start a line of its own: $line"
  done <<<"$all"
done
info ok
