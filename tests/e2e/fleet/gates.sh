# The gates of a promotion, each refusing with exit 8 and saying what holds it and when it would
# pass: the soak, approval: manual without --yes or a terminal, a service of staging not in Run,
# a version vetoed in production only, and a commit that is not in the branch's history.
source "$(dirname "$0")/lib.sh"
expect8() {  # expect8 NAME PATTERN ARGS...: promote ARGS exits 8 and its message matches PATTERN
  local name=$1 pattern=$2
  shift 2
  vs_rc rc promote "$@" > "$OUT/$name.out" 2> "$OUT/$name.err"
  [[ $rc == 8 ]] || fail "$name: exit $rc, want 8: $(cat "$OUT/$name.out" "$OUT/$name.err")"
  grep -Eq "$pattern" "$OUT/$name.out" "$OUT/$name.err" || fail "$name: no '$pattern' in: $(cat "$OUT/$name.out" "$OUT/$name.err")"
  [[ -z $(kprod get ns "$NS-eu" --ignore-not-found -o name) ]] || [[ ${PROMOTED:-0} == 1 ]] || fail "$name: something landed in production"
}

SOAK=1h manifest "soak 1h"
vs apply --env staging --yes >/dev/null 2>"$OUT/a.err" || fail "apply to staging: $(cat "$OUT/a.err")"
expect8 soak "soak: staging has run [0-9a-f]{7} for [0-9]+s, needs 1h00m; passes at 20[0-9-]+ [0-9:]+ UTC \(in (59m|1h)"
vs_rc rc promote -o json > "$OUT/soak.json" 2>/dev/null
python3 - "$OUT/soak.json" <<'PY' || fail "soak json: $(cat "$OUT/soak.json")"
import json, sys
d = json.loads(open(sys.argv[1]).read().splitlines()[-1])
assert d["outcome"] == "refused", d
soak = next(g for g in d["gates"] if g["gate"] == "soak")
assert not soak["passed"] and soak["passes"].startswith("at "), soak
assert all(g["passed"] for g in d["gates"] if g["gate"] != "soak"), d["gates"]
PY

APPROVAL=manual manifest "manual approval, no soak"
vs apply --env staging --yes >/dev/null 2>"$OUT/a.err" || fail "apply to staging: $(cat "$OUT/a.err")"
expect8 approval "asks a person to confirm \(approval: manual\): pass --yes" </dev/null

# a service of staging that is not in Run holds the promotion
kstg -n "$NS" set image deploy/web '*=example.com/crashloop-web:2.0.0' >/dev/null
sleep 3
expect8 running "running: 1 service\(s\) of staging not in Run: staging/web" --yes
vs apply --env staging --yes >/dev/null 2>"$OUT/a.err" || fail "apply taking back the image: $(cat "$OUT/a.err")"
vs promote --yes > "$OUT/ok.out" 2> "$OUT/ok.err" || fail "promote with every gate open: $(cat "$OUT/ok.out" "$OUT/ok.err")"
PROMOTED=1

# a veto recorded in production-eu alone stops a promotion that would land the version anywhere
APPROVAL=manual API_VERSION=1.1.0 manifest "api 1.1.0"
vs apply --env staging --yes >/dev/null 2>"$OUT/a.err" || fail "apply 1.1.0 to staging: $(cat "$OUT/a.err")"
vs --env production-eu veto api@1.1.0 --reason "drops orders" >/dev/null || fail "veto in production-eu"
expect8 veto "api@1.1.0 is vetoed in production-eu \(drops orders\)" --yes
vs veto --list > "$OUT/list.out" || fail "veto --list"
grep -Eq "^api@1.1.0 +drops orders .* production-eu$" "$OUT/list.out" || fail "veto --list does not say where: $(cat "$OUT/list.out")"
# a fleet-wide veto lands in every environment's cluster (kubectl is the witness), unveto lifts it everywhere
vs veto web@9.9.9 --reason "never" > "$OUT/veto.out" || fail "fleet veto: $(cat "$OUT/veto.out")"
grep -q "vetoed web@9.9.9 in staging, production-eu, production-us" "$OUT/veto.out" || fail "fleet veto: $(cat "$OUT/veto.out")"
for c in "stg $NS" "prod $NS-eu" "prod $NS-us"; do
  read -r ctx ns <<<"$c"
  grep -q "web_9.9.9" <<<"$(k --context "$ctx" -n "$ns" get configmap vsctl.fx.vetoes -o jsonpath='{.data}')" || fail "no veto in $ctx/$ns"
done
vs unveto api@1.1.0 > "$OUT/unveto.out" || fail "unveto"
grep -q "lifted the veto on api@1.1.0 in production-eu" "$OUT/unveto.out" || fail "unveto: $(cat "$OUT/unveto.out")"
vs promote --dry-run > "$OUT/dry.out" 2>&1 || fail "after unveto: $(cat "$OUT/dry.out")"

# a commit staging ran from another branch is not promoted from main
git -C "$WORK" checkout -q -b side
APPROVAL=manual API_VERSION=1.2.0 manifest "side: api 1.2.0"
vs apply --env staging --yes >/dev/null 2>"$OUT/a.err" || fail "apply the side branch: $(cat "$OUT/a.err")"
git -C "$WORK" checkout -q main
expect8 history "history: [0-9a-f]{7} is not in the history of main" --branch main --yes
[[ $(version prod "$NS-eu" api) == 1.0.0 ]] || fail "production-eu moved to $(version prod "$NS-eu" api)"
info ok
