# promote staging -> production: the commit staging converged (not the branch tip) reaches both
# production environments, each with its own overrides, recorded as a promote that names its
# source; with nothing new converged in staging there is nothing to promote.
source "$(dirname "$0")/lib.sh"
manifest "v1"
c1=$(head_commit)
vs apply --env staging --yes >/dev/null 2>"$OUT/apply1.err" || fail "apply to staging: $(cat "$OUT/apply1.err")"
[[ $(version stg "$NS" api) == 1.0.0 ]] || fail "staging does not run api 1.0.0"

# a newer commit on the branch that staging has not run: promote must not take it
API_VERSION=1.1.0 manifest "api 1.1.0"
vs_rc rc promote --dry-run > "$OUT/dry.out" 2> "$OUT/dry.err"
[[ $rc == 0 ]] || fail "promote --dry-run: exit $rc: $(cat "$OUT/dry.out" "$OUT/dry.err")"
grep -q "promote ${c1:0:7} from staging to production" "$OUT/dry.out" || fail "the dry run does not name staging's commit: $(cat "$OUT/dry.out")"
grep -q "environment production-eu" "$OUT/dry.out" || fail "no plan for production-eu: $(cat "$OUT/dry.out")"
grep -q "environment production-us" "$OUT/dry.out" || fail "no plan for production-us: $(cat "$OUT/dry.out")"
grep -q "nothing was changed" "$OUT/dry.out" || fail "the dry run does not say it changed nothing"
[[ -z $(kprod get ns "$NS-eu" --ignore-not-found -o name) ]] || fail "the dry run made a namespace"

# the same as a review comment, rendered by cmark-gfm: the gates table, a section per environment
vs_rc rc promote --dry-run -o markdown > "$OUT/dry.md" 2> "$OUT/dry-md.err"
[[ $rc == 0 ]] || fail "promote --dry-run -o markdown: exit $rc: $(cat "$OUT/dry-md.err")"
if command -v cmark-gfm >/dev/null; then
  cmark-gfm -e table --unsafe "$OUT/dry.md" > "$OUT/dry.html"
  grep -q "<th>Gate</th>" "$OUT/dry.html" || fail "no gates table: $(cat "$OUT/dry.html")"
  [[ $(grep -c "<details open><summary>environment <b>production-" "$OUT/dry.html") == 2 ]] || fail "not one section per environment: $(cat "$OUT/dry.html")"
fi
vs_rc rc promote -o markdown > /dev/null 2> "$OUT/md.err"
[[ $rc == 2 ]] || fail "-o markdown without --dry-run: exit $rc, want 2"

vs_rc rc promote -o json > "$OUT/p1.json" 2> "$OUT/p1.err"
[[ $rc == 0 ]] || fail "promote: exit $rc: $(tail -5 "$OUT/p1.json") $(tail -5 "$OUT/p1.err")"
python3 - "$OUT/p1.json" "$c1" <<'PY' || fail "the summary: $(tail -1 "$OUT/p1.json")"
import json, sys
docs = [json.loads(l) for l in open(sys.argv[1]) if l.startswith("{")]
s = docs[-1]
assert s["type"] == "PromotionSummary" and s["outcome"] == "promoted", s
assert s["commit"] == sys.argv[2] and s["from"] == "staging" and s["to"] == "production", s
assert [e["environment"] for e in s["environments"]] == ["production-eu", "production-us"], s
assert all(e["outcome"] == "promoted" for e in s["environments"]), s
assert all(g["passed"] for g in s["gates"]), s["gates"]
assert any(d.get("type") == "StepFinished" for d in docs), "no progress events"
PY
# kubectl: both production namespaces run staging's commit, not the tip's 1.1.0, each with its overrides
for ns in "$NS-eu" "$NS-us"; do
  [[ $(version prod "$ns" api) == 1.0.0 ]] || fail "$ns runs api $(version prod "$ns" api), want staging's 1.0.0"
  [[ $(version prod "$ns" web) == 2.0.0 ]] || fail "$ns runs no web 2.0.0"
done
[[ $(kstg get ns "$NS-eu" --ignore-not-found -o name) == "" ]] || fail "production landed on the staging cluster"
vs history --env production-eu -o json > "$OUT/hist.json" || fail "history of production-eu"
python3 - "$OUT/hist.json" "$c1" <<'PY' || fail "the record: $(cat "$OUT/hist.json")"
import json, sys
recs = json.load(open(sys.argv[1]))
recs = recs["records"] if isinstance(recs, dict) else recs
r = recs[0]
assert r["operation"] == "promote" and r["commit"] == sys.argv[2], r
assert r["promotedFrom"]["stage"] == "staging" and r["promotedFrom"]["toStage"] == "production", r
assert r["promotedFrom"]["sources"][0]["environment"] == "staging", r
PY

# nothing new converged in staging: nothing to promote, nothing written
vs_rc rc promote > "$OUT/p2.out" 2> "$OUT/p2.err"
[[ $rc == 0 ]] || fail "promote with nothing new: exit $rc: $(cat "$OUT/p2.err")"
grep -q "nothing to promote" "$OUT/p2.out" || fail "no 'nothing to promote': $(cat "$OUT/p2.out")"

# staging takes the tip; the next promote carries it on
vs apply --env staging --yes >/dev/null 2>"$OUT/apply2.err" || fail "apply 1.1.0 to staging: $(cat "$OUT/apply2.err")"
vs_rc rc promote --to production > "$OUT/p3.out" 2> "$OUT/p3.err"
[[ $rc == 0 ]] || fail "second promote: exit $rc: $(cat "$OUT/p3.out" "$OUT/p3.err")"
for ns in "$NS-eu" "$NS-us"; do
  [[ $(version prod "$ns" api) == 1.1.0 ]] || fail "$ns runs api $(version prod "$ns" api) after the second promote"
done
# a rollback in one environment stays there: production-eu back to 1.0.0, production-us untouched
vs --env production-eu rollback --yes > "$OUT/rb.out" 2> "$OUT/rb.err" || fail "rollback --env production-eu: $(cat "$OUT/rb.err")"
[[ $(version prod "$NS-eu" api) == 1.0.0 ]] || fail "production-eu runs api $(version prod "$NS-eu" api) after its rollback"
[[ $(version prod "$NS-us" api) == 1.1.0 ]] || fail "the rollback of production-eu moved production-us"
# the API server's own view of the record: a promote, labelled as records are
grep -q . <<<"$(kprod -n "$NS-eu" get secrets -l vsctl.dev/record=fx -o name)" || fail "no record Secrets in $NS-eu"
info ok
