#!/usr/bin/env bash
# VersionSet history benchmarks, side by side with git (hyperfine):
#   - vsctl log, cold (no cache under .git/vsctl/) and warm, against
#     git log --format=%H -- architecture.yaml;
#   - the offline rollback preview (history candidates + closure): an everyday case, and one
#     service rolled back to the first commit, which drags most of the architecture;
#   - validate HEAD --base HEAD~100.
# The history (10,000 commits, 200 services) is generated once into bench/out/git-history.
#
#   bench/git/run.sh [path/to/vsctl]      (default: build/src/vsctl)
# Results: bench/out/git-*.md (hyperfine's markdown) and a summary on stdout.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
vsctl=$(realpath "${1:-$root/build/src/vsctl}")
out=$root/bench/out
repo=$out/git-history
mkdir -p "$out"
[[ -x "$vsctl" ]] || { echo "no vsctl at $vsctl (build it, or pass its path)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "hyperfine is needed" >&2; exit 2; }
if [[ ! -d "$repo/.git" ]]; then
  echo "generating $repo (10,000 commits, 200 services)..." >&2
  python3 "$here/gen_history.py" "$repo" --commits 10000 --services 200
fi
cd "$repo"
echo "history: $(git rev-list --count HEAD) commits, $(git rev-list --count HEAD -- architecture.yaml) touch architecture.yaml," \
  "$(wc -c <architecture.yaml) bytes, $(grep -c '^    svc' architecture.yaml) services; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"

# rollback cases: the service of the newest minor release that dependents followed (rolling it
# back drags them), and svc000 back to the first commit (drags most of the architecture)
svc=$(git log -1 --grep='needs it' --format=%s | sed -E 's/^VersionSet [0-9]+: (svc[0-9]+) .*/\1/')
root_commit=$(git rev-list --max-parents=0 HEAD)

hyperfine -N --runs 5 --prepare 'rm -rf .git/vsctl' --export-markdown "$out/git-log-cold.md" \
  -n 'vsctl log (cold: no cache)' "$vsctl log" \
  -n 'git log --format=%H -- architecture.yaml' 'git log --format=%H -- architecture.yaml'
"$vsctl" log >/dev/null  # fill the cache
hyperfine -N --warmup 3 --runs 20 --export-markdown "$out/git-log-warm.md" \
  -n 'vsctl log (warm)' "$vsctl log" \
  -n 'git log --format=%H -- architecture.yaml' 'git log --format=%H -- architecture.yaml'
hyperfine -N --warmup 2 --runs 10 --export-markdown "$out/git-rollback.md" \
  -n "vsctl rollback $svc --from HEAD --dry-run" "$vsctl rollback $svc --from HEAD --dry-run" \
  -n "vsctl rollback svc000 --from HEAD --to <first commit> --dry-run" \
  "$vsctl rollback svc000 --from HEAD --to $root_commit --dry-run"
hyperfine -N --warmup 2 --runs 10 --export-markdown "$out/git-validate-base.md" \
  -n 'vsctl validate HEAD --base HEAD~100' "$vsctl validate HEAD --base HEAD~100" \
  -n 'vsctl validate HEAD' "$vsctl validate HEAD"

echo
echo "rollback of $svc (-v: time for candidates and closure):"
"$vsctl" -v rollback "$svc" --from HEAD --dry-run
echo "rollback of svc000 to the first commit:"
"$vsctl" -v rollback svc000 --from HEAD --to "$root_commit" --dry-run | head -3
echo
cat "$out"/git-log-cold.md "$out"/git-log-warm.md "$out"/git-rollback.md "$out"/git-validate-base.md
