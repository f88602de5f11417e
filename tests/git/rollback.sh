# vsctl rollback SERVICE... --from REV --dry-run over a real history: what moving a service back
# drags along (dependents and dependencies, transitively), the newest compatible versions rather
# than those of the target's old commit, commits that leave the manifest alone, --to, JSON, and
# the refusal (exit 8) when no consistent VersionSet exists.
source "$(dirname "$0")/lib.sh"

# arch REDIS CART CART_ON_REDIS FRONTEND FRONTEND_ON_CART WEB WEB_ON_FRONTEND [AUTH]
arch() {
  cat >architecture.yaml <<YAML
apiVersion: vsctl.dev/v1
kind: Architecture
metadata: { name: shop }
spec:
  services:
    redis: { image: redis, version: $1 }
    cart: { image: cart, version: $2, dependsOn: { redis: "$3" } }
    frontend: { image: frontend, version: $4, dependsOn: { cart: "$5" } }
    web: { image: web, version: $6, dependsOn: { frontend: "$7" } }
    search: { image: search, version: 0.1.0, dependsOn: { cart: "*" } }
YAML
  if [[ -n "${8:-}" ]]; then echo "    auth: { image: auth, version: $8, dependsOn: { redis: \">=7.2\" } }" >>architecture.yaml; fi
}

new_repo "$TMP/repo"
arch 7.0.0 2.1.0 "<7.2" 1.2.0 ">=2.0" 1.9.0 "^1.2"
commit "one"
echo docs >README
commit "docs"
arch 7.2.4 2.2.0 ">=7" 1.2.0 ">=2.0" 1.9.0 "^1.2"
commit "redis 7.2, cart 2.2"
arch 7.2.4 2.2.0 ">=7" 1.3.0 ">=2.2" 1.9.0 "^1.2"
commit "frontend 1.3"
arch 7.2.4 2.3.0 ">=7" 1.4.2 ">=2.3" 2.0.0 "^1.4"
commit "cart 2.3, frontend 1.4.2, web 2"
echo more >>README
commit "more docs"
s() { git rev-parse --short=7 "$1"; }

info "rolling cart back drags its dependents, each to the newest version that fits"
run rollback cart --from HEAD --dry-run
expect_rc 0
expect_out "Rollback preview from $(s HEAD) (HEAD): 3 services move, dependents first:
  web       2.0.0 -> 1.9.0  (definition from $(s HEAD~2))  dragged: web's range on frontend \"^1.4\" does not admit frontend 1.3.0
  frontend  1.4.2 -> 1.3.0  (definition from $(s HEAD~2))  dragged: frontend's range on cart \">=2.3\" does not admit cart 2.2.0
  cart      2.3.0 -> 2.2.0  (definition from $(s HEAD~2))  named
Nothing was changed (--dry-run)."

info "--to an older VersionSet drags a dependency too"
run rollback cart --from HEAD --to HEAD~5 --dry-run
expect_rc 0
expect_out "Rollback preview from $(s HEAD) (HEAD): 4 services move, dependents first:
  web       2.0.0 -> 1.9.0  (definition from $(s HEAD~2))  dragged: web's range on frontend \"^1.4\" does not admit frontend 1.2.0
  frontend  1.4.2 -> 1.2.0  (definition from $(s HEAD~3))  dragged: frontend's range on cart \">=2.3\" does not admit cart 2.1.0
  cart      2.3.0 -> 2.1.0  (definition from $(s HEAD~5))  named
  redis     7.2.4 -> 7.0.0  (definition from $(s HEAD~5))  dragged: cart's range on redis \"<7.2\" does not admit redis 7.2.4
Nothing was changed (--dry-run)."

info "json"
run rollback frontend --from HEAD -o json --dry-run
expect_rc 0
python3 - "$TMP/out" "$(git rev-parse HEAD~2)" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["consistent"] is True
moves = [(m["service"], m["from"], m["to"], m["named"]) for m in d["moves"]]
assert moves == [("web", "2.0.0", "1.9.0", False), ("frontend", "1.4.2", "1.3.0", True)], moves
assert d["moves"][0]["forcedBy"] == [{"dependent": "web", "dependency": "frontend", "range": "^1.4", "version": "1.3.0"}], d["moves"][0]
assert d["moves"][1]["commit"] == sys.argv[2]
PY

info "no consistent VersionSet: nothing proposed, exit 8"
arch 7.2.4 2.3.0 ">=7" 1.4.2 ">=2.3" 2.0.0 "^1.4" 1.0.0
commit "auth"
run rollback redis --from HEAD --dry-run
expect_rc 8
expect_err "vsctl rollback: no rollback proposed: no consistent VersionSet has redis at 7.0.0: every combination of the versions in history breaks a dependency range
  auth 1.0.0 needs redis \">=7.2\", and redis is named to go to 7.0.0 (auth cannot stay at 1.0.0)
Nothing was changed."
run rollback redis --from HEAD --dry-run -o json
expect_rc 8
expect_out_has '"consistent": false'

info "what cannot be rolled back, and usage"
run rollback auth --from HEAD --dry-run
expect_rc 8
expect_err "vsctl rollback: auth has had version 1.0.0 in every VersionSet of the history of $(s HEAD) (HEAD): there is nothing to roll it back to (name a revision with --to REV)"
run rollback carts --from HEAD --dry-run
expect_rc 2
expect_err 'vsctl rollback: there is no service "carts" at '"$(s HEAD)"' (HEAD) (did you mean "cart"?)'
run rollback cart --from HEAD
expect_rc 2
run rollback cart --from nope --dry-run
expect_rc 4
info ok
