#pragma once
// SIGINT and SIGTERM as a flag: a run that is converging starts nothing new, records where it
// stopped and exits 130. A second signal exits at once.
#include <atomic>

namespace vsctl::cli {

// Installs the handlers (once) and returns the flag they set.
const std::atomic<bool>& interrupt_flag();

// SIGXFSZ caught rather than left to its default, which kills vsctl without a word: a write
// past the file-size limit (ulimit -f) then fails with EFBIG and is reported like any failed
// write. A handler, not SIG_IGN, so that the programs vsctl starts get the default back.
void catch_file_size_limit();

}  // namespace vsctl::cli
