#pragma once
// libgit2 set up once per process, and the text of its last error: what every file of this
// folder that opens a repository needs (libgit2 is used from src/versionset only).
#include <string>

namespace vsctl::versionset {

// git_libgit2_init, once (never shut down: handles may outlive any one caller).
void init_libgit2();

// The message of libgit2's last error on this thread, or "unknown libgit2 error".
std::string libgit2_error();

}  // namespace vsctl::versionset
