#include "cli/workspace.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/git_workspace.h"
#include "manifest/document.h"
#include "util/strings.h"

namespace fs = std::filesystem;

namespace vsctl::cli {

namespace {

util::Result<std::string> read_file(const fs::path& p, std::size_t max_bytes) {
  std::error_code ec;
  auto st = fs::status(p, ec);
  if (ec || !fs::exists(st)) return util::fail(util::ErrorKind::Io, "no such file: " + p.string());
  if (!fs::is_regular_file(st)) return util::fail(util::ErrorKind::Io, p.string() + " is not a regular file");
  auto size = fs::file_size(p, ec);
  if (!ec && size > max_bytes)
    return util::fail(util::ErrorKind::Io, p.string() + " has " + std::to_string(size) + " bytes, more than the limit of " +
                                               std::to_string(max_bytes));
  std::ifstream in(p, std::ios::binary);
  if (!in) return util::fail(util::ErrorKind::Io, "cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
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
  fs::path manifest = g.file.empty() ? root / "architecture.yaml" : fs::absolute(start / g.file, ec);
  manifest = fs::weakly_canonical(manifest, ec);
  fs::path rel = manifest.lexically_relative(root);
  if (rel.empty() || *rel.begin() == "..") {
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
    std::error_code ec;
    fs::path p = fs::weakly_canonical(root / rel, ec);
    fs::path canon_root = fs::weakly_canonical(root, ec);
    auto r = p.lexically_relative(canon_root);
    if (ec || r.empty() || *r.begin() == "..")
      return util::fail(util::ErrorKind::Io, util::quote(rel) + " leads outside the repository (through a symlink?)");
    return read_file(p, max_bytes);
  };
}

util::Result<manifest::Loaded> load_worktree(const Workspace& ws, const std::string& env) {
  const fs::path path = fs::path(ws.root) / ws.manifest_path;
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
