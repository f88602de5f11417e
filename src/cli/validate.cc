#include "cli/app.h"

namespace vsctl::cli {
void add_validate(CLI::App&, Globals&, Registry&) {}
}  // namespace vsctl::cli
