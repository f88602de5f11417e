# vsctl validate [REV] --base REV: what a change breaks, in text, json, sarif and github forms.
source "$(dirname "$0")/lib.sh"

new_repo "$TMP/repo"
shop 2.2.0 7.2.4
cat >>architecture.yaml <<'YAML'
  environments:
    staging:
      services:
        redis: { version: 7.2.5 }
YAML
commit "base"
s() { git rev-parse --short=7 "$1"; }

info "nothing broken"
sed -i 's/version: 1.4.2/version: 1.4.3/' architecture.yaml
run validate --base HEAD
expect_rc 0
expect_out "architecture.yaml: valid: 3 services, 1 environment; breaks nothing of HEAD ($(s HEAD))"

info "a removed service still depended on"
git checkout -q architecture.yaml
sed -i '/^    cart:/,/dependsOn: { redis/d' architecture.yaml
run validate --base HEAD
expect_rc 3
expect_err_has "architecture.yaml:13:9: error: services.frontend.dependsOn.cart: this change removes service \"cart\" (version 2.2.0 in the base), but \"frontend\" still depends on it; keep the service, or drop the dependency in the same change"
[[ "$ERR" != *"unknown-dependency"* && "$ERR" != *"which is not a service"* ]] || fail "the generic error should give way: $ERR"

info "a range that no longer admits, a version moved back out of a range (also in an environment)"
git checkout -q architecture.yaml
sed -i 's/cart: ">=2.2.0 <3.0.0"/cart: ">=2.3.0 <3.0.0"/' architecture.yaml
sed -i 's/redis: { version: 7.2.5 }/redis: { version: 6.2.1 }/' architecture.yaml
commit "breaking"
run validate HEAD --base HEAD~1
expect_rc 3
expect_err "$(s HEAD):architecture.yaml:13:27: error: environment \"staging\": services.cart.dependsOn.redis: this change moves redis back from 7.2.5 to 6.2.1, which cart's range \">=7\" does not admit; move cart to a version whose range admits 6.2.1 in the same change, or keep redis at 7.2.5
        dependsOn: { redis: \">=7\" }
                            ^
$(s HEAD):architecture.yaml:18:15: error: services.frontend.dependsOn.cart: this change makes the range \">=2.3.0 <3.0.0\", which does not admit cart 2.2.0 (the base had \">=2.2.0 <3.0.0\"); widen the range or change cart's version with it
          cart: \">=2.3.0 <3.0.0\"
                ^
$(s HEAD):architecture.yaml: invalid: 2 errors, 0 warnings"

info "github annotations and SARIF"
run validate HEAD --base HEAD~1 -o github
expect_rc 3
expect_out_has "::error file=architecture.yaml,line=18,col=15,title=vsctl range-breaks::services.frontend.dependsOn.cart: this change makes the range"
run validate HEAD --base HEAD~1 -o sarif
expect_rc 3
python3 - "$TMP/out" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["version"] == "2.1.0", d["version"]
run = d["runs"][0]
assert run["tool"]["driver"]["name"] == "vsctl"
ids = sorted(r["ruleId"] for r in run["results"])
assert ids == ["downgrade-breaks", "range-breaks"], ids
loc = run["results"][-1]["locations"][0]["physicalLocation"]
assert loc["artifactLocation"]["uri"] == "architecture.yaml", loc
assert loc["region"]["startLine"] == 18, loc
PY

info "json names the base; a base without a manifest has nothing to break"
run validate HEAD~1 --base HEAD -o json
expect_rc 0
expect_out_has "\"commit\": \"$(git rev-parse HEAD)\""
git checkout -q --orphan empty
git rm -q -r -f .
commit "empty root"
git checkout -q -f main
run validate --base empty
expect_rc 3
run validate HEAD~1 --base empty
expect_rc 0
expect_out "$(s HEAD~1):architecture.yaml: valid: 3 services, 1 environment; empty has no manifest, so every service is new"
run validate HEAD --base nope
expect_rc 4
# the base is read beside the new VersionSet: when both revisions are unknown, the base is named
run validate no-such-rev --base nope
expect_rc 4
expect_err "vsctl validate: unknown revision \"nope\": no such commit, branch or tag"

info "a canary beside the old version while a caller's range admits only the new one warns"
git checkout -q -b canary HEAD~1
sed -i 's/version: 2.2.0/version: 2.3.0/; s/cart: ">=2.2.0 <3.0.0"/cart: "^2.3.0"/' architecture.yaml
sed -i 's/^      instances: { min: 2, max: 2 }$/&\n      rollout: { strategy: canary, steps: [ { weight: 10 }, { pause: {} } ] }/' architecture.yaml
run validate --base HEAD
expect_rc 0
# once, though the environment's view finds it too
expect_err "architecture.yaml:19:15: warning: cart 2.3.0 rolls out by canary beside 2.2.0: frontend's range ^2.3.0 for cart admits only 2.3.0, so some of frontend's requests reach a version it does not work with during the rollout; widen the range (>=2.2.0 <3.0.0) or roll cart out rolling
          cart: \"^2.3.0\"
                ^"
run validate --base HEAD -o github
expect_out_has "::warning file=architecture.yaml,line=19,col=15,title=vsctl range-during-rollout::cart 2.3.0 rolls out by canary"
# a range that admits both versions, or a rolling update, says nothing
sed -i 's/cart: "^2.3.0"/cart: ">=2.2.0 <3.0.0"/' architecture.yaml
run validate --base HEAD
expect_rc 0
expect_err ""
sed -i 's/cart: ">=2.2.0 <3.0.0"/cart: "^2.3.0"/; s/strategy: canary, steps: \[ { weight: 10 }, { pause: {} } \]/strategy: rolling/' architecture.yaml
run validate --base HEAD
expect_rc 0
expect_err ""
git checkout -q -f main

info "a base whose manifest cannot be read (a symlink) warns; the fix can be committed"
good=$(git rev-parse HEAD~1)
git checkout -q -b broken-base "$good"
cp architecture.yaml real.yaml
rm architecture.yaml
ln -s real.yaml architecture.yaml
git add -A
commit "manifest as a symlink"
rm architecture.yaml
mv real.yaml architecture.yaml
git add -A
run validate --base HEAD
expect_rc 0
expect_err_has "the base VersionSet \"HEAD\" ($(git rev-parse --short=7 HEAD)) cannot be read ("
expect_err_has "so what this change breaks could not be checked"
git checkout -q -f main
info ok
