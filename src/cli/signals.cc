#include "cli/signals.h"

#include <csignal>
#include <unistd.h>

namespace vsctl::cli {

namespace {
std::atomic<bool> g_interrupted{false};

extern "C" void on_signal(int) {
  if (g_interrupted.exchange(true)) _exit(130);
  const char msg[] = "\nvsctl: interrupted: starting nothing new, recording where it stopped (again to quit at once)\n";
  (void)!write(2, msg, sizeof msg - 1);
}

extern "C" void on_file_size_limit(int) {}
}  // namespace

const std::atomic<bool>& interrupt_flag() {
  static bool installed = [] {
    struct sigaction sa {};
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    return true;
  }();
  (void)installed;
  return g_interrupted;
}

void catch_file_size_limit() {
  struct sigaction sa {};
  sa.sa_handler = on_file_size_limit;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGXFSZ, &sa, nullptr);
}

}  // namespace vsctl::cli
