#include "cli/git_workspace.h"

#include <malloc.h>

#include <filesystem>

#include "cli/output.h"
#include "cli/workspace.h"
#include "util/strings.h"
#include "version.h"
#include "versionset/tree_files.h"

namespace fs = std::filesystem;

namespace vsctl::cli {

util::Result<GitWorkspace> open_git_workspace(const Globals& g) {
  std::error_code ec;
  fs::path start = fs::absolute(g.dir.empty() ? "." : g.dir, ec);
  if (ec || !fs::is_directory(start))
    return util::fail(util::ErrorKind::Usage, "-C " + util::quote(g.dir) + ": no such directory");
  VSCTL_TRY(src, versionset::GitSource::open(start.string()));
  GitWorkspace gw;
  const std::string& workdir = src->paths().workdir;
  if (workdir.empty()) {
    // bare: -f is relative to the repository root
    auto p = versionset::normalize_repo_path(g.file.empty() ? "architecture.yaml" : g.file);
    if (!p) return util::fail(util::ErrorKind::Usage, "-f " + util::quote(g.file) + " must stay inside the repository");
    gw.manifest_path = *p;
  } else {
    // Directories resolved, the file itself not: in git a symlinked manifest is refused, never followed.
    fs::path root = fs::weakly_canonical(workdir, ec);
    fs::path manifest = g.file.empty() ? root / "architecture.yaml"
                                       : (fs::weakly_canonical(start, ec) / g.file).lexically_normal();
    fs::path rel = manifest.lexically_relative(root);
    if (rel.empty() || *rel.begin() == "..")
      return util::fail(util::ErrorKind::Usage,
                        "-f " + util::quote(g.file) + " is outside the repository " + util::quote(root.string()));
    gw.manifest_path = rel.generic_string();
  }
  gw.src = std::move(src);
  return gw;
}

util::Result<versionset::LoadedRev> load_git_rev(const GitWorkspace& gw, const std::string& rev, const std::string& env,
                                                 bool allow_missing) {
  versionset::RevRequest req;
  req.rev = rev;
  req.manifest_path = gw.manifest_path;
  req.env = env;
  req.allow_missing = allow_missing;
  return versionset::load_rev(*gw.src, req);
}

util::Result<VersionSetSource> load_versionset(const Globals& g, const std::string& rev, const std::string& env,
                                               manifest::ViewVisitor visit) {
  VersionSetSource v;
  if (rev.empty()) {
    VSCTL_TRY(ws, find_workspace(g));
    VSCTL_TRY(loaded, load_worktree(ws, env, std::move(visit)));
    v.loaded = std::move(loaded);
    v.source = ws.manifest_path;
    return v;
  }
  VSCTL_TRY(gw, open_git_workspace(g));
  versionset::RevRequest req;
  req.rev = rev;
  req.manifest_path = gw.manifest_path;
  req.env = env;
  req.visit = std::move(visit);
  VSCTL_TRY(at, versionset::load_rev(*gw.src, req));
  v.loaded = std::move(at.loaded);
  v.source = at.commit.id.short_hex() + ":" + gw.manifest_path;
  v.commit = std::move(at.commit);
  return v;
}

namespace {

versionset::StorePaths cache_files(const GitWorkspace& gw, const std::string& env) {
  std::string dir = gw.src->cache_dir();
  return dir.empty() ? versionset::StorePaths{} : versionset::store_paths(dir, gw.manifest_path, env);
}

}  // namespace

CachedHistory::CachedHistory(GitWorkspace& gw, const std::string& env)
    : paths_(cache_files(gw, env)),
      key_(std::string("vsctl ") + VSCTL_VERSION + "\n" + gw.manifest_path + "\n" + env),
      store_(paths_.commits.empty() ? versionset::Store{} : versionset::load_store(paths_, key_)),
      reader_(*gw.src, store_, gw.manifest_path, env) {
  // A walk the cache does not cover reads blobs ahead on a second thread (BlobPrefetcher), whose
  // allocations would get a malloc arena of their own and be freed by this thread: over 10,000
  // commits that arena's fragments were 7 MB of the peak (cold log 96 MiB against 89 MiB with
  // one arena, cold rollback preview 92 to 97 against 89, for about 5% more CPU time). Set
  // before any walk starts that thread; it holds for the rest of the process (a rollback's
  // apply after it runs a few mostly waiting threads).
  mallopt(M_ARENA_MAX, 1);
}

void CachedHistory::save() {
  if (paths_.commits.empty()) return;
  for (const auto& f : store_.damaged)
    std::fprintf(stderr, "vsctl: the history cache %s failed its checksum: not used; rebuilt from git\n", f.c_str());
  store_.damaged.clear();
  if (!versionset::save_store(paths_, key_, store_) && Output::verbosity() > 0)
    std::fprintf(stderr, "vsctl: could not write the VersionSet cache %s (going on without it)\n", paths_.commits.c_str());
}

}  // namespace vsctl::cli
