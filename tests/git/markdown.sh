# -o markdown as GitHub and GitLab render it: the output of diff REV1 REV2 (with and without
# --objects) and validate is rendered with cmark-gfm (GitHub's own renderer, with its table
# extension) and the HTML is checked: the summary table, one <details> section per service
# with its code block, no code fence broken by hostile values, Secret values nowhere, the
# 65,536-character cap (a 40-service change fits whole; a huge change is cut between sections
# with a last line saying so).
source "$(dirname "$0")/lib.sh"

if ! command -v cmark-gfm >/dev/null; then
  echo "markdown: cmark-gfm is missing (Debian package cmark-gfm; scripts/test-deps installs it)" >&2
  exit 77
fi
html() { cmark-gfm -e table -e strikethrough -e autolink --unsafe; }
count() { grep -o -- "$1" <<<"$2" | wc -l; }  # PATTERN TEXT: occurrences
limit=65536

# service NAME VERSION: a service with a port, health and environment, as real ones have
service() {
  cat <<YAML
    $1:
      image: registry.example.com/shop/$1
      version: $2
      instances: { min: 2, max: 2 }
      ports: [ { name: http, port: 8080 } ]
      health: { http: { path: /ready, port: 8080 } }
      env: { LOG_LEVEL: info, PEER: $1-peer:8080 }
YAML
}
many() {  # N VERSION [VALUE]: architecture.yaml with N services; cart's objects file with VALUE
  {
    printf 'apiVersion: vsctl.dev/v1\nkind: Architecture\nmetadata: { name: shop }\nspec:\n  namespace: shop\n  services:\n'
    for ((i = 1; i <= $1; i++)); do service "svc-$(printf %03d "$i")" "$2"; done
  } >architecture.yaml
}

# --- the review of a change: hostile values, a Secret, a removed and an added service
new_repo "$TMP/repo"
mkdir k8s
secret() {  # PASSWORD NOTE
  cat >k8s/cart.yaml <<YAML
apiVersion: v1
kind: Secret
metadata: { name: cart-db }
stringData: { password: $1 }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: cart-config }
data:
  note: |
    $2
    \`\`\`\`\`\`
    </details></code></pre>
    | a | b |
YAML
}
secret hunter2-before plain
shop 2.2.0 7.2.4
sed -i 's|      image: registry.example.com/shop/cart|&\n      objects: [ k8s/cart.yaml ]|' architecture.yaml
commit "one"
secret hunter2-after '```'
shop 2.2.1 7.2.4 '>=2.2.0 <3.0.0' "    mailer: { image: registry.example.com/shop/mailer, version: 0.1.0 }"
sed -i 's|      image: registry.example.com/shop/cart|&\n      objects: [ k8s/cart.yaml ]|' architecture.yaml
commit "two"

run diff HEAD~1 HEAD --objects -o markdown
expect_rc 1
md=$OUT
[[ $md != *hunter2* ]] || fail "a Secret value is in the Markdown: $md"
page=$(html <<<"$md")
[[ $page != *hunter2* ]] || fail "a Secret value is in the HTML"
[[ $page == *"<th>Service</th>"*"<th>Change</th>"*"<th>Detail</th>"* ]] || fail "no summary table: $page"
[[ $page == *"<td>cart</td>"*"<td>mailer</td>"* ]] || fail "the table lacks cart or mailer: $page"
# the table comes before the first section
[[ ${page%%<details>*} == *"<table>"* ]] || fail "the summary table is not first: $page"
sections=$(count '<details>' "$page")
[[ $sections == 2 ]] || fail "expected a section for cart and mailer, got $sections: $page"
[[ $(count '</details>' "$page") == 2 ]] || fail "a value closed a section: $page"
[[ $(count '<pre><code class="language-diff">' "$page") == 2 ]] || fail "expected one diff block per section: $page"
# the hostile lines are code: escaped inside the block, never markup
[[ $page == *'&lt;/details&gt;&lt;/code&gt;&lt;/pre&gt;'* ]] || fail "the hostile value is not shown as code: $page"
[[ $(count '</code></pre>' "$page") == 2 ]] || fail "a fence was broken: $page"
[[ $page == *'password: &quot;*** (after) '* ]] || fail "the changed password is not masked: $page"
info "diff --objects: table, 2 sections, hostile values kept in their blocks, Secret masked"

