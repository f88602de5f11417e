#include "versionset/remote.h"

#include <git2.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>

#include "util/hash.h"
#include "versionset/libgit2.h"

namespace fs = std::filesystem;

namespace vsctl::versionset {

namespace {

// The user:password@ part of a URL, "" when there is none.
std::string userinfo(const std::string& url) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return {};
  auto end = url.find('/', scheme + 3);
  auto at = url.rfind('@', end == std::string::npos ? std::string::npos : end);
  return at == std::string::npos || at < scheme + 3 ? std::string() : url.substr(scheme + 3, at - scheme - 3);
}

// libgit2's message with any credentials of the URL taken out.
std::string scrubbed_error(const std::string& url) {
  std::string text = libgit2_error(), secret = userinfo(url);
  if (secret.empty()) return text;
  for (auto p = text.find(secret); p != std::string::npos; p = text.find(secret, p)) text.replace(p, secret.size(), "***");
  return text;
}

}  // namespace

bool is_remote(const std::string& repo) {
  if (repo.find("://") != std::string::npos) return true;
  // scp-like "user@host:path" (not a local path with a colon after a slash)
  auto at = repo.find('@'), colon = repo.find(':'), slash = repo.find('/');
  return at != std::string::npos && colon != std::string::npos && at < colon && (slash == std::string::npos || colon < slash);
}

std::string cache_path(const std::string& cache_root, const std::string& url) {
  return (fs::path(cache_root) / (util::sha256_hex(url).substr(0, 16) + ".git")).string();
}

std::string default_cache_root() {
  if (const char* x = std::getenv("XDG_CACHE_HOME"); x && *x) return (fs::path(x) / "vsctl" / "reconcile").string();
  if (const char* h = std::getenv("HOME"); h && *h) return (fs::path(h) / ".cache" / "vsctl" / "reconcile").string();
  return (fs::temp_directory_path() / "vsctl-reconcile").string();
}

std::string redact_url(const std::string& url) {
  std::string secret = userinfo(url);
  if (secret.empty()) return url;
  auto start = url.find("://") + 3;
  return url.substr(0, start) + "***" + url.substr(start + secret.size());
}

util::Result<Checkout> sync(const RepoSpec& spec, const std::string& cache_root) {
  if (!is_remote(spec.repo)) return Checkout{spec.repo, spec.branch};
  init_libgit2();
  const std::string dir = cache_path(cache_root, spec.repo);
  const std::string shown = redact_url(spec.repo);
  std::error_code ec;
  fs::create_directories(cache_root, ec);
  git_repository* raw = nullptr;
  int rc = fs::exists(fs::path(dir) / "HEAD", ec) ? git_repository_open_bare(&raw, dir.c_str())
                                                  : git_repository_init(&raw, dir.c_str(), 1);
  if (rc != 0) return util::fail(util::ErrorKind::Git, "cannot open the cache repository " + dir + ": " + libgit2_error());
  std::unique_ptr<git_repository, decltype(&git_repository_free)> repo(raw, git_repository_free);
  git_remote* rraw = nullptr;
  if (git_remote_create_anonymous(&rraw, repo.get(), spec.repo.c_str()) != 0)
    return util::fail(util::ErrorKind::Git, "bad repository URL " + shown + ": " + scrubbed_error(spec.repo));
  std::unique_ptr<git_remote, decltype(&git_remote_free)> remote(rraw, git_remote_free);
  const std::string local_ref = "refs/remotes/origin/" + spec.branch;
  std::string refspec = "+refs/heads/" + spec.branch + ":" + local_ref;
  char* specs[1] = {refspec.data()};
  git_strarray refspecs{specs, 1};
  git_fetch_options fo = GIT_FETCH_OPTIONS_INIT;
  fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
  fo.update_fetchhead = 0;
  if (git_remote_fetch(remote.get(), &refspecs, &fo, "vsctl reconcile: fetch") != 0)
    return util::fail(util::ErrorKind::Git, "cannot fetch branch " + spec.branch + " from " + shown + ": " + scrubbed_error(spec.repo));
  git_reference* ref = nullptr;
  if (git_reference_lookup(&ref, repo.get(), local_ref.c_str()) != 0)
    return util::fail(util::ErrorKind::Git, shown + " has no branch " + spec.branch);
  git_reference_free(ref);
  return Checkout{dir, local_ref};
}

}  // namespace vsctl::versionset
