#include "cli/workspace.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "cli/git_workspace.h"
#include "manifest/document.h"
#include "util/file.h"
#include "util/strings.h"

namespace fs = std::filesystem;

namespace vsctl::cli {

namespace {

util::Result<std::string> read_file(const fs::path& p, std::size_t max_bytes) { return util::read_bounded(p.string(), max_bytes); }

// Whether `rel` under `root`, every symbolic link on the way followed, stays inside `root` and
// out of its .git directory (which is no content of the repository: it may hold credentials).
bool stays_inside(const fs::path& root, const std::string& rel) {
  std::error_code ec;
  fs::path p = fs::weakly_canonical(root / rel, ec);
  if (ec) return false;
  fs::path canon_root = fs::weakly_canonical(root, ec);
  if (ec) return false;
  auto r = p.lexically_relative(canon_root);
  return !r.empty() && *r.begin() != ".." && *r.begin() != ".git";
}

}  // namespace

std::string Workspace::manifest_dir() const {
  auto pos = manifest_path.rfind('/');
  return pos == std::string::npos ? std::string() : manifest_path.substr(0, pos);
}

util::Result<Workspace> find_workspace(const Globals& g) {
  std::error_code ec;
  fs::path start = fs::absolute(g.dir.empty() ? "." : g.dir, ec);
  if (ec || !fs::is_directory(start))
    return util::fail(util::ErrorKind::Usage, "-C " + util::quote(g.dir) + ": no such directory");
  start = fs::weakly_canonical(start, ec);
  Workspace ws;
  fs::path root = start;
  for (fs::path p = start;; p = p.parent_path()) {
    if (fs::exists(p / ".git", ec)) {
      root = p;
      ws.in_git = true;
      break;
    }
    if (p == p.parent_path()) break;
  }
  ws.root = root.string();
  // The path as named, not resolved: a symbolic link on the way is followed only when it stays
  // inside the repository, which load_worktree checks as worktree_reader does.
  fs::path manifest = g.file.empty() ? root / "architecture.yaml" : (start / g.file).lexically_normal();
  auto inside = [&root](const fs::path& p) {
    fs::path r = p.lexically_relative(root);
    return !r.empty() && *r.begin() != ".." ? r : fs::path();
  };
  fs::path rel = inside(manifest);
  if (rel.empty()) rel = inside(fs::weakly_canonical(manifest.parent_path(), ec) / manifest.filename());
  if (rel.empty()) {
    // a manifest outside the repository: its own directory is the root
    ws.root = manifest.parent_path().string();
    ws.in_git = false;
    rel = manifest.filename();
  }
  ws.manifest_path = rel.generic_string();
  return ws;
}

manifest::FileReader worktree_reader(const Workspace& ws, std::size_t max_bytes) {
  return [root = fs::path(ws.root), max_bytes](const std::string& rel) -> util::Result<std::string> {
    if (!stays_inside(root, rel))
      return util::fail(util::ErrorKind::Io, util::quote(rel) + " leads outside the repository (through a symlink?)");
    return read_file(root / rel, max_bytes);
  };
}

util::Result<std::optional<std::string>> read_optional_file(const Workspace& ws, const std::string& rel,
                                                            std::size_t max_bytes) {
  std::error_code ec;
  if (!fs::exists(fs::symlink_status(fs::path(ws.root) / rel, ec))) return std::nullopt;
  auto text = worktree_reader(ws, max_bytes)(rel);
  if (!text) return util::fail(util::ErrorKind::Invalid, rel + ": " + text.error().message);
  return std::move(*text);
}

util::Result<manifest::Loaded> load_worktree(const Workspace& ws, const std::string& env, manifest::ViewVisitor visit) {
  const fs::path path = fs::path(ws.root) / ws.manifest_path;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))  // a pipe (-f <(...)) has no path to check
    return util::fail(util::ErrorKind::Invalid, path.string() + " is " + util::kind_of(st.st_mode) + ", not a regular file");
  if (!stays_inside(ws.root, ws.manifest_path)) {
    // Refused before anything is read: nothing of that file (a credential, the environment) may
    // reach a diagnostic, a caret line or a CI annotation.
    std::error_code ec;
    return util::fail(util::ErrorKind::Invalid,
                      ws.manifest_path + " leads out of " + (ws.in_git ? "the repository's files" : "its directory") +
                          " (to " + util::quote(fs::weakly_canonical(path, ec).string()) +
                          "), and vsctl reads no manifest there: put the manifest itself in the repository (a symbolic "
                          "link is followed only when it stays inside), or name the file with -f");
  }
  auto text = read_file(path, manifest::kMaxManifestBytes);
  if (!text) {
    std::error_code ec;
    bool missing = !fs::exists(path, ec);  // the hint is about where vsctl looks, not a file too large
    return util::fail(util::ErrorKind::Invalid,
                      text.error().message + (missing && ws.manifest_path == "architecture.yaml"
                                                  ? "\nvsctl reads architecture.yaml at the repository root; use -f "
                                                    "FILE for another path, or -C DIR for another repository"
                                                  : ""));
  }
  manifest::LoadRequest req;
  req.source_name = ws.manifest_path;
  req.text = std::move(*text);
  req.manifest_dir = ws.manifest_dir();
  req.read = worktree_reader(ws, 4u << 20);
  req.env = env;
  req.visit = std::move(visit);
  return manifest::load(req);
}

util::Result<manifest::Loaded> load_source(const Globals& g, const std::string& rev, const std::string& env) {
  if (!rev.empty()) {
    VSCTL_TRY(gw, open_git_workspace(g));
    VSCTL_TRY(at, load_git_rev(gw, rev, env));
    return std::move(at.loaded);
  }
  VSCTL_TRY(ws, find_workspace(g));
  return load_worktree(ws, env);
}

}  // namespace vsctl::cli