run diff HEAD~1 HEAD -o markdown
expect_rc 1
[[ $OUT != *hunter2* ]] || fail "a Secret value is in the field diff's Markdown: $OUT"
page=$(html <<<"$OUT")
[[ $page == *"<th>Service</th>"*"<th>Change</th>"*"<th>Version</th>"* ]] || fail "no summary table: $page"
[[ $(count '<details>' "$page") == 2 && $(count '</details>' "$page") == 2 ]] || fail "not one section per service: $page"
[[ $(count '<th>Field</th>' "$page") == 1 ]] || fail "cart's fields are not a table: $page"
info "diff REV1 REV2: table and sections"

# validate: a hostile version is an error echoed with its line, inside an unbroken block
sed -i 's|version: 0.1.0 }|version: "````x`` </details>" }|' architecture.yaml
run validate -o markdown
expect_rc 3
page=$(html <<<"$OUT")
[[ $page == *"<strong>Invalid:</strong>"* ]] || fail "invalid is not called out: $page"
[[ ${page%%<table>*} == *"Invalid:"* ]] || fail "invalid is not called out before the table"
[[ $page == *"<th>Result</th>"* && $page == *"<td>invalid</td>"* ]] || fail "no result table: $page"
[[ $(count '<details open>' "$page") == 1 && $(count '</details>' "$page") == 1 ]] || fail "not one open section for mailer: $page"
[[ $page == *"<summary><b>mailer</b>: "* ]] || fail "the section is not mailer's: $page"
[[ $(count '</code></pre>' "$page") == 1 && $page == *'&lt;/details&gt;'* ]] || fail "the hostile version broke the block: $page"
# a line that starts with backticks, echoed under its error, cannot close the block it is in
printf '````\n</details>\n' >>architecture.yaml
run validate -o markdown
expect_rc 3
[[ $OUT == *$'\n`````\narchitecture.yaml:'* ]] || fail "the fence is not longer than the echoed backticks: $OUT"
page=$(html <<<"$OUT")
[[ $(count '</code></pre>' "$page") == 1 && $(count '</details>' "$page") == 1 ]] || fail "the echoed line broke the block: $page"
[[ $page == *$'  ````\n'* ]] || fail "the echoed line is not in the block: $page"
git checkout -q -- architecture.yaml
info "validate: invalid called out, one open section, hostile lines kept in their blocks"

# --- 40 services, every one changed: under the cap, whole
new_repo "$TMP/forty"
many 40 1.0.0
commit "forty"
many 40 1.1.0
commit "forty, all updated"
run diff HEAD~1 HEAD --objects -o markdown
expect_rc 1
size=${#OUT}
((size < limit)) || fail "40 changed services make $size characters, over $limit"
[[ $OUT != *"Cut to fit"* ]] || fail "40 services were cut"
page=$(html <<<"$OUT")
[[ $(count '<details>' "$page") == 40 && $(count '</details>' "$page") == 40 ]] || fail "not 40 sections"
[[ $(count '<tr>' "$page") == 41 ]] || fail "the table has not 40 rows and a header"
info "40 services updated: $size characters, 40 sections"

# --- a huge change: cut between sections, under the cap, saying what is missing
many 400 2.0.0
commit "four hundred"
run diff HEAD~1 HEAD --objects -o markdown
expect_rc 1
size=${#OUT}
((size <= limit)) || fail "the huge change is $size characters, over $limit"
last=$(tail -n 1 <<<"$OUT")
[[ $last =~ ^\*\*Cut\ to\ fit\ 65,536\ characters:\*\*\ ([0-9,]+)\ of\ 400\ services\ are\ not\ shown\;\ \`vsctl\ diff\ HEAD~1\ HEAD\ --objects\`\ shows\ them\ all\.$ ]] ||
  fail "the last line does not say what was cut: $last"
left=${BASH_REMATCH[1]}
page=$(html <<<"$OUT")
shown=$(count '<details>' "$page")
[[ $(count '</details>' "$page") == "$shown" ]] || fail "a section was cut inside"
((shown + left == 400)) || fail "$shown sections shown and $left left out do not make 400"
((shown > 0)) || fail "no section shown"
[[ $(count '<pre><code' "$page") == "$(count '</code></pre>' "$page")" ]] || fail "a code block was cut"
info "400 services: $size characters, $shown sections, $left left out and said so"
