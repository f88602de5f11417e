#pragma once
// Reading a whole file that someone else named, safely: opened without blocking, checked once
// open (so what is read is what was checked), refused when it is a directory, a device or a
// socket, and never read past a size limit (a file whose size says 0, as in /proc, is counted as
// it is read). A pipe is refused unless the caller accepts one (`--kubeconfig <(...)`).
#include <sys/types.h>

#include <cstddef>
#include <string>

#include "util/error.h"

namespace vsctl::util {

enum class Pipes { Refuse, Accept };

// What a file that is not a regular one is, for messages: "a directory", "a pipe", "a device", ...
const char* kind_of(mode_t mode);

// ErrorKind::Io, naming the path and what is wrong ("no such file: P", "P is a device, not a
// regular file", "P has N bytes, more than the limit of M").
Result<std::string> read_bounded(const std::string& path, std::size_t max_bytes, Pipes pipes = Pipes::Refuse);

}  // namespace vsctl::util
