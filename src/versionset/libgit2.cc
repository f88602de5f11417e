#include "versionset/libgit2.h"

#include <git2.h>

#include <mutex>

namespace vsctl::versionset {

void init_libgit2() {
  static std::once_flag once;
  std::call_once(once, [] { git_libgit2_init(); });
}

std::string libgit2_error() {
  const git_error* e = git_error_last();
  return e && e->message ? std::string(e->message) : std::string("unknown libgit2 error");
}

}  // namespace vsctl::versionset
