#include "versionset/libgit2.h"

#include <git2.h>

#include <mutex>

namespace vsctl::versionset {

namespace {
constexpr long kObjectCacheBytes = 2L << 20;
}  // namespace

void init_libgit2() {
  static std::once_flag once;
  std::call_once(once, [] {
    git_libgit2_init();
    // libgit2 keeps every commit and tree it reads in a per-repository cache of up to 256 MiB.
    // vsctl reads each of them once per walk (log, rollback, validate --base), so the cache
    // only grows: over 10,000 commits it held 7 MB at the peak of a cold `vsctl log`.
    git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, static_cast<ssize_t>(kObjectCacheBytes));
  });
}

std::string libgit2_error() {
  const git_error* e = git_error_last();
  return e && e->message ? std::string(e->message) : std::string("unknown libgit2 error");
}

}  // namespace vsctl::versionset
