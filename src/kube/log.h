#pragma once
// Where the client's log lines go, and how much of them. Levels follow kubectl's -v:
//   >= 2 retries and their reasons, >= 6 each request line and status, >= 7 headers,
//   >= 8 bodies. Credentials and Secret payloads are redacted at every level.
#include <functional>
#include <string_view>

namespace vsctl::kube {

using LogSink = std::function<void(std::string_view line)>;

// Writes each line to stderr (a newline is added).
LogSink stderr_sink();

struct Logger {
  int verbosity = 0;
  LogSink sink = stderr_sink();

  bool enabled(int level) const { return verbosity >= level && sink; }
  void log(int level, std::string_view line) const {
    if (enabled(level)) sink(line);
  }
  // Always shown (warnings the user must see, such as insecure-skip-tls-verify).
  void warn(std::string_view line) const {
    if (sink) sink(line);
  }
};

}  // namespace vsctl::kube
