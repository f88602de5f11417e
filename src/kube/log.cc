#include "kube/log.h"

#include <cstdio>
#include <string>

namespace vsctl::kube {

LogSink stderr_sink() {
  return [](std::string_view line) {
    std::string s(line);
    s += '\n';
    std::fwrite(s.data(), 1, s.size(), stderr);
  };
}

}  // namespace vsctl::kube
