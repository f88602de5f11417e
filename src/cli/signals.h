#pragma once
// SIGINT and SIGTERM as a flag: a run that is converging starts nothing new, records where it
// stopped and exits 130. A second signal exits at once.
#include <atomic>

namespace vsctl::cli {

// Installs the handlers (once) and returns the flag they set.
const std::atomic<bool>& interrupt_flag();

}  // namespace vsctl::cli
